import { expect } from "chai";
import { allowedRegistries, fromAllowedRegistry, imagePinned, imagePinnedDigest, PRIVATE_ECR } from "../../../policy-packs/kubernetes-baseline/policies/images";
import type { PolicyRun } from "../../support/policy";
import { C0, checkOf, deployment, restrictedContainer, run, withContainer } from "./fixtures";

/**
 * Image rules one condition at a time (issue #15): tag, digest and latest each on their own and
 * together, every container group, patches, images unknown until apply (undecided, never a pass),
 * and each part of the private ECR pattern and of a configured prefix. images.test.ts describes
 * the rules.
 */

const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const DIGEST = `sha256:${"a".repeat(64)}`;
const INIT = "container spec.template.spec.initContainers[0] (init)";
const EPHEMERAL = "container spec.template.spec.ephemeralContainers[0] (debug)";
const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

function undecided(r: PolicyRun, path: string): void {
    expect(r.outcome).to.equal("unknown");
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.include(`value at ${path} can't be known during preview`);
}

/** A Deployment whose init and ephemeral containers use the given images. */
const groups = (init: unknown, ephemeral: unknown) =>
    deployment((_d, pod) => {
        pod.initContainers = [{ ...restrictedContainer("init"), image: init }];
        pod.ephemeralContainers = [{ name: "debug", image: ephemeral }];
    });

describe("image-pinned, condition by condition", () => {
    const pinned = async (image: unknown) => (await run(imagePinned, withContainer((c) => (c.image = image)))).reported;

    it("passes a digest whatever the tag, latest included", async () => {
        expect(await pinned(`nginx:latest@${DIGEST}`)).to.deep.equal([]);
        expect(await pinned(`nginx@${DIGEST}`)).to.deep.equal([]);
        expect(await pinned(`${ECR}/api:@${DIGEST}`)).to.deep.equal([]);
    });
    it("passes a version tag, and a tag that only looks like latest", async () => {
        expect(await pinned("nginx:1.27")).to.deep.equal([]);
        expect(await pinned("nginx:Latest")).to.deep.equal([]);
        expect(await pinned("nginx:latest-1")).to.deep.equal([]);
    });
    it("rejects an empty tag or an empty digest as no pin, naming the repository with and without a registry", async () => {
        expect(await pinned("nginx:")).to.deep.equal([`${C0} image nginx: must carry a version tag or a digest; use nginx:<version> or nginx@sha256:<digest>.`]);
        expect(await pinned(`${ECR}/team/api@`)).to.deep.equal([`${C0} image ${ECR}/team/api@ must carry a version tag or a digest; use ${ECR}/team/api:<version> or ${ECR}/team/api@sha256:<digest>.`]);
        expect(await pinned("nginx:latest@")).to.deep.equal([`${C0} image nginx:latest@ must not use the latest tag; pin a version tag or a digest.`]);
    });
    it("checks init and ephemeral containers too", async () => {
        expect((await run(imagePinned, groups("busybox:latest", "busybox"))).reported).to.deep.equal([
            `${INIT} image busybox:latest must not use the latest tag; pin a version tag or a digest.`,
            `${EPHEMERAL} image busybox must carry a version tag or a digest; use busybox:<version> or busybox@sha256:<digest>.`,
        ]);
    });
    it("asks for an image on a full object only: not on a patch, not when the image is not a string", async () => {
        const patch = { type: "kubernetes:apps/v1:DeploymentPatch", name: "api", inputs: { metadata: { name: "api" }, spec: { template: { spec: { containers: [{ name: "app" }] } } } } };
        expect((await run(imagePinned, patch)).messages).to.deep.equal([]);
        expect((await run(imagePinned, { ...patch, inputs: { ...patch.inputs, spec: { template: { spec: { containers: [{ name: "app", image: "nginx" }] } } } } })).reported).to.have.length(1);
        expect(await pinned(5)).to.deep.equal([]);
    });
    it("can't decide before apply on an unknown image, and does not read it as unset", async () => {
        undecided(await run(imagePinned, withContainer((c) => (c.image = "<computed>"))), ".spec.template.spec.containers.0.image");
    });
    it("can't decide before apply when a container list is unknown", async () => {
        undecided(await run(imagePinned, deployment((_d, pod) => (pod.initContainers = "<computed>"))), ".spec.template.spec.initContainers");
    });
    it("is not applicable to kinds without a pod spec", async () => {
        expect((await run(imagePinned, { type: "kubernetes:core/v1:Service", inputs: {} })).outcome).to.equal("notApplicable");
    });
});

describe("image-pinned-digest, condition by condition", () => {
    it("reports each container group without a digest", async () => {
        expect((await run(imagePinnedDigest, groups(`busybox:1@${DIGEST}`, "localhost:5000/debug:1"))).reported).to.deep.equal([
            `${EPHEMERAL} image localhost:5000/debug:1 must be pinned by digest; use localhost:5000/debug@sha256:<digest>.`,
        ]);
    });
    it("reports an empty digest", async () => {
        expect((await run(imagePinnedDigest, withContainer((c) => (c.image = "nginx:1@")))).reported).to.deep.equal([`${C0} image nginx:1@ must be pinned by digest; use nginx@sha256:<digest>.`]);
    });
    it("can't decide before apply on an unknown image", async () => {
        undecided(await run(imagePinnedDigest, withContainer((c) => (c.image = "<computed>"))), ".spec.template.spec.containers.0.image");
    });
});

