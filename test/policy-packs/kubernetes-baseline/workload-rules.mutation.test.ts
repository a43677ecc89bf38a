import { expect } from "chai";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { probes, resourcesRequestsLimits } from "../../../policy-packs/kubernetes-baseline/policies/resources";
import { secretsNotInEnv } from "../../../policy-packs/kubernetes-baseline/policies/secrets";
import { serviceAccountToken } from "../../../policy-packs/kubernetes-baseline/policies/service-accounts";
import { lbServicesInternal } from "../../../policy-packs/kubernetes-baseline/policies/services";
import {
    DEFAULT_EXCLUDED_NAMESPACES,
    excludedNamespacesSchema,
    HELM_NOT_APPLICABLE,
    isHelmRelease,
    listText,
    namespaceOf,
    noConfig,
    stringList,
    validateWorkload,
} from "../../../policy-packs/kubernetes-baseline/policies/support";
import { UNKNOWN } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import type { PolicyRun, ResourceSpec } from "../../support/policy";
import { C0, checkOf, deployment, POD, restrictedContainer, run, withContainer } from "./fixtures";

/**
 * The smaller Kubernetes rules and their shared plumbing, one condition at a time (issue #15):
 * resources and probes, Secrets in the environment, service account tokens, Services, and
 * `validateWorkload` (kinds, Helm releases, namespace exclusions, unknowns found by the walker).
 * resources.test.ts, service-accounts.test.ts and services.test.ts describe the rules.
 */

const C = "<computed>";
const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);
const INIT = "container spec.template.spec.initContainers[0] (init)";
const EPHEMERAL = "container spec.template.spec.ephemeralContainers[0] (debug)";

function undecided(r: PolicyRun, path: string): void {
    expect(r.outcome).to.equal("unknown");
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.include(`value at ${path} can't be known during preview`);
}

const ofKind = (type: string, pod: Record<string, unknown>): ResourceSpec => {
    const spec = { template: { spec: pod } };
    return { type, name: "w", inputs: { metadata: { name: "w", namespace: "team-a" }, spec } };
};

describe("resources-requests-limits, condition by condition", () => {
    const MISSING = (...keys: string[]) => `${C0} must set ${keys.join(", ")}.`;
    it("asks for each of the three settings on its own", async () => {
        const cases: [(r: any) => void, string][] = [
            [(r) => delete r.requests.cpu, "resources.requests.cpu"],
            [(r) => delete r.requests.memory, "resources.requests.memory"],
            [(r) => delete r.limits.memory, "resources.limits.memory"],
        ];
        for (const [change, key] of cases) {
            expect((await run(resourcesRequestsLimits, withContainer((c) => change(c.resources)))).reported, key).to.deep.equal([MISSING(key)]);
        }
    });
    it("takes null and an empty string for unset, and 0 for set", async () => {
        expect((await run(resourcesRequestsLimits, withContainer((c) => (c.resources.requests = { cpu: null, memory: "" })))).reported).to.deep.equal([MISSING("resources.requests.cpu", "resources.requests.memory")]);
        expect((await run(resourcesRequestsLimits, withContainer((c) => (c.resources.requests.cpu = 0)))).messages).to.deep.equal([]);
    });
    it("checks every container and init container but no ephemeral one", async () => {
        const r = await run(resourcesRequestsLimits, deployment((_d, pod) => {
            pod.containers.push({ ...restrictedContainer("side"), resources: { requests: { cpu: "1", memory: "1Gi" } } });
            pod.initContainers = [{ ...restrictedContainer("init"), resources: { limits: { memory: "1Gi" } } }];
            pod.ephemeralContainers = [{ name: "debug", image: "x:1" }];
        }));
        expect(r.reported).to.deep.equal([
            "container spec.template.spec.containers[1] (side) must set resources.limits.memory.",
            `${INIT} must set resources.requests.cpu, resources.requests.memory.`,
        ]);
    });
    it("checks workloads in kube-system too (no namespace exclusions)", async () => {
        const r = await run(resourcesRequestsLimits, deployment((d, pod) => ((d.metadata.namespace = "kube-system"), delete pod.containers[0].resources.limits)));
        expect(r.reported).to.deep.equal([MISSING("resources.limits.memory")]);
    });
    it("checks only what a patch sets: nothing", async () => {
        expect((await run(resourcesRequestsLimits, { ...withContainer((c) => delete c.resources), type: "kubernetes:apps/v1:DeploymentPatch" })).messages).to.deep.equal([]);
    });
    it("can't decide before apply when resources, or one section, is unknown, and still reports what is decided", async () => {
        undecided(await run(resourcesRequestsLimits, withContainer((c) => (c.resources = C))), ".spec.template.spec.containers.0.resources");
        undecided(await run(resourcesRequestsLimits, withContainer((c) => (c.resources.requests = C))), ".spec.template.spec.containers.0.resources.requests");
        const decided = await run(resourcesRequestsLimits, withContainer((c) => (c.resources = { requests: C })));
        expect(decided.reported).to.deep.equal([MISSING("resources.limits.memory")]);
    });
    it("does not read a value unknown until apply as unset", async () => {
        expect((await run(resourcesRequestsLimits, withContainer((c) => (c.resources.limits.memory = C)))).outcome).to.equal("pass");
    });
    it("can't decide before apply when a container list is unknown (the walker's unknowns)", async () => {
        undecided(await run(resourcesRequestsLimits, deployment((_d, pod) => (pod.containers = C))), ".spec.template.spec.containers");
        undecided(await run(resourcesRequestsLimits, deployment((_d, pod) => pod.containers.push(C))), ".spec.template.spec.containers.1");
    });
});

