import { expect } from "chai";
import {
    IMAGE_PROVENANCE_POLICY,
    ImageProvenance,
    ImageProvenanceArgs,
    imageProvenancePolicy,
    KYVERNO,
    KYVERNO_ADMISSION_SERVICE_ACCOUNT,
    PROVENANCE_EXEMPT_NAMESPACES,
    REKOR_URL,
    registryRepositoriesArn,
    validateImageProvenanceArgs,
} from "../../../components/kubernetes";
import { goldenPathSigningIdentity } from "../../../components/registry";
import { declare, doc } from "../../support/harness";

/**
 * Image provenance at admission, proven on the generated ClusterPolicy. The refusals are decided by
 * the policy document's own fields (its pattern, imageReferences, required, verifyDigest,
 * mutateDigest, attestors, failureAction, exclusions), evaluated here with Kyverno's semantics:
 * `*` in patterns and image references matches any run of characters, `?` one; a list pattern
 * applies to every element; `=(key)` applies only when the key is present; a verifyImages rule
 * checks the images its imageReferences select.
 *
 * Limitation: Kyverno itself is not run (no cluster here) and signatures are not verified
 * cryptographically. A signature is modelled as the (issuer, subject) of its Fulcio certificate,
 * which is what the keyless attestor compares once cosign has verified the certificate chain and the
 * Rekor entry; the tests prove which images the policy's fields let through, not Sigstore's crypto.
 */

const REGISTRY = "222222222222.dkr.ecr.eu-west-1.amazonaws.com";
const IDENTITY = goldenPathSigningIdentity("example-org", "platform");
const DIGEST = `sha256:${"a".repeat(64)}`;
const OTHER_DIGEST = `sha256:${"b".repeat(64)}`;

type Policy = ReturnType<typeof imageProvenancePolicy>;
interface Container {
    name: string;
    image: string;
}
interface Pod {
    namespace: string;
    containers: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
}
/** Signatures in the registry, by image digest reference: the (issuer, subject) of each signing certificate. */
type Signatures = Record<string, { issuer: string; subject: string }[]>;