describe("allowed-registries, condition by condition", () => {
    const from = async (image: string, config: Record<string, unknown> = {}) => (await run(allowedRegistries, withContainer((c) => (c.image = image)), config)).reported;
    const ecrOnly = (image: string) => `${C0} image ${image} must come from an approved registry; use a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/).`;

    it("reads each part of a private ECR registry host", () => {
        for (const ok of [`${ECR}/x`, "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/x", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x", "000000000000.dkr.ecr.eu-west-1.amazonaws.com/x"]) {
            expect(PRIVATE_ECR.test(ok), ok).to.equal(true);
        }
        for (const bad of [
            "12345678901.dkr.ecr.eu-west-1.amazonaws.com/x",
            "1234567890123.dkr.ecr.eu-west-1.amazonaws.com/x",
            "x123456789012.dkr.ecr.eu-west-1.amazonaws.com/x",
            "12345678901a.dkr.ecr.eu-west-1.amazonaws.com/x",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com:443/x",
            "123456789012.dkr.ecr.EU-west-1.amazonaws.com/x",
            "123456789012.dkr.ecr..amazonaws.com/x",
            "123456789012.dkr.ecr.eu_west_1.amazonaws.com/x",
            "123456789012xdkr.ecr.eu-west-1.amazonaws.com/x",
            "123456789012.dkrxecr.eu-west-1.amazonaws.com/x",
            "123456789012.dkr.ecrxeu-west-1.amazonaws.com/x",
            "123456789012.dkr.ecr.eu-west-1xamazonaws.com/x",
            "123456789012.dkr.ecr.eu-west-1.amazonawsxcom/x",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.comxcn/x",
            "123456789012.dkr.ecr-fipsx.eu-west-1.amazonaws.com/x",
            "public.ecr.aws/x",
        ]) {
            expect(PRIVATE_ECR.test(bad), bad).to.equal(false);
        }
    });
    it("matches a configured prefix with or without its slash, on the image as written or its canonical name", () => {
        expect(fromAllowedRegistry("registry.k8s.io/pause:3", ["registry.k8s.io/"])).to.equal(true);
        expect(fromAllowedRegistry("registry.k8s.io/pause:3", ["registry.k8s.io"])).to.equal(true);
        expect(fromAllowedRegistry("registry.k8s.iox/pause:3", ["registry.k8s.io"])).to.equal(false);
        expect(fromAllowedRegistry("bitnami/redis:7", ["docker.io/bitnami"])).to.equal(true);
        expect(fromAllowedRegistry("bitnami/redis:7", ["docker.io/library"])).to.equal(false);
        expect(fromAllowedRegistry("nginx:1", ["docker.io/bitnami", "docker.io/library/"])).to.equal(true);
        expect(fromAllowedRegistry(`${ECR}/x:1`, ["registry.k8s.io"])).to.equal(false);
        expect(fromAllowedRegistry(`${ECR}/x:1`, [])).to.equal(true);
        expect(fromAllowedRegistry("nginx:1", [])).to.equal(false);
    });
    it("matches a prefix at the start only", () => {
        expect(fromAllowedRegistry("evil.io/registry.k8s.io/", ["registry.k8s.io"])).to.equal(false);
    });
    it("checks images in kube-system too, for each image rule (no namespace exclusions)", async () => {
        const system = withContainer((c) => (c.image = "nginx"));
        (system.inputs as any).metadata.namespace = "kube-system";
        for (const policy of [imagePinned, imagePinnedDigest, allowedRegistries]) {
            expect((await checkOf(policy, system)).outcome, policy.name).to.equal("fail");
        }
    });
    it("takes the configured prefixes instead of ECR, naming each in the message", async () => {
        expect(await from(`${ECR}/team-a/api:1`, { allowedRegistries: ["registry.k8s.io"] })).to.deep.equal([
            `${C0} image ${ECR}/team-a/api:1 must come from an approved registry; use one of registry.k8s.io.`,
        ]);
        expect(await from("nginx:1", { allowedRegistries: ["a.io", "b.io/x/"] })).to.deep.equal([`${C0} image nginx:1 must come from an approved registry; use one of a.io, b.io/x/.`]);
        expect(await from("ghcr.io/org/x:1")).to.deep.equal([ecrOnly("ghcr.io/org/x:1")]);
        expect(await from("ghcr.io/org/x:1", { allowedRegistries: [] })).to.deep.equal([ecrOnly("ghcr.io/org/x:1")]);
    });
    it("checks init and ephemeral containers, and says nothing of an unset image", async () => {
        expect((await run(allowedRegistries, groups("busybox:1", undefined))).reported).to.deep.equal([
            `${INIT} image busybox:1 must come from an approved registry; use a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/).`,
        ]);
    });
    it("can't decide before apply on an unknown image", async () => {
        undecided(await run(allowedRegistries, withContainer((c) => (c.image = "<computed>"))), ".spec.template.spec.containers.0.image");
    });
});
