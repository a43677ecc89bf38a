import { expect } from "chai";
import { kubernetesBaseline } from "../../../policy-packs/kubernetes-baseline/pack";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { cronJob, deployment, run } from "./fixtures";

/** The catalog's Kubernetes rows: name, level, severity. */
const CATALOG: [string, "mandatory" | "advisory", string][] = [
    ["no-privileged", "mandatory", "high"],
    ["no-host-namespaces-or-ports", "mandatory", "high"],
    ["no-hostpath", "mandatory", "high"],
    ["capabilities-restricted", "mandatory", "high"],
    ["no-privilege-escalation", "mandatory", "medium"],
    ["run-as-non-root", "mandatory", "medium"],
    ["seccomp-runtime-default", "mandatory", "medium"],
    ["baseline-misc", "mandatory", "medium"],
    ["restricted-volume-types", "advisory", "low"],
    ["read-only-root-fs", "advisory", "medium"],
    ["proc-mount-restricted", "mandatory", "medium"],
    ["image-pinned", "mandatory", "medium"],
    ["image-pinned-digest", "advisory", "medium"],
    ["allowed-registries", "mandatory", "high"],
    ["image-provenance-enforced", "mandatory", "high"],
    ["admission-policies-enforced", "mandatory", "high"],
    ["resources-requests-limits", "advisory", "medium"],
    ["probes", "advisory", "low"],
    ["service-account-token", "advisory", "medium"],
    ["no-default-namespace", "mandatory", "low"],
    ["namespace-guardrails", "advisory", "medium"],
    ["rbac-least-privilege", "mandatory", "high"],
    ["rbac-secrets-access", "mandatory", "high"],
    ["secrets-not-in-env", "advisory", "low"],
    ["lb-services-internal", "advisory", "medium"],
];

describe("kubernetes-baseline pack", () => {
    it("is advisory by default (each policy has its own level), with its name, version and description", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { version } = require("../../../policy-packs/kubernetes-baseline/package.json") as { version: string };
        expect(kubernetesBaseline).to.deep.equal({
            name: "kubernetes-baseline",
            version,
            description: "Kubernetes workload and tenancy baseline: Pod Security Standards, images, RBAC, namespaces; mapped to CIS EKS 1.4.0 and PSS.",
            enforcementLevel: "advisory",
            policies: kubernetesBaselinePolicies,
        });
        expect(version).to.match(/^[0-9]+\.[0-9]+\.[0-9]+$/);
    });
});

describe("kubernetes-baseline policies", () => {
    it("has every catalog row with its level and severity", () => {
        expect(kubernetesBaselinePolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal(CATALOG);
    });
    it("gives every policy a description, a primary control, tags, remediation and a config schema", () => {
        for (const p of kubernetesBaselinePolicies) {
            expect(p.description, p.name).to.match(/^Checks whether /);
            expect(p.framework?.name, p.name).to.be.oneOf(["cis-eks", "pss", "own"]);
            expect(p.tags, p.name).to.be.an("array");
            expect(p.remediationSteps, p.name).to.be.a("string").and.not.equal("");
            expect(p.configSchema?.properties, p.name).to.be.an("object");
            for (const t of p.tags ?? []) {
                expect(t, p.name).to.match(/^(cis-eks|pss|checkov|compliance-policies):/);
            }
        }
    });
    it("lets the compliant restricted Deployment and CronJob through every policy", async () => {
        for (const p of kubernetesBaselinePolicies) {
            for (const spec of [deployment(), cronJob()]) {
                const r = await run(p, spec);
                expect(r.messages, `${p.name} on ${spec.type}`).to.deep.equal([]);
            }
        }
    });
    it("never fails as mandatory on a workload whose image and namespace are known only after apply", async () => {
        const spec = deployment((d, pod) => {
            d.metadata.namespace = "<computed>";
            pod.containers[0].image = "<computed>";
        });
        for (const p of kubernetesBaselinePolicies) {
            const r = await run(p, spec);
            expect(r.findings.filter((f) => f.enforcementLevel === "mandatory"), p.name).to.deep.equal([]);
        }
    });
});