describe("probes, condition by condition", () => {
    it("applies to Deployments, StatefulSets and DaemonSets only", async () => {
        for (const kind of ["apps/v1:Deployment", "apps/v1:StatefulSet", "apps/v1:DaemonSet"]) {
            const r = await run(probes, ofKind(`kubernetes:${kind}`, { containers: [{ name: "a", readinessProbe: {}, livenessProbe: {} }, { name: "b", livenessProbe: {} }] }));
            expect(r.reported, kind).to.deep.equal(["container spec.template.spec.containers[1] (b) must define a readinessProbe."]);
        }
        for (const kind of ["apps/v1:ReplicaSet", "batch/v1:Job", "core/v1:ReplicationController"]) {
            expect((await checkOf(probes, ofKind(`kubernetes:${kind}`, { containers: [{ name: "a" }] }))).outcome, kind).to.equal("notApplicable");
        }
        expect((await checkOf(probes, { type: "kubernetes:core/v1:Pod", inputs: { spec: { containers: [{ name: "a" }] } } })).reason).to.equal(
            "applies to Kubernetes Deployment, StatefulSet, DaemonSet resources",
        );
    });
    it("takes null for no probe, and a startup or liveness probe each on its own", async () => {
        expect((await run(probes, withContainer((c) => (c.readinessProbe = null)))).reported).to.deep.equal([`${C0} must define a readinessProbe.`]);
        expect((await run(probes, withContainer((c) => ((c.livenessProbe = null), (c.startupProbe = null))))).reported).to.deep.equal([`${C0} must define a livenessProbe or a startupProbe.`]);
        expect((await run(probes, withContainer((c) => ((c.livenessProbe = null), (c.startupProbe = {}))))).messages).to.deep.equal([]);
        expect((await run(probes, withContainer((c) => ((c.livenessProbe = {}), (c.startupProbe = null))))).messages).to.deep.equal([]);
    });
    it("reports both probes missing, and no probe on ephemeral containers", async () => {
        const r = await run(probes, deployment((_d, pod) => {
            delete pod.containers[0].readinessProbe;
            delete pod.containers[0].livenessProbe;
            pod.ephemeralContainers = [{ name: "debug", image: "x:1" }];
        }));
        expect(r.reported).to.deep.equal([`${C0} must define a readinessProbe.`, `${C0} must define a livenessProbe or a startupProbe.`]);
    });
    it("checks workloads in kube-system too (no namespace exclusions)", async () => {
        const r = await run(probes, deployment((d, pod) => ((d.metadata.namespace = "kube-system"), delete pod.containers[0].readinessProbe)));
        expect(r.reported).to.deep.equal([`${C0} must define a readinessProbe.`]);
    });
    it("checks only what a patch sets: nothing", async () => {
        expect((await run(probes, { ...withContainer((c) => delete c.readinessProbe), type: "kubernetes:apps/v1:DeploymentPatch" })).messages).to.deep.equal([]);
    });
});

