import { expect } from "chai";
import { allowedRegistries, fromAllowedRegistry, imagePinned, imagePinnedDigest } from "../../../policy-packs/kubernetes-baseline/policies/images";
import { C0, cronJob, deployment, restrictedContainer, run, TAGGED_IMAGE, withContainer } from "./fixtures";

const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

describe("image-pinned", () => {
    it("passes a version tag with a digest", async () => {
        const r = await run(imagePinned, deployment());
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes a version tag without a digest (digests are image-pinned-digest's rule)", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.image = TAGGED_IMAGE)));
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("takes no settings (requireDigest moved to image-pinned-digest)", () => {
        expect(imagePinned.configSchema?.properties).to.deep.equal({});
    });
    it("passes a digest without a tag", async () => {
        expect((await run(imagePinned, withContainer((c) => (c.image = `${ECR}/team-a/api@sha256:${"a".repeat(64)}`)))).messages).to.deep.equal([]);
    });
    it("rejects an image without a tag or digest", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.image = `${ECR}/team-a/api`)));
        expect(r.reported).to.deep.equal([`${C0} image ${ECR}/team-a/api must carry a version tag or a digest; use ${ECR}/team-a/api:<version> or ${ECR}/team-a/api@sha256:<digest>.`]);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
    });
    it("rejects the latest tag", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.image = "nginx:latest")));
        expect(r.reported).to.deep.equal([`${C0} image nginx:latest must not use the latest tag; pin a version tag or a digest.`]);
    });
    it("does not take a registry port for a tag", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.image = "registry.internal:5000/api")));
        expect(r.reported).to.deep.equal([`${C0} image registry.internal:5000/api must carry a version tag or a digest; use registry.internal:5000/api:<version> or registry.internal:5000/api@sha256:<digest>.`]);
    });
    it("rejects a container without an image", async () => {
        const r = await run(imagePinned, withContainer((c) => delete c.image));
        expect(r.reported).to.deep.equal([`${C0} must set image to a pinned version; use <repository>:<version> or <repository>@sha256:<digest>.`]);
    });
    it("checks init containers and CronJobs", async () => {
        const init = await run(imagePinned, deployment((_d, pod) => (pod.initContainers = [{ ...restrictedContainer("init"), image: "busybox" }])));
        expect(init.reported).to.deep.equal([
            "container spec.template.spec.initContainers[0] (init) image busybox must carry a version tag or a digest; use busybox:<version> or busybox@sha256:<digest>.",
        ]);
        const cron = await run(imagePinned, cronJob((pod) => (pod.containers[0].image = "busybox:latest")));
        expect(cron.reported).to.deep.equal(["container spec.jobTemplate.spec.template.spec.containers[0] (app) image busybox:latest must not use the latest tag; pin a version tag or a digest."]);
    });
    it("never fails as mandatory on an image known only after apply", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.image = "<computed>")));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.messages[0]).to.match(/can't run policy 'image-pinned' .* during preview: string value at \.spec\.template\.spec\.containers\.0\.image can't be known during preview/);
        expect(r.outcome).to.equal("unknown");
    });
    it("still fails a known latest image beside an unknown one", async () => {
        const r = await run(imagePinned, deployment((_d, pod) => {
            pod.containers[0].image = "<computed>";
            pod.containers.push({ ...restrictedContainer("sidecar"), image: "envoy:latest" });
        }));
        expect(r.reported).to.deep.equal(["container spec.template.spec.containers[1] (sidecar) image envoy:latest must not use the latest tag; pin a version tag or a digest."]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("ignores computed values the rule does not read (env)", async () => {
        const r = await run(imagePinned, withContainer((c) => (c.env = [{ name: "BUCKET", value: "<computed>" }])));
        expect(r.outcome).to.equal("pass");
    });
});

describe("image-pinned-digest", () => {
    it("passes an image pinned by digest, with or without a tag", async () => {
        expect((await run(imagePinnedDigest, deployment())).outcome).to.equal("pass");
        const bare = await run(imagePinnedDigest, withContainer((c) => (c.image = `${ECR}/team-a/api@sha256:${"a".repeat(64)}`)));
        expect(bare.messages).to.deep.equal([]);
    });
    it("reports a tag without a digest, as advisory by default", async () => {
        const r = await run(imagePinnedDigest, withContainer((c) => (c.image = TAGGED_IMAGE)));
        expect(r.reported).to.deep.equal([`${C0} image ${TAGGED_IMAGE} must be pinned by digest; use ${ECR}/team-a/api@sha256:<digest>.`]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports latest and untagged images too (no digest), and leaves an unset image to image-pinned", async () => {
        const r = await run(imagePinnedDigest, deployment((_d, pod) => {
            pod.containers[0].image = "nginx:latest";
            pod.initContainers = [{ ...restrictedContainer("init"), image: "busybox" }];
            pod.containers.push({ ...restrictedContainer("sidecar"), image: undefined });
        }));
        expect(r.reported).to.deep.equal([
            `${C0} image nginx:latest must be pinned by digest; use nginx@sha256:<digest>.`,
            "container spec.template.spec.initContainers[0] (init) image busybox must be pinned by digest; use busybox@sha256:<digest>.",
        ]);
    });
    it("is the level the stack's policy config gives it: mandatory when raised", async () => {
        const r = await run(imagePinnedDigest, withContainer((c) => (c.image = TAGGED_IMAGE)), { enforcementLevel: "mandatory" });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("never fails on an image known only after apply", async () => {
        const r = await run(imagePinnedDigest, withContainer((c) => (c.image = "<computed>")));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
});

describe("allowed-registries", () => {
    it("passes a private ECR image by default", async () => {
        expect((await run(allowedRegistries, deployment())).messages).to.deep.equal([]);
    });
    it("rejects Docker Hub by default", async () => {
        const r = await run(allowedRegistries, withContainer((c) => (c.image = "nginx:1.27")));
        expect(r.reported).to.deep.equal([`${C0} image nginx:1.27 must come from an approved registry; use a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/).`]);
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:5.1.4"]);
    });
    it("rejects public ECR by default", async () => {
        const r = await run(allowedRegistries, withContainer((c) => (c.image = "public.ecr.aws/nginx/nginx:1.27")));
        expect(r.reported).to.have.length(1);
    });
    it("takes the prefixes from config, replacing the ECR default", async () => {
        const config = { allowedRegistries: [`${ECR}/team-a`, "registry.k8s.io"] };
        expect((await run(allowedRegistries, deployment(), config)).messages).to.deep.equal([]);
        expect((await run(allowedRegistries, withContainer((c) => (c.image = "registry.k8s.io/pause:3.10")), config)).messages).to.deep.equal([]);
        const other = await run(allowedRegistries, withContainer((c) => (c.image = `${ECR}/team-b/api:1.0.0`)), config);
        expect(other.reported).to.deep.equal([`${C0} image ${ECR}/team-b/api:1.0.0 must come from an approved registry; use one of ${ECR}/team-a, registry.k8s.io.`]);
    });
    it("never fails as mandatory on an image known only after apply", async () => {
        const r = await run(allowedRegistries, withContainer((c) => (c.image = "<computed>")));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("matches whole host and path components", () => {
        expect(fromAllowedRegistry("registry.example.com.attacker.io/x:1", ["registry.example.com"])).to.equal(false);
        expect(fromAllowedRegistry("registry.example.com/x:1", ["registry.example.com"])).to.equal(true);
        expect(fromAllowedRegistry("nginx:1.27", ["docker.io/library/"])).to.equal(true);
        expect(fromAllowedRegistry("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x:1", [])).to.equal(true);
        expect(fromAllowedRegistry("12345.dkr.ecr.eu-west-1.amazonaws.com/x:1", [])).to.equal(false);
        expect(fromAllowedRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io/x:1", [])).to.equal(false);
    });
});
