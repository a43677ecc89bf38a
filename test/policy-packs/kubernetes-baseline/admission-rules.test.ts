import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { expect } from "chai";
import { admissionPolicies, GeneratedAdmissionPolicy } from "../../../policy-packs/kubernetes-baseline/admission";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { fromAllowedRegistry } from "../../../policy-packs/kubernetes-baseline/policies/images";
import { parseImage } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import type { ResourceSpec } from "../../support/policy";
import { admit, asKind, POD_KINDS } from "./admission-harness";
import { cronJob, deployment, IMAGE, Inputs, onCluster, run, TAGGED_IMAGE, withContainer } from "./fixtures";

/**
 * Parity of the two layers on the pack's own fixtures for the rules besides the Pod Security
 * checks: each case is a compliant object (fixtures.ts) changed in one field, as the pack's tests
 * build them; the pack policy (run as in preview) and the generated admission policy (run as the
 * API server would) must reach the same verdict, and that verdict is the one written down.
 */

const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

function generated(policy: string, config: Record<string, unknown> = {}, version = "1.33"): GeneratedAdmissionPolicy {
    const all = admissionPolicies({ kubernetesVersion: version, packConfig: { [policy]: { enforcementLevel: "mandatory", ...config } }, mode: "deny", platformNamespaces: [] });
    const g = all.find((x) => x.packPolicy === policy);
    if (!g) {
        throw new Error(`no admission policy for ${policy}`);
    }
    return g;
}

const byName = (name: string) => kubernetesBaselinePolicies.find((p) => p.name === name) as ResourceValidationPolicy | StackValidationPolicy;

interface Case {
    name: string;
    resource: ResourceSpec;
    verdict: "pass" | "fail";
    config?: Record<string, unknown>;
}

async function packFails(policy: string, c: Case): Promise<boolean> {
    const p = byName(policy);
    const resources = "validateStack" in p ? onCluster("1.33", c.resource) : c.resource;
    const r = await run(p, resources, c.config ?? {});
    return r.reported.length > 0;
}

function admissionFails(policy: string, c: Case): boolean {
    const { applies, failures } = admit(generated(policy, c.config), c.resource.inputs as Record<string, any>);
    return applies && failures.length > 0;
}

function parity(policy: string, cases: Case[]): void {
    describe(policy, () => {
        for (const c of cases) {
            it(`${c.verdict}s at both layers: ${c.name}`, async () => {
                expect({ pack: await packFails(policy, c), admission: admissionFails(policy, c) }).to.deep.equal({ pack: c.verdict === "fail", admission: c.verdict === "fail" });
            });
        }
    });
}

const image = (i: string | undefined) => withContainer((c) => (i === undefined ? delete c.image : (c.image = i)));
const SERVICE = "kubernetes:core/v1:Service";
const service = (spec: Inputs, annotations?: Record<string, string>, name = "web"): ResourceSpec => ({
    type: SERVICE,
    name,
    inputs: { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "team-a", ...(annotations ? { annotations } : {}) }, spec },
});
const serviceAccount = (automount?: boolean): ResourceSpec => ({
    type: "kubernetes:core/v1:ServiceAccount",
    name: "api",
    inputs: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "api", namespace: "team-a" }, ...(automount === undefined ? {} : { automountServiceAccountToken: automount }) },
});

