import { expect } from "chai";
import { serviceAccountToken } from "../../../policy-packs/kubernetes-baseline/policies/service-accounts";
import { deployment, POD, run } from "./fixtures";

const SA = "kubernetes:core/v1:ServiceAccount";

describe("service-account-token", () => {
    it("passes a pod with its own ServiceAccount and automount off", async () => {
        expect((await run(serviceAccountToken, deployment())).messages).to.deep.equal([]);
    });
    it("accepts automount on as an explicit opt-in", async () => {
        expect((await run(serviceAccountToken, deployment((_d, pod) => (pod.automountServiceAccountToken = true)))).messages).to.deep.equal([]);
    });
    it("flags automount unset on the pod", async () => {
        const r = await run(serviceAccountToken, deployment((_d, pod) => delete pod.automountServiceAccountToken));
        expect(r.reported).to.deep.equal([`${POD} must set automountServiceAccountToken: false (or true only if it calls the Kubernetes API).`]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("flags the default ServiceAccount, named or unset", async () => {
        const message = `${POD} must run as a dedicated ServiceAccount; set serviceAccountName (not "default").`;
        expect((await run(serviceAccountToken, deployment((_d, pod) => (pod.serviceAccountName = "default")))).reported).to.deep.equal([message]);
        expect((await run(serviceAccountToken, deployment((_d, pod) => delete pod.serviceAccountName))).reported).to.deep.equal([message]);
    });
    it("accepts a ServiceAccount name known only after apply", async () => {
        expect((await run(serviceAccountToken, deployment((_d, pod) => (pod.serviceAccountName = "<computed>")))).outcome).to.equal("pass");
    });
    it("reports an automount flag known only after apply as advisory", async () => {
        const r = await run(serviceAccountToken, deployment((_d, pod) => (pod.automountServiceAccountToken = "<computed>")));
        expect(r.outcome).to.equal("unknown");
    });
    it("flags a ServiceAccount that automounts (unset means true)", async () => {
        const r = await run(serviceAccountToken, { type: SA, name: "api", inputs: { metadata: { name: "api", namespace: "team-a" } } });
        expect(r.reported).to.deep.equal([
            "ServiceAccount api must set automountServiceAccountToken: false; pods that call the Kubernetes API opt in with automountServiceAccountToken: true on the pod spec.",
        ]);
    });
    it("passes a ServiceAccount with automount off", async () => {
        expect((await run(serviceAccountToken, { type: SA, inputs: { metadata: { name: "api", namespace: "team-a" }, automountServiceAccountToken: false } })).messages).to.deep.equal([]);
    });
    it("checks only what a DeploymentPatch sets", async () => {
        const patch = (spec: unknown) => ({ type: "kubernetes:apps/v1:DeploymentPatch", inputs: { metadata: { name: "api", namespace: "team-a" }, spec } });
        expect((await run(serviceAccountToken, patch({ replicas: 3 }))).messages).to.deep.equal([]);
        expect((await run(serviceAccountToken, patch({ template: { spec: { serviceAccountName: "default" } } }))).reported).to.have.length(1);
    });
    it("is not applicable to other kinds", async () => {
        expect((await run(serviceAccountToken, { type: "kubernetes:core/v1:ConfigMap", inputs: {} })).outcome).to.equal("notApplicable");
    });
});