describe("secrets-not-in-env, condition by condition", () => {
    it("flags an env var from a Secret without a name, and not one from a ConfigMap or the downward API", async () => {
        const r = await run(secretsNotInEnv, withContainer((c) => {
            c.env = [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }, { name: "B", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }, { valueFrom: { secretKeyRef: { name: "s", key: "k" } } }, "x"];
        }));
        expect(r.reported).to.deep.equal([`${C0} env (env[2]) must not come from a Secret (valueFrom.secretKeyRef); mount the Secret as a file instead.`]);
    });
    it("flags envFrom a Secret without a name, and not a null secretRef", async () => {
        const r = await run(secretsNotInEnv, withContainer((c) => (c.envFrom = [{ secretRef: null }, { secretRef: {} }, { secretRef: { name: 7 } }])));
        expect(r.reported).to.deep.equal([
            `${C0} envFrom[1] must not load Secret into the environment; mount the Secret as a file instead.`,
            `${C0} envFrom[2] must not load Secret into the environment; mount the Secret as a file instead.`,
        ]);
    });
    it("checks ephemeral containers, and workloads in kube-system (no exclusions)", async () => {
        const r = await run(secretsNotInEnv, deployment((d, pod) => {
            d.metadata.namespace = "kube-system";
            pod.ephemeralContainers = [{ name: "debug", envFrom: [{ secretRef: { name: "s" } }] }];
        }));
        expect(r.reported).to.deep.equal([`${EPHEMERAL} envFrom[0] must not load Secret s into the environment; mount the Secret as a file instead.`]);
    });
    it("can't decide before apply when env or envFrom is unknown, and still reports the other", async () => {
        undecided(await run(secretsNotInEnv, withContainer((c) => (c.env = C))), ".spec.template.spec.containers.0.env");
        undecided(await run(secretsNotInEnv, withContainer((c) => (c.envFrom = C))), ".spec.template.spec.containers.0.envFrom");
        const r = await run(secretsNotInEnv, withContainer((c) => ((c.env = C), (c.envFrom = [{ secretRef: { name: "s" } }]))));
        expect([r.reported, levels(r)]).to.deep.equal([[`${C0} envFrom[0] must not load Secret s into the environment; mount the Secret as a file instead.`], ["advisory"]]);
        const env = await run(secretsNotInEnv, withContainer((c) => ((c.envFrom = C), c.env.push({ name: "S", valueFrom: { secretKeyRef: { name: "s" } } }))));
        expect(env.reported).to.deep.equal([`${C0} env S (env[1]) must not come from a Secret (valueFrom.secretKeyRef); mount the Secret as a file instead.`]);
    });
});