describe("admission parity: the pack's other rules as CEL", () => {
    parity("image-pinned", [
        { name: "tag and digest", resource: deployment(), verdict: "pass" },
        { name: "a version tag", resource: image(TAGGED_IMAGE), verdict: "pass" },
        { name: "a digest without a tag", resource: image(`${ECR}/team-a/api@sha256:${"a".repeat(64)}`), verdict: "pass" },
        { name: "no tag or digest", resource: image(`${ECR}/team-a/api`), verdict: "fail" },
        { name: "the latest tag", resource: image("nginx:latest"), verdict: "fail" },
        { name: "latest with a digest", resource: image(`nginx:latest@sha256:${"b".repeat(64)}`), verdict: "pass" },
        { name: "a registry port is not a tag", resource: image("registry.internal:5000/api"), verdict: "fail" },
        { name: "a registry port and a tag", resource: image("registry.internal:5000/api:2.1"), verdict: "pass" },
        { name: "localhost with a port and latest", resource: image("localhost:5000/api:latest"), verdict: "fail" },
        { name: "no image", resource: image(undefined), verdict: "fail" },
        { name: "a Docker Hub short name with a tag, in a CronJob", resource: cronJob((p) => (p.containers[0].image = "busybox:1.36")), verdict: "pass" },
    ]);
    parity("image-pinned-digest", [
        { name: "a digest", resource: deployment(), verdict: "pass" },
        { name: "a tag only", resource: image(TAGGED_IMAGE), verdict: "fail" },
        { name: "an init container by tag", resource: deployment((_d, p) => (p.initContainers = [{ name: "init", image: TAGGED_IMAGE }])), verdict: "fail" },
    ]);
    const only = { allowedRegistries: [`${ECR}/`] };
    parity("allowed-registries", [
        { name: "the listed registry", resource: deployment(), verdict: "pass", config: only },
        { name: "Docker Hub", resource: image("nginx:1.27"), verdict: "fail", config: only },
        { name: "a look-alike host", resource: image(`${ECR}.attacker.io/x:1`), verdict: "fail", config: only },
        { name: "any private ECR registry when none is listed", resource: image("999999999999.dkr.ecr.us-east-1.amazonaws.com/x:1"), verdict: "pass" },
        { name: "a public registry when none is listed", resource: image("quay.io/jetstack/cert-manager-controller:v1.16.1"), verdict: "fail" },
        { name: "a Docker Hub short name against docker.io/library/", resource: image("nginx:1.27"), verdict: "pass", config: { allowedRegistries: ["docker.io/library"] } },
        { name: "an organization on Docker Hub against docker.io/", resource: image("grafana/grafana:11.0.0"), verdict: "pass", config: { allowedRegistries: ["docker.io/"] } },
    ]);
    parity("resources-requests-limits", [
        { name: "requests and a memory limit", resource: deployment(), verdict: "pass" },
        { name: "no CPU request", resource: withContainer((c) => delete c.resources.requests.cpu), verdict: "fail" },
        { name: "no memory limit", resource: withContainer((c) => delete c.resources.limits), verdict: "fail" },
        { name: "an empty memory request", resource: withContainer((c) => (c.resources.requests.memory = "")), verdict: "fail" },
        { name: "a numeric CPU request", resource: withContainer((c) => (c.resources.requests.cpu = 1)), verdict: "pass" },
        { name: "an init container without resources", resource: deployment((_d, p) => (p.initContainers = [{ name: "init", image: IMAGE }])), verdict: "fail" },
    ]);
    parity("probes", [
        { name: "readiness and liveness", resource: deployment(), verdict: "pass" },
        { name: "no readiness probe", resource: withContainer((c) => delete c.readinessProbe), verdict: "fail" },
        { name: "a startup probe instead of liveness", resource: withContainer((c) => ((c.startupProbe = c.livenessProbe), delete c.livenessProbe)), verdict: "pass" },
        { name: "neither liveness nor startup", resource: withContainer((c) => delete c.livenessProbe), verdict: "fail" },
        { name: "a CronJob (not a long-running kind)", resource: cronJob((p) => delete p.containers[0].readinessProbe), verdict: "pass" },
    ]);
    parity("service-account-token", [
        { name: "a dedicated account, automount off", resource: deployment(), verdict: "pass" },
        { name: "the default account", resource: deployment((_d, p) => (p.serviceAccountName = "default")), verdict: "fail" },
        { name: "no account", resource: deployment((_d, p) => delete p.serviceAccountName), verdict: "fail" },
        { name: "the deprecated serviceAccount field", resource: deployment((_d, p) => ((p.serviceAccount = "api"), delete p.serviceAccountName)), verdict: "pass" },
        { name: "automount unset", resource: deployment((_d, p) => delete p.automountServiceAccountToken), verdict: "fail" },
        { name: "automount on, explicitly", resource: deployment((_d, p) => (p.automountServiceAccountToken = true)), verdict: "pass" },
        { name: "a ServiceAccount with automount off", resource: serviceAccount(false), verdict: "pass" },
        { name: "a ServiceAccount with automount unset", resource: serviceAccount(undefined), verdict: "fail" },
        { name: "a ServiceAccount with automount on", resource: serviceAccount(true), verdict: "fail" },
    ]);
    parity("no-default-namespace", [
        { name: "a team namespace", resource: deployment(), verdict: "pass" },
        { name: "default", resource: deployment((d) => (d.metadata.namespace = "default")), verdict: "fail" },
        { name: "no namespace (the request's is default)", resource: deployment((d) => delete d.metadata.namespace), verdict: "fail" },
    ]);
    parity("secrets-not-in-env", [
        { name: "plain values", resource: deployment(), verdict: "pass" },
        { name: "env from a Secret key", resource: withContainer((c) => c.env.push({ name: "TOKEN", valueFrom: { secretKeyRef: { name: "api", key: "token" } } })), verdict: "fail" },
        { name: "envFrom a Secret", resource: withContainer((c) => (c.envFrom = [{ secretRef: { name: "api" } }])), verdict: "fail" },
        { name: "envFrom a ConfigMap", resource: withContainer((c) => (c.envFrom = [{ configMapRef: { name: "api" } }])), verdict: "pass" },
    ]);
    parity("read-only-root-fs", [
        { name: "read-only", resource: deployment(), verdict: "pass" },
        { name: "writable", resource: withContainer((c) => (c.securityContext.readOnlyRootFilesystem = false)), verdict: "fail" },
        { name: "unset", resource: withContainer((c) => delete c.securityContext.readOnlyRootFilesystem), verdict: "fail" },
        { name: "writable in an excluded namespace", resource: deployment((d, p) => ((d.metadata.namespace = "kube-system"), (p.containers[0].securityContext.readOnlyRootFilesystem = false))), verdict: "pass" },
    ]);
    parity("lb-services-internal", [
        { name: "ClusterIP", resource: service({ type: "ClusterIP", ports: [{ port: 80 }] }), verdict: "pass" },
        { name: "an internal LoadBalancer", resource: service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }), verdict: "pass" },
        { name: "the legacy internal annotation", resource: service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }), verdict: "pass" },
        { name: "a LoadBalancer without the annotation", resource: service({ type: "LoadBalancer" }), verdict: "fail" },
        { name: "internet-facing", resource: service({ type: "LoadBalancer" }, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing" }), verdict: "fail" },
        { name: "internet-facing, listed by name", resource: service({ type: "LoadBalancer" }), verdict: "pass", config: { allowedPublicServices: ["web"] } },
        { name: "internet-facing, listed as namespace/name", resource: service({ type: "LoadBalancer" }), verdict: "pass", config: { allowedPublicServices: ["team-a/web"] } },
        { name: "externalIPs", resource: service({ type: "ClusterIP", externalIPs: ["203.0.113.10"] }), verdict: "fail" },
    ]);
    parity("no-privileged", [
        { name: "unprivileged", resource: deployment(), verdict: "pass" },
        { name: "privileged", resource: withContainer((c) => (c.securityContext.privileged = true)), verdict: "fail" },
        { name: "privileged in kube-system (excluded at both layers)", resource: deployment((d, p) => ((d.metadata.namespace = "kube-system"), (p.containers[0].securityContext.privileged = true))), verdict: "pass" },
        {
            name: "privileged in node-agents when the config lists it",
            resource: deployment((d, p) => ((d.metadata.namespace = "node-agents"), (p.containers[0].securityContext.privileged = true))),
            verdict: "pass",
            config: { excludedNamespaces: ["kube-system", "node-agents"] },
        },
    ]);
    parity("capabilities-restricted", [
        { name: "drops ALL", resource: deployment(), verdict: "pass" },
        { name: "adds SYS_TIME", resource: withContainer((c) => (c.securityContext.capabilities.add = ["SYS_TIME"])), verdict: "fail" },
        { name: "adds SYS_TIME when allowedCapabilities lists it", resource: withContainer((c) => (c.securityContext.capabilities.add = ["SYS_TIME"])), verdict: "pass", config: { allowedCapabilities: ["SYS_TIME"] } },
    ]);

    it("the namespace label half of namespace-guardrails agrees with the pack", async () => {
        const ns = (labels: Record<string, string>, name = "team-a"): ResourceSpec => ({ type: "kubernetes:core/v1:Namespace", name, inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } } });
        const deny: ResourceSpec = {
            type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            name: "deny",
            inputs: { metadata: { name: "default-deny", namespace: "team-a" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        };
        const policy = byName("namespace-guardrails");
        for (const [labels, verdict] of [
            [{ "pod-security.kubernetes.io/enforce": "restricted" }, "pass"],
            [{ "pod-security.kubernetes.io/enforce": "baseline" }, "fail"],
            [{}, "fail"],
        ] as const) {
            const pack = (await run(policy, [ns(labels), deny])).reported.length > 0;
            const adm = admit(generated("namespace-guardrails"), ns(labels).inputs as Record<string, any>);
            expect({ pack, admission: adm.applies && adm.failures.length > 0 }, JSON.stringify(labels)).to.deep.equal({ pack: verdict === "fail", admission: verdict === "fail" });
        }
        // Excluded at both layers (the pack's default list; the binding's namespaceSelector).
        expect((await run(policy, [ns({}, "kube-system")])).reported).to.deep.equal([]);
        expect(admit(generated("namespace-guardrails"), ns({}, "kube-system").inputs as Record<string, any>).applies).to.equal(false);
    });
});

