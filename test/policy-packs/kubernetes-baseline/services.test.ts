import { expect } from "chai";
import { lbServicesInternal } from "../../../policy-packs/kubernetes-baseline/policies/services";
import type { ResourceSpec } from "../../support/policy";
import { run } from "./fixtures";

function service(spec: Record<string, unknown>, annotations?: Record<string, string>): ResourceSpec {
    return { type: "kubernetes:core/v1:Service", inputs: { metadata: { name: "web", namespace: "team-a", ...(annotations ? { annotations } : {}) }, spec: { ports: [{ port: 443 }], ...spec } } };
}

const PUBLIC = "Service web of type LoadBalancer must be internal; set the annotation service.beta.kubernetes.io/aws-load-balancer-scheme: internal, or list it in allowedPublicServices.";

describe("lb-services-internal", () => {
    it("passes a ClusterIP Service", async () => {
        expect((await run(lbServicesInternal, service({ type: "ClusterIP" }))).messages).to.deep.equal([]);
    });
    it("passes an internal LoadBalancer (controller annotation or legacy one)", async () => {
        expect((await run(lbServicesInternal, service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }))).messages).to.deep.equal([]);
        expect((await run(lbServicesInternal, service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }))).messages).to.deep.equal([]);
    });
    it("flags a LoadBalancer without the annotation (internet-facing by default), as advisory", async () => {
        const r = await run(lbServicesInternal, service({ type: "LoadBalancer" }));
        expect(r.reported).to.deep.equal([PUBLIC]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("flags an explicitly internet-facing LoadBalancer", async () => {
        const r = await run(lbServicesInternal, service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }));
        expect(r.reported).to.deep.equal([PUBLIC]);
    });
    it("accepts a public Service listed in config by name or namespace/name", async () => {
        expect((await run(lbServicesInternal, service({ type: "LoadBalancer" }), { allowedPublicServices: ["web"] })).messages).to.deep.equal([]);
        expect((await run(lbServicesInternal, service({ type: "LoadBalancer" }), { allowedPublicServices: ["team-a/web"] })).messages).to.deep.equal([]);
        expect((await run(lbServicesInternal, service({ type: "LoadBalancer" }), { allowedPublicServices: ["team-b/web"] })).reported).to.deep.equal([PUBLIC]);
    });
    it("flags externalIPs", async () => {
        const r = await run(lbServicesInternal, service({ type: "ClusterIP", externalIPs: ["203.0.113.10"] }));
        expect(r.reported).to.deep.equal(["Service web must not set externalIPs; remove spec.externalIPs and use a LoadBalancer or Ingress."]);
    });
    it("is not applicable to other kinds", async () => {
        expect((await run(lbServicesInternal, { type: "kubernetes:core/v1:ConfigMap", inputs: {} })).outcome).to.equal("notApplicable");
    });
});