/** Kyverno's wildcard match (github.com/kyverno/pkg/ext/wildcard): `*` any run, `?` one character. */
function wildcard(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

interface Verdict {
    admitted: boolean;
    /** `<rule>: <image>` for every failed check, enforced or audited. */
    failures: string[];
}

/** Evaluates the policy's rules on a pod the way Kyverno's admission webhook decides. */
function admit(policy: Policy, pod: Pod, signatures: Signatures): Verdict {
    const failures: string[] = [];
    let denied = false;
    const lists: Record<string, Container[] | undefined> = { containers: pod.containers, initContainers: pod.initContainers, ephemeralContainers: pod.ephemeralContainers };
    for (const rule of policy.spec.rules as any[]) {
        const excluded = (rule.exclude?.any ?? []).some((e: any) => (e.resources?.namespaces ?? []).includes(pod.namespace));
        const matched = (rule.match?.any ?? []).some((m: any) => m.resources?.kinds?.includes("Pod"));
        if (!matched || excluded) {
            continue;
        }
        if (rule.validate) {
            let ok = true;
            for (const [key, pattern] of Object.entries(rule.validate.pattern.spec as Record<string, { image: string }[]>)) {
                const optional = key.startsWith("=(");
                const list = lists[optional ? key.slice(2, -1) : key];
                if (list === undefined) {
                    ok = ok && optional;
                    continue;
                }
                for (const c of list) {
                    if (!wildcard(pattern[0].image, c.image)) {
                        ok = false;
                        failures.push(`${rule.name}: ${c.image}`);
                    }
                }
            }
            if (!ok && rule.validate.failureAction === "Enforce") {
                denied = true;
            }
        }
        for (const v of rule.verifyImages ?? []) {
            const images = Object.values(lists).flatMap((l) => l ?? []).map((c) => c.image);
            for (const image of images.filter((i) => (v.imageReferences as string[]).some((r) => wildcard(r, i)))) {
                const digest = /@sha256:[0-9a-f]{64}$/.test(image);
                let ok = true;
                if (!digest && v.mutateDigest) {
                    // Kyverno would resolve the tag and rewrite the image to its digest: the tag is then admitted.
                    ok = true;
                } else if (!digest && v.verifyDigest) {
                    ok = false;
                }
                if (ok && v.required) {
                    const sigs = signatures[image] ?? [];
                    ok = (v.attestors as any[]).every((set) => {
                        const passing = (set.entries as any[]).filter((e) => sigs.some((s) => s.issuer === e.keyless.issuer && s.subject === e.keyless.subject)).length;
                        return passing >= (set.count ?? set.entries.length);
                    });
                }
                if (!ok) {
                    failures.push(`${rule.name}: ${image}`);
                    if (v.failureAction === "Enforce") {
                        denied = true;
                    }
                }
            }
        }
    }
    return { admitted: !denied, failures };
}

const prod = imageProvenancePolicy({ registry: REGISTRY, issuer: IDENTITY.issuer, subject: IDENTITY.subject, mode: "enforce" });
const dev = imageProvenancePolicy({ registry: REGISTRY, issuer: IDENTITY.issuer, subject: IDENTITY.subject, mode: "audit" });
const pod = (image: string, extra: Partial<Pod> = {}): Pod => ({ namespace: "payments", containers: [{ name: "app", image }], ...extra });
const SIGNED = `${REGISTRY}/payments/api@${DIGEST}`;
const signatures: Signatures = { [SIGNED]: [IDENTITY] };

describe("image provenance at admission (the generated Kyverno ClusterPolicy)", () => {
    describe("in prod (enforce)", () => {
        it("admits an image of the platform's registry, by digest, signed by the golden path on main", () => {
            expect(admit(prod, pod(SIGNED), signatures)).to.deep.equal({ admitted: true, failures: [] });
        });

        it("refuses an unsigned image", () => {
            const unsigned = `${REGISTRY}/payments/api@${OTHER_DIGEST}`;
            expect(admit(prod, pod(unsigned), signatures)).to.deep.equal({ admitted: false, failures: [`platform-signature: ${unsigned}`] });
        });

        it("refuses an image by tag, even one whose digest is signed", () => {
            const tagged = `${REGISTRY}/payments/api:1.4.2`;
            expect(admit(prod, pod(tagged), { ...signatures, [tagged]: [IDENTITY] })).to.deep.equal({
                admitted: false,
                failures: [`platform-registry-by-digest: ${tagged}`, `platform-signature: ${tagged}`],
            });
        });

        it("refuses an image from another registry, signed or not, by digest or not", () => {
            for (const image of [`docker.io/library/nginx@${DIGEST}`, "nginx:1.27", `333333333333.dkr.ecr.eu-west-1.amazonaws.com/payments/api@${DIGEST}`, `public.ecr.aws/x/y@${DIGEST}`]) {
                const verdict = admit(prod, pod(image), { [image]: [IDENTITY] });
                expect(verdict.admitted, image).to.equal(false);
                expect(verdict.failures, image).to.deep.equal([`platform-registry-by-digest: ${image}`]);
            }
        });

        it("refuses a host that only starts like the registry's", () => {
            const lookalike = `${REGISTRY}.evil.example/payments/api@${DIGEST}`;
            expect(admit(prod, pod(lookalike), { [lookalike]: [IDENTITY] }).admitted).to.equal(false);
        });

        it("refuses a signature from another workflow, branch, repository or issuer", () => {
            const others = [
                { ...IDENTITY, subject: "https://github.com/example-org/platform/.github/workflows/golden-path-build.yml@refs/heads/feature" },
                { ...IDENTITY, subject: "https://github.com/example-org/payments-api/.github/workflows/build.yml@refs/heads/main" },
                { ...IDENTITY, subject: "https://github.com/evil-org/platform/.github/workflows/golden-path-build.yml@refs/heads/main" },
                { issuer: "https://accounts.google.com", subject: IDENTITY.subject },
            ];
            for (const sig of others) {
                expect(admit(prod, pod(SIGNED), { [SIGNED]: [sig] }).admitted, JSON.stringify(sig)).to.equal(false);
            }
        });

        it("judges init and ephemeral containers too", () => {
            const init = pod(SIGNED, { initContainers: [{ name: "init", image: "busybox:1.36" }] });
            expect(admit(prod, init, signatures)).to.deep.equal({ admitted: false, failures: ["platform-registry-by-digest: busybox:1.36"] });
            const debug = pod(SIGNED, { ephemeralContainers: [{ name: "debug", image: `${REGISTRY}/tools/debug@${OTHER_DIGEST}` }] });
            expect(admit(prod, debug, signatures).admitted).to.equal(false);
        });

        it("leaves the platform's own namespaces to their add-ons' upstream images", () => {
            for (const namespace of ["kube-system", "cert-manager", "monitoring", "kyverno"]) {
                expect(admit(prod, { ...pod("quay.io/jetstack/cert-manager-controller:v1.21.2"), namespace }, {}).admitted, namespace).to.equal(true);
            }
            expect(admit(prod, { ...pod("nginx:1.27"), namespace: "default" }, {}).admitted).to.equal(false);
        });
    });

    describe("in dev (audit)", () => {
        it("admits what prod refuses, and reports it", () => {
            const tagged = `${REGISTRY}/platform/hello:1.4.2`;
            expect(admit(dev, pod(tagged), {})).to.deep.equal({ admitted: true, failures: [`platform-registry-by-digest: ${tagged}`, `platform-signature: ${tagged}`] });
            expect(admit(dev, pod("nginx:1.27"), {})).to.deep.equal({ admitted: true, failures: ["platform-registry-by-digest: nginx:1.27"] });
        });
    });

    describe("the fields that make the refusals", () => {
        const rules = prod.spec.rules as any[];
        it("requires a verified signature, a digest, and never rewrites a tag into a digest", () => {
            const v = rules[1].verifyImages[0];
            expect([v.type, v.required, v.verifyDigest, v.mutateDigest, v.failureAction]).to.deep.equal(["Cosign", true, true, false, "Enforce"]);
            expect(v.imageReferences).to.deep.equal([`${REGISTRY}/*`]);
            expect(v.attestors).to.deep.equal([{ count: 1, entries: [{ keyless: { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/example-org/platform/.github/workflows/golden-path-build.yml@refs/heads/main", rekor: { url: REKOR_URL } } }] }]);
            expect(v.imageRegistryCredentials).to.deep.equal({ providers: ["amazon"] });
        });
        it("requires the registry and a digest of every container, init and ephemeral container", () => {
            expect(rules[0].validate.pattern).to.deep.equal({
                spec: {
                    containers: [{ image: `${REGISTRY}/*@sha256:*` }],
                    "=(initContainers)": [{ image: `${REGISTRY}/*@sha256:*` }],
                    "=(ephemeralContainers)": [{ image: `${REGISTRY}/*@sha256:*` }],
                },
            });
            expect(rules[0].validate.failureAction).to.equal("Enforce");
        });
        it("fails closed in enforce mode and open in audit mode; judges at admission only", () => {
            expect([prod.spec.failurePolicy, prod.spec.background, prod.spec.emitWarning]).to.deep.equal(["Fail", false, false]);
            expect([dev.spec.failurePolicy, (dev.spec.rules as any[])[0].validate.failureAction, (dev.spec.rules as any[])[1].verifyImages[0].failureAction, dev.spec.emitWarning]).to.deep.equal([
                "Ignore",
                "Audit",
                "Audit",
                true,
            ]);
        });
        it("exempts exactly the platform's namespaces, not default", () => {
            expect(PROVENANCE_EXEMPT_NAMESPACES).to.deep.equal(["kube-system", "kube-public", "kube-node-lease", "cert-manager", "external-dns", "kyverno", "monitoring", "node-agents"]);
            for (const r of rules) {
                expect(r.exclude).to.deep.equal({ any: [{ resources: { namespaces: [...PROVENANCE_EXEMPT_NAMESPACES] } }] });
            }
        });
    });
});

const ARGS: ImageProvenanceArgs = { clusterName: "platform-prod", accountId: "555555555555", region: "eu-west-1", registry: REGISTRY, issuer: IDENTITY.issuer, subject: IDENTITY.subject };

describe("ImageProvenance component", () => {
    it("installs the pinned Kyverno chart in its guarded namespace, its Pod Identity and the ClusterPolicy after the chart", async () => {
        const plan = await declare(() => new ImageProvenance("platform-prod", ARGS));
        expect(plan.inventory((r) => r.custom)).to.deep.equal([
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::platform-prod-identity",
            "aws:iam/role:Role::platform-prod-identity",
            "aws:iam/rolePolicy:RolePolicy::platform-prod-identity-policy",
            "kubernetes:core/v1:Namespace::platform-prod-namespace",
            "kubernetes:helm.sh/v3:Release::platform-prod-kyverno",
            "kubernetes:kyverno.io/v1:ClusterPolicy::platform-prod-policy",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::platform-prod-allow-dns",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::platform-prod-allow-egress",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::platform-prod-allow-ingress",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::platform-prod-default-deny",
        ]);
        const release = plan.one("kubernetes:helm.sh/v3:Release", "platform-prod-kyverno");
        expect(release.inputs).to.include({ chart: "kyverno", version: KYVERNO.version, namespace: "kyverno", atomic: true });
        expect((release.inputs.repositoryOpts as any).repo).to.equal("https://kyverno.github.io/kyverno/");
        expect((release.inputs.values as any).admissionController).to.deep.equal({ replicas: 3, rbac: { serviceAccount: { name: KYVERNO_ADMISSION_SERVICE_ACCOUNT } }, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
        const policy = plan.one("kubernetes:kyverno.io/v1:ClusterPolicy", "platform-prod-policy");
        expect(plan.dependenciesOf(policy).map((d) => d.name)).to.include("platform-prod-kyverno");
        expect((policy.inputs.metadata as any).name).to.equal(IMAGE_PROVENANCE_POLICY);
        expect(policy.inputs.spec).to.deep.equal(imageProvenancePolicy({ registry: REGISTRY, ...IDENTITY, mode: "enforce" }).spec);
        const ns = plan.one("kubernetes:core/v1:Namespace", "platform-prod-namespace");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
    });

    it("gives the admission controller read access to the registry's repositories only, through Pod Identity", async () => {
        const plan = await declare(() => new ImageProvenance("platform-prod", ARGS));
        expect(plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "platform-prod-identity").inputs).to.include({ namespace: "kyverno", serviceAccount: KYVERNO_ADMISSION_SERVICE_ACCOUNT });
        const statements = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "platform-prod-identity-policy").inputs.policy).Statement;
        expect(statements[1]).to.deep.equal({
            Sid: "ReadPlatformImages",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"],
            Resource: "arn:aws:ecr:eu-west-1:222222222222:repository/*",
        });
        expect(statements.flatMap((s: any) => [].concat(s.Action))).to.not.include.members(["ecr:PutImage"]);
    });

    it("renders audit mode for dev", async () => {
        const plan = await declare(() => new ImageProvenance("platform-dev", { ...ARGS, mode: "audit", replicas: 1 }));
        const spec = plan.one("kubernetes:kyverno.io/v1:ClusterPolicy", "platform-dev-policy").inputs.spec as any;
        expect(spec.failurePolicy).to.equal("Ignore");
        expect(spec.rules[1].verifyImages[0].failureAction).to.equal("Audit");
        expect((plan.one("kubernetes:helm.sh/v3:Release", "platform-dev-kyverno").inputs.values as any).admissionController.podDisruptionBudget.enabled).to.equal(false);
    });

    it("derives the registry's repositories ARN from its host", () => {
        expect(registryRepositoriesArn("222222222222.dkr.ecr.us-gov-west-1.amazonaws.com")).to.equal("arn:aws-us-gov:ecr:us-gov-west-1:222222222222:repository/*");
        expect(() => registryRepositoriesArn("ghcr.io")).to.throw('registry: "ghcr.io" is not a private ECR registry host');
    });

    const cases: [string, Partial<ImageProvenanceArgs>, string[]][] = [
        ["rejects a registry that is not a private ECR host", { registry: "ghcr.io/example-org" }, ['registry: "ghcr.io/example-org" is not a private ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com)']],
        ["rejects an unknown mode", { mode: "warn" as never }, ['mode: "warn" is not one of "enforce", "audit"']],
        ["rejects zero replicas", { replicas: 0 }, ["replicas: 0 is not in 1..7"]],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateImageProvenanceArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