describe("admission parity: image references, parsed as the pack parses them", () => {
    const IMAGES = [
        "nginx",
        "nginx:1.27",
        "nginx:latest",
        "nginx@sha256:abc",
        "nginx:latest@sha256:abc",
        "library/nginx:1",
        "grafana/grafana:11.0.0",
        "docker.io/library/nginx:1",
        "quay.io/jetstack/cert-manager-controller:v1.16.1",
        "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
        "public.ecr.aws/karpenter/controller:1.1.0@sha256:abc",
        `${ECR}/team-a/api`,
        `${ECR}/team-a/api:1.4.2`,
        `${ECR}/team-a/api:latest`,
        `${ECR}.attacker.io/team-a/api:1`,
        "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/x:1",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x:1",
        "localhost/app",
        "localhost:5000/app",
        "localhost:5000/app:1",
        "registry.internal:5000/a/b:2@sha256:def",
        "a/b:c/d",
        "app:",
        "app@",
    ];
    const prefixesCases: string[][] = [[], [`${ECR}/`], ["docker.io/library/"], ["docker.io/"], ["quay.io/jetstack/", "registry.k8s.io"]];

    it("image-pinned, image-pinned-digest and allowed-registries agree with parseImage and fromAllowedRegistry on every reference", () => {
        const mismatches: string[] = [];
        for (const i of IMAGES) {
            const ref = parseImage(i);
            const pinned = !!ref.digest || (ref.tag !== undefined && ref.tag !== "latest");
            const pod = { spec: { containers: [{ name: "c", image: i }] } };
            const obj = asKind("Pod", pod, "team-a");
            if ((admit(generated("image-pinned"), obj).failures.length === 0) !== pinned) {
                mismatches.push(`image-pinned ${i}`);
            }
            if ((admit(generated("image-pinned-digest"), obj).failures.length === 0) !== !!ref.digest) {
                mismatches.push(`image-pinned-digest ${i}`);
            }
            for (const prefixes of prefixesCases) {
                const allowed = fromAllowedRegistry(i, prefixes);
                if ((admit(generated("allowed-registries", { allowedRegistries: prefixes }), obj).failures.length === 0) !== allowed) {
                    mismatches.push(`allowed-registries ${JSON.stringify(prefixes)} ${i}`);
                }
            }
        }
        expect(mismatches).to.deep.equal([]);
    });

    it("judges the image in every workload kind", () => {
        for (const kind of POD_KINDS) {
            const obj = asKind(kind, { spec: { containers: [{ name: "c", image: "nginx:latest" }] } }, "team-a");
            expect(admit(generated("image-pinned"), obj).failures.map((f) => f.check), kind).to.deep.equal(["image-pinned"]);
        }
    });
});