describe("service-account-token, condition by condition", () => {
    const SA = (inputs: Record<string, unknown>, type = "kubernetes:core/v1:ServiceAccount"): ResourceSpec => ({ type, name: "res", inputs });
    const AUTOMOUNTS = (name: string) =>
        `ServiceAccount ${name} must set automountServiceAccountToken: false; pods that call the Kubernetes API opt in with automountServiceAccountToken: true on the pod spec.`;
    const DEDICATED = `${POD} must run as a dedicated ServiceAccount; set serviceAccountName (not "default").`;
    const AUTOMOUNT = `${POD} must set automountServiceAccountToken: false (or true only if it calls the Kubernetes API).`;

    it("rejects a ServiceAccount that automounts, explicitly or by default, named by metadata or resource name", async () => {
        expect((await run(serviceAccountToken, SA({ metadata: { name: "api" }, automountServiceAccountToken: true }))).reported).to.deep.equal([AUTOMOUNTS("api")]);
        expect((await run(serviceAccountToken, SA({}))).reported).to.deep.equal([AUTOMOUNTS("res")]);
        expect((await run(serviceAccountToken, SA({ metadata: { name: C } }))).reported).to.deep.equal([AUTOMOUNTS("res")]);
    });
    it("checks a ServiceAccount patch only when it sets automount", async () => {
        const patch = "kubernetes:core/v1:ServiceAccountPatch";
        expect((await run(serviceAccountToken, SA({ metadata: { name: "api" } }, patch))).messages).to.deep.equal([]);
        expect((await run(serviceAccountToken, SA({ metadata: { name: "api" }, automountServiceAccountToken: true }, patch))).reported).to.deep.equal([AUTOMOUNTS("api")]);
        expect((await run(serviceAccountToken, SA({ metadata: { name: "api" }, automountServiceAccountToken: false }, patch))).messages).to.deep.equal([]);
    });
    it("can't decide before apply on a ServiceAccount's automount flag", async () => {
        undecided(await run(serviceAccountToken, SA({ automountServiceAccountToken: C })), ".automountServiceAccountToken");
    });
    it("does not take look-alike tokens for a ServiceAccount", async () => {
        for (const type of ["kubernetes:core/v1:ServiceAccountList", "kubernetes:core/v2:ServiceAccount", "xkubernetes:core/v1:ServiceAccount"]) {
            expect((await checkOf(serviceAccountToken, SA({}, type))).outcome, type).to.equal("notApplicable");
        }
        expect((await checkOf(serviceAccountToken, SA({}, "kubernetes:core/v1:Secret"))).reason).to.equal("applies to Kubernetes workloads and ServiceAccounts");
    });
    it("says why Helm releases are out of reach", () => {
        expect(HELM_NOT_APPLICABLE).to.equal("the objects of a Helm release are rendered by the provider and are not visible to policies; review the chart's values instead");
    });
    it("is not applicable to a Helm release, saying why", async () => {
        expect(await checkOf(serviceAccountToken, { type: "kubernetes:helm.sh/v3:Release", inputs: { chart: "x" } })).to.deep.equal({ outcome: "notApplicable", reason: HELM_NOT_APPLICABLE });
    });
    it("reads the deprecated serviceAccount field, and an empty name as unset", async () => {
        expect((await run(serviceAccountToken, deployment((_d, pod) => ((pod.serviceAccount = "api"), delete pod.serviceAccountName)))).messages).to.deep.equal([]);
        expect((await run(serviceAccountToken, deployment((_d, pod) => ((pod.serviceAccount = "default"), delete pod.serviceAccountName)))).reported).to.deep.equal([DEDICATED]);
        expect((await run(serviceAccountToken, deployment((_d, pod) => (pod.serviceAccountName = "")))).reported).to.deep.equal([DEDICATED]);
    });
    it("on a pod patch, flags only a default ServiceAccount or automount it sets", async () => {
        const patch = (pod: Record<string, unknown>) => ({ type: "kubernetes:apps/v1:DeploymentPatch", name: "api", inputs: { metadata: { name: "api" }, spec: { template: { spec: pod } } } });
        expect((await run(serviceAccountToken, patch({ serviceAccountName: "" }))).messages).to.deep.equal([]);
        expect((await run(serviceAccountToken, patch({ serviceAccountName: "default" }))).reported).to.deep.equal([DEDICATED]);
        expect((await run(serviceAccountToken, patch({ containers: [] }))).messages).to.deep.equal([]);
    });
    it("reports both findings of one pod, and accepts automount false", async () => {
        expect((await run(serviceAccountToken, deployment((_d, pod) => ((pod.serviceAccountName = "default"), delete pod.automountServiceAccountToken)))).reported).to.deep.equal([DEDICATED, AUTOMOUNT]);
        expect((await run(serviceAccountToken, deployment((_d, pod) => (pod.automountServiceAccountToken = false)))).outcome).to.equal("pass");
    });
    it("can't decide before apply on a pod's automount flag, at its path", async () => {
        undecided(await run(serviceAccountToken, deployment((_d, pod) => (pod.automountServiceAccountToken = C))), ".spec.template.spec.automountServiceAccountToken");
    });
});

