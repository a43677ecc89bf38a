import type { PolicyResource } from "@pulumi/policy";
import { expect } from "chai";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import {
    baselineMisc,
    CLUSTER_TYPES,
    levelOf,
    noHostNamespacesOrPorts,
    noPrivileged,
    podSecurityTargets,
    readOnlyRootFs,
    runAsNonRoot,
} from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { WORKLOAD_KINDS } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { planResource, ResourceSpec } from "../../support/policy";
import { C0, CLUSTER_URN, deployment, K8S_PROVIDER_URN, onCluster, run, withContainer } from "./fixtures";

/**
 * The stack plumbing of the Pod Security policies (policies/pod-security.ts), condition by
 * condition (issue #15): which cluster version a workload is judged at, what a workload whose
 * cluster the plan does not show is judged at, the not-applicable reason, and the
 * read-only-root-fs rule, which is not part of the standard.
 */

const PROBE = `${C0} must not send readinessProbe.httpGet to host 10.0.0.1; remove readinessProbe.httpGet.host so that the kubelet connects to the pod itself.`;
const probeHost = withContainer((c) => (c.readinessProbe.httpGet.host = "10.0.0.1"));
const ALL = `${SUPPORTED_VERSIONS.slice(0, -1).join(", ")} and ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}`;
/** The probe-host finding of a workload checked at every supported version (the check is in force from 1.34). */
const PROBE_AT_ASSUMED = `${PROBE} (at Kubernetes 1.34 and 1.35; the plan does not show the workload's cluster, so it is checked at ${ALL})`;

describe("pod-security.ts: the level of a policy's checks", () => {
    it("is the one level all its checks share", () => {
        expect(levelOf(["privileged", "hostPorts"])).to.equal("baseline");
        expect(levelOf(["runAsUser"])).to.equal("restricted");
    });
    it("refuses checks of both levels, naming them", () => {
        expect(() => levelOf(["privileged", "runAsUser"])).to.throw("a Pod Security policy implements checks of one level; got baseline, restricted");
    });
});

describe("pod-security.ts: the cluster version a workload is judged at", () => {
    it("knows both EKS cluster types (the aws provider's and the eks component's)", () => {
        expect(CLUSTER_TYPES).to.deep.equal(["aws:eks/cluster:Cluster", "eks:index:Cluster"]);
    });
    it("reads the version of an eks:index:Cluster the provider's kubeconfig comes from", async () => {
        const resources = onCluster("1.33", probeHost).map((r) => (r.type === "aws:eks/cluster:Cluster" ? { ...r, type: "eks:index:Cluster" } : r));
        expect((await run(noHostNamespacesOrPorts, resources)).messages).to.deep.equal([]);
        const at134 = onCluster("1.34", probeHost).map((r) => (r.type === "aws:eks/cluster:Cluster" ? { ...r, type: "eks:index:Cluster" } : r));
        expect((await run(noHostNamespacesOrPorts, at134)).reported).to.deep.equal([PROBE]);
    });
    it("checks a workload whose provider the plan does not show at every assumed version, even next to a cluster", async () => {
        const [cluster] = onCluster("1.33");
        const r = await run(noHostNamespacesOrPorts, [cluster, { ...probeHost, provider: "urn:pulumi:test::platform::pulumi:providers:kubernetes::elsewhere" }]);
        expect(r.reported).to.deep.equal([PROBE_AT_ASSUMED]);
    });
    it("checks a workload whose provider talks to no cluster of the plan at every assumed version", async () => {
        const [cluster, provider] = onCluster("1.33");
        const unlinked = { ...provider, dependencies: [], propertyDependencies: { kubeconfig: [] } };
        const r = await run(noHostNamespacesOrPorts, [cluster, unlinked, { ...probeHost, provider: K8S_PROVIDER_URN }]);
        expect(r.reported).to.deep.equal([PROBE_AT_ASSUMED]);
    });
    it("does not trust a cluster version that is not a string (YAML reads 1.30 as the number 1.3): every assumed version", async () => {
        const resources = onCluster("1.33", probeHost).map((r) => (r.urn === CLUSTER_URN ? { ...r, inputs: { name: "cluster", version: 1.33 } } : r));
        expect((await run(noHostNamespacesOrPorts, resources)).reported).to.deep.equal([PROBE_AT_ASSUMED]);
    });
    it("checks a workload on a cluster whose version is known only after apply at every assumed version", async () => {
        expect((await run(noHostNamespacesOrPorts, onCluster("<computed>", probeHost))).reported).to.deep.equal([PROBE_AT_ASSUMED]);
    });
    it("normalises assumedVersions (v1.33) to minors in what it reports", async () => {
        const r = await run(noHostNamespacesOrPorts, probeHost, { assumedVersions: ["v1.33", "1.34"] });
        expect(r.reported).to.deep.equal([`${PROBE} (at Kubernetes 1.34; the plan does not show the workload's cluster, so it is checked at 1.33 and 1.34)`]);
    });
    it("works out the workloads of a stack once and shares them between the policies", () => {
        const resources: PolicyResource[] = [];
        expect(podSecurityTargets(resources)).to.equal(podSecurityTargets(resources));
    });
});

