import { expect } from "chai";
import { IMAGE_PROVENANCE_POLICY, imageProvenancePolicy } from "../../../components/kubernetes/provenance";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { imageProvenanceEnforced } from "../../../policy-packs/kubernetes-baseline/policies/provenance";
import { ResourceSpec, runPolicy } from "../../support/policy";

const REGISTRY = "222222222222.dkr.ecr.eu-west-1.amazonaws.com";
const identity = { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/example-org/platform/.github/workflows/golden-path-build.yml@refs/heads/main" };
const RELEASE: ResourceSpec = { type: "kubernetes:helm.sh/v3:Release", name: "kyverno", inputs: { chart: "kyverno", version: "3.9.0", namespace: "kyverno" } };

/** The ClusterPolicy as the component creates it, with one change applied to its document. */
function clusterPolicy(mode: "enforce" | "audit" = "enforce", change: (doc: any) => void = () => undefined): ResourceSpec {
    const doc: any = JSON.parse(JSON.stringify(imageProvenancePolicy({ registry: REGISTRY, ...identity, mode })));
    change(doc);
    return { type: "kubernetes:kyverno.io/v1:ClusterPolicy", name: "policy", inputs: { apiVersion: doc.apiVersion, kind: doc.kind, metadata: doc.metadata, spec: doc.spec } };
}
/** The stack creates the cluster the verification guards. */
const CLUSTER: ResourceSpec = { type: "aws:eks/cluster:Cluster", name: "cluster", inputs: { version: "1.35" } };
const verify = (doc: any) => doc.spec.rules[1].verifyImages[0];

describe("image-provenance-enforced (stack)", () => {
    it("is in the kubernetes-baseline pack, mandatory and high", () => {
        expect(kubernetesBaselinePolicies).to.include(imageProvenanceEnforced);
        expect([imageProvenanceEnforced.enforcementLevel, imageProvenanceEnforced.severity]).to.deep.equal(["mandatory", "high"]);
    });

    it("passes the component's release and enforcing ClusterPolicy", async () => {
        const r = await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, clusterPolicy()]);
        expect(r.reported).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });

    it("is not applicable to a stack that creates no cluster, Kubernetes objects or not", async () => {
        const r = await runPolicy(imageProvenanceEnforced, [{ type: "aws:ecr/repository:Repository", inputs: { name: "x" } }]);
        expect(r.outcome).to.equal("notApplicable");
        const objects = await runPolicy(imageProvenanceEnforced, [{ type: "kubernetes:core/v1:Namespace", name: "ns", inputs: { metadata: { name: "payments" } } }]);
        expect(objects.outcome).to.equal("notApplicable");
    });

    it("rejects a cluster without the Kyverno release", async () => {
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, clusterPolicy()])).reported).to.deep.equal([
            'No Helm release of the "kyverno" chart: nothing verifies images at admission. Install it with the ImageProvenance component.',
        ]);
    });

    it("rejects a cluster without the ClusterPolicy", async () => {
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, { type: "kubernetes:core/v1:Namespace", name: "ns", inputs: { metadata: { name: "payments" } } }])).reported).to.deep.equal([
            `No Kyverno ClusterPolicy "${IMAGE_PROVENANCE_POLICY}": images of the platform's registry are admitted without a signature check.`,
        ]);
    });

    it("rejects audit mode where enforcement is required (staging, prod)", async () => {
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, clusterPolicy("audit")])).reported).to.deep.equal([
            `ClusterPolicy "${IMAGE_PROVENANCE_POLICY}": failureAction is "Audit"; set "Enforce".`,
            `ClusterPolicy "${IMAGE_PROVENANCE_POLICY}" rule "platform-registry-by-digest": failureAction is "Audit"; set "Enforce".`,
            `ClusterPolicy "${IMAGE_PROVENANCE_POLICY}": failurePolicy "Ignore" admits every pod while Kyverno is unavailable; set "Fail".`,
        ]);
    });

    it("accepts audit mode with requireEnforce: false (dev)", async () => {
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, clusterPolicy("audit")], { requireEnforce: false })).reported).to.deep.equal([]);
    });

    const weakened: [string, (doc: any) => void, string][] = [
        ["an unsigned image admitted (required: false)", (d) => (verify(d).required = false), "required must be true (an image without a verified signature is refused)"],
        ["tags admitted (verifyDigest: false)", (d) => (verify(d).verifyDigest = false), "verifyDigest must be true (images by digest only)"],
        ["tags rewritten and admitted (mutateDigest unset, Kyverno's default true)", (d) => delete verify(d).mutateDigest, "mutateDigest must be false (true, the default, turns a tag into a digest and admits it)"],
        ["any signer accepted (no attestor)", (d) => (verify(d).attestors = []), "an attestor must pin the signing identity (keyless issuer and subject, or keys)"],
        ["a keyless attestor without a subject", (d) => delete verify(d).attestors[0].entries[0].keyless.subject, "an attestor must pin the signing identity (keyless issuer and subject, or keys)"],
        ["the rule-level action unset, the spec-level one Audit", (d) => ((d.spec.validationFailureAction = "Audit"), delete verify(d).failureAction), 'failureAction is "Audit"; set "Enforce"'],
    ];
    for (const [what, change, problem] of weakened) {
        it(`rejects ${what}`, async () => {
            expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, clusterPolicy("enforce", change)])).reported).to.deep.equal([`ClusterPolicy "${IMAGE_PROVENANCE_POLICY}": ${problem}.`]);
        });
    }

    it("rejects a ClusterPolicy without a verifyImages rule", async () => {
        const r = await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, clusterPolicy("enforce", (d) => d.spec.rules.pop())]);
        expect(r.reported).to.deep.equal([`ClusterPolicy "${IMAGE_PROVENANCE_POLICY}" has no verifyImages rule: signatures are not checked.`]);
    });

    it("finds the release and the policy by the configured names", async () => {
        const renamed = clusterPolicy("enforce", (d) => (d.metadata.name = "org-images"));
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, renamed], { policyName: "org-images" })).reported).to.deep.equal([]);
        expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, renamed])).reported).to.have.length(1);
    });
});