describe("lb-services-internal, condition by condition", () => {
    const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    const LEGACY = "service.beta.kubernetes.io/aws-load-balancer-internal";
    const svc = (spec: unknown, metadata: Record<string, unknown> = { name: "web", namespace: "team-a" }, type = "kubernetes:core/v1:Service"): ResourceSpec => ({ type, name: "res", inputs: { metadata, spec } });
    const PUBLIC = (name = "web") => `Service ${name} of type LoadBalancer must be internal; set the annotation ${SCHEME}: internal, or list it in allowedPublicServices.`;
    const LB = { type: "LoadBalancer" };

    it("reads the legacy annotation only when the scheme is unset, and only \"true\"", async () => {
        expect((await run(lbServicesInternal, svc(LB, { name: "web", annotations: { [SCHEME]: "internet-facing", [LEGACY]: "true" } }))).reported).to.deep.equal([PUBLIC()]);
        expect((await run(lbServicesInternal, svc(LB, { name: "web", annotations: { [LEGACY]: "false" } }))).reported).to.deep.equal([PUBLIC()]);
        expect((await run(lbServicesInternal, svc(LB, { name: "web", annotations: { [LEGACY]: "True" } }))).reported).to.deep.equal([PUBLIC()]);
        expect((await run(lbServicesInternal, svc(LB, { name: "web", annotations: { [SCHEME]: "Internal" } }))).reported).to.deep.equal([PUBLIC()]);
    });
    it("does not check other Service types", async () => {
        for (const type of ["NodePort", "ExternalName", undefined]) {
            expect((await run(lbServicesInternal, svc({ type }))).outcome, String(type)).to.equal("pass");
        }
    });
    it("lists a Service by name, or by namespace/name only when the namespace is known", async () => {
        for (const listed of ["default/web", "undefined/web", "/web"]) {
            expect((await run(lbServicesInternal, svc(LB, { name: "web" }), { allowedPublicServices: [listed] })).reported, listed).to.deep.equal([PUBLIC()]);
        }
        expect((await run(lbServicesInternal, svc(LB, { name: "web", namespace: "team-a" }), { allowedPublicServices: ["team-a/web2", "web2"] })).reported).to.deep.equal([PUBLIC()]);
        expect((await run(lbServicesInternal, svc(LB, { namespace: "team-a" }), { allowedPublicServices: ["team-a/res"] })).messages).to.deep.equal([]);
        expect((await run(lbServicesInternal, svc(LB, { name: C }))).reported).to.deep.equal([PUBLIC("res")]);
    });
    it("can't decide before apply when the type, the annotations or the scheme is unknown", async () => {
        undecided(await run(lbServicesInternal, svc({ type: C })), ".spec.type");
        undecided(await run(lbServicesInternal, svc(LB, { name: "web", annotations: C })), ".metadata.annotations");
        undecided(await run(lbServicesInternal, svc(LB, { name: "web", annotations: { [SCHEME]: C } })), `.metadata.annotations.${SCHEME}`);
    });
    it("can't decide before apply on unknown externalIPs, and takes an empty list for none", async () => {
        undecided(await run(lbServicesInternal, svc({ type: "ClusterIP", externalIPs: C })), ".spec.externalIPs");
        expect((await run(lbServicesInternal, svc({ type: "ClusterIP", externalIPs: [] }))).outcome).to.equal("pass");
    });
    it("reports a public load balancer with externalIPs twice, and checks patches", async () => {
        const r = await run(lbServicesInternal, svc({ type: "LoadBalancer", externalIPs: ["198.51.100.1"] }, { name: "web" }, "kubernetes:core/v1:ServicePatch"));
        expect(r.reported).to.deep.equal([PUBLIC(), "Service web must not set externalIPs; remove spec.externalIPs and use a LoadBalancer or Ingress."]);
    });
    it("is not applicable to look-alike tokens", async () => {
        for (const type of ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceList", "xkubernetes:core/v1:Service", "kubernetes:core/v2:Service"]) {
            expect((await checkOf(lbServicesInternal, svc({ ...LB, externalIPs: ["1.1.1.1"] }, { name: "web" }, type))).outcome, type).to.equal("notApplicable");
        }
        expect((await checkOf(lbServicesInternal, svc(LB, {}, "kubernetes:core/v1:Pod"))).reason).to.equal("applies to Kubernetes Services");
    });
});