describe("pod-security.ts: not applicable, with the reason", () => {
    async function reasons(policy: typeof noPrivileged, resources: ResourceSpec[], config: Record<string, unknown> = {}) {
        const pack = { name: "test-pack", version: "0.0.0", policies: [policy] };
        const e = await evaluatePack(pack, resources.map(planResource), { [policy.name]: { enforcementLevel: "mandatory", ...config } });
        return e.checks.map((c) => [c.outcome, c.reason]);
    }
    it("names the workload kinds and the excluded namespaces", async () => {
        const kinds = WORKLOAD_KINDS.join(", ");
        expect(WORKLOAD_KINDS).to.include.members(["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
        expect(await reasons(noPrivileged, [{ type: "kubernetes:core/v1:ConfigMap", inputs: {} }])).to.deep.equal([["notApplicable", `no workload (${kinds}) outside excludedNamespaces (kube-system)`]]);
        const inKubeSystem = deployment((d) => (d.metadata.namespace = "kube-system"));
        expect(await reasons(noPrivileged, [inKubeSystem], { excludedNamespaces: ["kube-system", "monitoring"] })).to.deep.equal([
            ["notApplicable", `no workload (${kinds}) outside excludedNamespaces (kube-system, monitoring)`],
        ]);
    });
});

describe("pod-security.ts: reporting across versions and workloads", () => {
    it("reports a finding at some versions once, naming those versions; one at all versions without them", async () => {
        const both = withContainer((c) => {
            c.readinessProbe.httpGet.host = "10.0.0.1";
            c.ports[0].hostPort = 8080;
        });
        const r = await run(noHostNamespacesOrPorts, both, { assumedVersions: ["1.33", "1.34", "1.35"] });
        expect(r.reported).to.deep.equal([
            `${C0} must not bind host port 8080 (ports[0]); remove hostPort and expose the port through a Service.`,
            `${PROBE} (at Kubernetes 1.34 and 1.35; the plan does not show the workload's cluster, so it is checked at 1.33, 1.34 and 1.35)`,
        ]);
    });
    it("reports an undecided workload as advisory when nothing else fails, with the field that was unknown", async () => {
        const r = await run(runAsNonRoot, onCluster("1.35", deployment((_d, pod) => (pod.securityContext.runAsNonRoot = "<computed>"))));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("judges a misc violation on the policy's own level at the cluster version", async () => {
        const r = await run(baselineMisc, onCluster("1.31", deployment((_d, pod) => (pod.securityContext.sysctls = [{ name: "net.ipv4.tcp_rmem", value: "1" }]))));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("read-only-root-fs, condition by condition", () => {
    const MESSAGE = `${C0} must have a read-only root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes.`;
    const patch = (container: Record<string, unknown>) => ({
        type: "kubernetes:apps/v1:DeploymentPatch",
        name: "api",
        inputs: { metadata: { name: "api", namespace: "team-a" }, spec: { template: { spec: { containers: [{ name: "app", ...container }] } } } },
    });

    it("can't decide before apply when the setting or the whole securityContext is unknown (advisory, not a pass)", async () => {
        const setting = await run(readOnlyRootFs, withContainer((c) => (c.securityContext.readOnlyRootFilesystem = "<computed>")));
        expect(setting.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(setting.outcome).to.equal("unknown");
        const whole = await run(readOnlyRootFs, withContainer((c) => (c.securityContext = "<computed>")));
        expect(whole.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(whole.outcome).to.equal("unknown");
    });
    it("still fails a decided container next to an undecided one", async () => {
        const r = await run(
            readOnlyRootFs,
            deployment((_d, pod) => {
                pod.containers[0].securityContext.readOnlyRootFilesystem = false;
                pod.initContainers = [{ name: "init", image: "x", securityContext: { readOnlyRootFilesystem: "<computed>" } }];
            }),
        );
        expect(r.reported).to.deep.equal([MESSAGE]);
        expect(r.outcome).to.equal("fail");
    });
    it("checks init containers but not ephemeral (debug) containers", async () => {
        const init = await run(readOnlyRootFs, deployment((_d, pod) => (pod.initContainers = [{ name: "init", image: "x" }])));
        expect(init.reported).to.deep.equal([
            "container spec.template.spec.initContainers[0] (init) must have a read-only root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes.",
        ]);
        const debug = await run(readOnlyRootFs, deployment((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36" }])));
        expect(debug.messages).to.deep.equal([]);
    });
    it("judges a patch only on what it sets: false fails, unset passes", async () => {
        expect((await run(readOnlyRootFs, patch({ securityContext: { readOnlyRootFilesystem: false } }))).reported).to.deep.equal([MESSAGE]);
        expect((await run(readOnlyRootFs, patch({ image: "x:2" }))).messages).to.deep.equal([]);
        expect((await run(readOnlyRootFs, patch({ securityContext: { readOnlyRootFilesystem: true } }))).messages).to.deep.equal([]);
    });
    it("exempts kube-system by default and exactly the configured namespaces otherwise", async () => {
        const writable = (ns: string) =>
            deployment((d, pod) => {
                d.metadata.namespace = ns;
                pod.containers[0].securityContext.readOnlyRootFilesystem = false;
            });
        expect((await run(readOnlyRootFs, writable("kube-system"))).messages).to.deep.equal([]);
        expect((await run(readOnlyRootFs, writable("team-a"), { excludedNamespaces: ["team-a"] })).messages).to.deep.equal([]);
        expect((await run(readOnlyRootFs, writable("kube-system"), { excludedNamespaces: ["team-a"] })).reported).to.deep.equal([MESSAGE]);
    });
});
