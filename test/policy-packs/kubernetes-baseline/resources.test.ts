import { expect } from "chai";
import { probes, resourcesRequestsLimits } from "../../../policy-packs/kubernetes-baseline/policies/resources";
import { secretsNotInEnv } from "../../../policy-packs/kubernetes-baseline/policies/secrets";
import { C0, cronJob, deployment, restrictedContainer, run, withContainer } from "./fixtures";

describe("resources-requests-limits", () => {
    it("passes cpu and memory requests with a memory limit", async () => {
        expect((await run(resourcesRequestsLimits, deployment())).messages).to.deep.equal([]);
    });
    it("flags resources unset, listing all three, as advisory", async () => {
        const r = await run(resourcesRequestsLimits, withContainer((c) => delete c.resources));
        expect(r.reported).to.deep.equal([`${C0} must set resources.requests.cpu, resources.requests.memory, resources.limits.memory.`]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("flags a missing memory limit", async () => {
        const r = await run(resourcesRequestsLimits, withContainer((c) => (c.resources.limits = { cpu: "1" })));
        expect(r.reported).to.deep.equal([`${C0} must set resources.limits.memory.`]);
    });
    it("checks init containers but not ephemeral ones (they may not declare resources)", async () => {
        const r = await run(resourcesRequestsLimits, deployment((_d, pod) => {
            pod.initContainers = [{ name: "init", image: "x:1" }];
            pod.ephemeralContainers = [{ name: "debug", image: "x:1" }];
        }));
        expect(r.reported).to.deep.equal([
            "container spec.template.spec.initContainers[0] (init) must set resources.requests.cpu, resources.requests.memory, resources.limits.memory.",
        ]);
    });
    it("treats a request known only after apply as set", async () => {
        const r = await run(resourcesRequestsLimits, withContainer((c) => (c.resources.requests.cpu = "<computed>")));
        expect(r.findings.every((f) => f.enforcementLevel === "advisory")).to.equal(true);
        expect(r.reported.filter((m) => m.includes("must set"))).to.deep.equal([]);
    });
});

describe("probes", () => {
    it("passes readiness and liveness probes", async () => {
        expect((await run(probes, deployment())).messages).to.deep.equal([]);
    });
    it("passes a startup probe in place of liveness", async () => {
        const r = await run(probes, withContainer((c) => {
            delete c.livenessProbe;
            c.startupProbe = { httpGet: { path: "/live", port: 8080 } };
        }));
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a missing readiness probe", async () => {
        expect((await run(probes, withContainer((c) => delete c.readinessProbe))).reported).to.deep.equal([`${C0} must define a readinessProbe.`]);
    });
    it("flags neither liveness nor startup probe", async () => {
        expect((await run(probes, withContainer((c) => delete c.livenessProbe))).reported).to.deep.equal([`${C0} must define a livenessProbe or a startupProbe.`]);
    });
    it("does not apply to Jobs and CronJobs", async () => {
        expect((await run(probes, cronJob((pod) => delete pod.containers[0].readinessProbe))).outcome).to.equal("notApplicable");
    });
    it("does not ask init containers for probes", async () => {
        const r = await run(probes, deployment((_d, pod) => (pod.initContainers = [{ name: "init", image: "x:1" }])));
        expect(r.messages).to.deep.equal([]);
    });
});

describe("secrets-not-in-env", () => {
    it("passes plain env values", async () => {
        expect((await run(secretsNotInEnv, deployment())).messages).to.deep.equal([]);
    });
    it("flags an env var from a Secret", async () => {
        const r = await run(secretsNotInEnv, withContainer((c) => c.env.push({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } })));
        expect(r.reported).to.deep.equal([`${C0} env DB_PASSWORD (env[1]) must not come from a Secret (valueFrom.secretKeyRef); mount the Secret as a file instead.`]);
    });
    it("flags envFrom a Secret, and not envFrom a ConfigMap", async () => {
        const r = await run(secretsNotInEnv, withContainer((c) => (c.envFrom = [{ configMapRef: { name: "api" } }, { secretRef: { name: "db" } }])));
        expect(r.reported).to.deep.equal([`${C0} envFrom[1] must not load Secret db into the environment; mount the Secret as a file instead.`]);
    });
    it("checks init containers", async () => {
        const r = await run(secretsNotInEnv, deployment((_d, pod) => (pod.initContainers = [{ ...restrictedContainer("init"), env: [{ name: "T", valueFrom: { secretKeyRef: { name: "t", key: "t" } } }] }])));
        expect(r.reported).to.have.length(1);
    });
});