describe("validateWorkload and the shared helpers, condition by condition", () => {
    /** A rule that fails every container it sees, with the namespace exclusions on. */
    const everyContainer: ResourceValidationPolicy = {
        name: "every-container",
        description: "Checks whether a test sees each container.",
        enforcementLevel: "mandatory",
        configSchema: noConfig,
        validateResource: validateWorkload({ exclusions: true, check: (w, _config, out) => w.containers.forEach((c) => out.fail(`saw ${c.label}`)) }),
    };
    const jobsOnly: ResourceValidationPolicy = { ...everyContainer, name: "jobs-only", validateResource: validateWorkload({ kinds: ["Job"], exclusions: false, check: (_w, _c, out) => out.fail("saw a Job") }) };

    it("exempts workloads in kube-system by default, saying so, and those configured instead", async () => {
        const inKubeSystem = deployment((d) => (d.metadata.namespace = "kube-system"));
        expect(await checkOf(everyContainer, inKubeSystem)).to.deep.equal({ outcome: "exempt", reason: "namespace kube-system is listed in excludedNamespaces" });
        expect((await run(everyContainer, inKubeSystem, { excludedNamespaces: ["ops"] })).reported).to.deep.equal([`saw ${C0}`]);
        expect((await checkOf(everyContainer, deployment(), { excludedNamespaces: ["team-a"] })).outcome).to.equal("exempt");
        expect((await run(everyContainer, deployment((d) => delete d.metadata.namespace), { excludedNamespaces: ["default"] })).reported).to.deep.equal([]);
    });
    it("does not exempt a workload whose namespace is known only after apply", async () => {
        expect((await run(everyContainer, deployment((d) => (d.metadata.namespace = C)), { excludedNamespaces: ["team-a"] })).reported).to.deep.equal([`saw ${C0}`]);
    });
    it("checks only the kinds given, every workload kind by default, saying which", async () => {
        expect((await run(jobsOnly, { type: "kubernetes:batch/v1:Job", inputs: { spec: { template: { spec: { containers: [] } } } } })).reported).to.deep.equal(["saw a Job"]);
        expect(await checkOf(jobsOnly, deployment())).to.deep.equal({ outcome: "notApplicable", reason: "applies to Kubernetes Job resources" });
        expect((await checkOf(everyContainer, { type: "kubernetes:core/v1:ConfigMap", inputs: {} })).reason).to.equal(
            "applies to Kubernetes Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate, Pod resources",
        );
    });
    it("is not applicable to a Helm release of any version, saying why", async () => {
        for (const type of ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Release"]) {
            expect(await checkOf(everyContainer, { type, inputs: {} }), type).to.deep.equal({ outcome: "notApplicable", reason: HELM_NOT_APPLICABLE });
        }
        expect([isHelmRelease("kubernetes:helm.sh/v10:Release"), isHelmRelease("kubernetes:helm.sh/v:Release"), isHelmRelease("kubernetes:helm.sh/v3:ReleasePatch"), isHelmRelease("xkubernetes:helm.sh/v3:Release"), isHelmRelease("kubernetes:helmXsh/v3:Release")]).to.deep.equal([true, false, false, false, false]);
    });
    it("reads the namespace a workload lands in", () => {
        expect([namespaceOf({ namespace: "a" }), namespaceOf({ namespace: "" }), namespaceOf({ namespace: undefined }), namespaceOf({ namespace: 3 }), namespaceOf({ namespace: UNKNOWN })]).to.deep.equal(["a", "default", "default", "default", UNKNOWN]);
    });
    it("writes lists as messages show them", () => {
        expect([listText([]), listText(["a"]), listText(["a", "b"]), listText(["a", "b", "c"]), listText(["a", "b"], "or"), listText(["a", "b", "c"], "or")]).to.deep.equal(["", "a", "a and b", "a, b and c", "a or b", "a, b or c"]);
    });
    it("describes its config", () => {
        expect(DEFAULT_EXCLUDED_NAMESPACES).to.deep.equal(["kube-system"]);
        expect(excludedNamespacesSchema).to.deep.equal({ type: "array", items: { type: "string" }, default: ["kube-system"], description: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly." });
        expect(stringList(["x"], "d")).to.deep.equal({ type: "array", items: { type: "string" }, default: ["x"], description: "d" });
        expect(noConfig).to.deep.equal({ properties: {} });
    });
});
