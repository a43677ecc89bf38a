import { expect } from "chai";
import { podSecurityBaselinePolicies, podSecurityRestrictedPolicies } from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { admissionPolicies, admissionRule, ADMISSION_RULES, GeneratedAdmissionPolicy, POD_VARIABLES, variablesFor } from "../../../policy-packs/kubernetes-baseline/admission";
import { admit, asKind, evaluate } from "./admission-harness";
import { deployment, IMAGE, Inputs, TAGGED_IMAGE, withContainer } from "./fixtures";

/**
 * The admission rules beyond the Pod Security checks (admission/rules.ts), one condition at a time
 * (issue #15), run as the API server runs them (cel-js, admission-harness.ts): each element of
 * each list the CEL reads, the allowed cases that must stay allowed, and the exact message the
 * API server returns. admission-rules.test.ts holds the parity with the pack.
 */

function generated(policy: string, config: Record<string, unknown> = {}): GeneratedAdmissionPolicy {
    const g = admissionPolicies({ kubernetesVersion: "1.33", packConfig: { [policy]: { enforcementLevel: "mandatory", ...config } }, mode: "deny", platformNamespaces: [] }).find((x) => x.packPolicy === policy);
    if (!g) {
        throw new Error(`no admission policy for ${policy}`);
    }
    return g;
}

/** The messages the API server returns for the object (undefined: the policy does not apply). */
function refusals(policy: string, object: { inputs: Inputs } | Inputs, config: Record<string, unknown> = {}): string[] | undefined {
    const obj = ("inputs" in object ? object.inputs : object) as Inputs;
    const r = admit(generated(policy, config), obj);
    return r.applies ? r.failures.map((f) => f.message) : undefined;
}

const pod = (spec: Inputs) => asKind("Pod", { spec }, "team-a");
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

describe("admission rules: the table", () => {
    it("finds a rule by its pack policy, and nothing for another name", () => {
        expect(admissionRule("probes")).to.equal(ADMISSION_RULES.find((r) => r.policy === "probes"));
        expect(admissionRule("probes")!.target).to.equal("long-running");
        expect(admissionRule("no-such-policy")).to.equal(undefined);
    });
    it("gives pod targets the pod variables, Services and Namespaces none", () => {
        for (const t of ["workloads", "long-running", "workloads-and-service-accounts"] as const) {
            expect(variablesFor(t), t).to.equal(POD_VARIABLES);
        }
        expect(variablesFor("services")).to.deep.equal([]);
        expect(variablesFor("namespaces")).to.deep.equal([]);
    });
    it("marks which rules exempt the configured namespaces and which the platform's", () => {
        const flags = Object.fromEntries(ADMISSION_RULES.filter((r) => r.validations).map((r) => [r.policy, `${r.exemptions ? "excluded" : "-"}/${r.exemptPlatformNamespaces ? "platform" : "-"}/${r.target}`]));
        expect(flags).to.deep.equal({
            "no-privileged": "excluded/-/workloads",
            "no-host-namespaces-or-ports": "excluded/-/workloads",
            "no-hostpath": "excluded/-/workloads",
            "baseline-misc": "excluded/-/workloads",
            "capabilities-restricted": "excluded/-/workloads",
            "no-privilege-escalation": "excluded/-/workloads",
            "run-as-non-root": "excluded/-/workloads",
            "seccomp-runtime-default": "excluded/-/workloads",
            "proc-mount-restricted": "excluded/-/workloads",
            "restricted-volume-types": "excluded/-/workloads",
            "read-only-root-fs": "excluded/platform/workloads",
            "image-pinned": "-/platform/workloads",
            "image-pinned-digest": "-/platform/workloads",
            "allowed-registries": "-/platform/workloads",
            "resources-requests-limits": "-/platform/workloads",
            probes: "-/platform/long-running",
            "service-account-token": "-/platform/workloads-and-service-accounts",
            "no-default-namespace": "-/-/workloads",
            "namespace-guardrails": "excluded/-/namespaces",
            "secrets-not-in-env": "-/platform/workloads",
            "lb-services-internal": "-/-/services",
        });
        expect(ADMISSION_RULES.filter((r) => !r.validations).map((r) => `${r.policy}:${r.expressible}:${r.target ?? "-"}`)).to.deep.equal([
            "image-provenance-enforced:no:-",
            "admission-policies-enforced:no:-",
            "rbac-least-privilege:no:-",
            "rbac-secrets-access:no:-",
        ]);
    });
});

describe("admission rules: each validation names the rule or Pod Security check it comes from", () => {
    const pss = new Map([...podSecurityBaselinePolicies, ...podSecurityRestrictedPolicies].map((p) => [p.name, p.pssChecks as string[]]));
    for (const rule of ADMISSION_RULES.filter((r) => r.validations)) {
        it(rule.policy, () => {
            const checks = [...new Set(rule.validations!("1.35", {}).map((v) => v.check))];
            expect(checks).to.deep.equal(pss.get(rule.policy) ?? [rule.policy]);
        });
    }
});

describe("admission rules: the validations without settings (the pack's defaults)", () => {
    const validations = (policy: string) => admissionRule(policy)!.validations!("1.33", {});
    it("namespace-guardrails requires restricted", () => {
        expect(validations("namespace-guardrails").map((v) => v.message)).to.deep.equal([
            "namespace-guardrails: the namespace must set the label pod-security.kubernetes.io/enforce: restricted (or stricter).",
        ]);
        const ns = (level: string) => ({ kind: "Namespace", metadata: { name: "team-a", labels: { "pod-security.kubernetes.io/enforce": level } } });
        expect(evaluate(validations("namespace-guardrails"), [], ns("baseline"), { namespace: "" })).to.have.length(1);
        expect(evaluate(validations("namespace-guardrails"), [], ns("restricted"), { namespace: "" })).to.deep.equal([]);
    });
    it("allowed-registries admits a private ECR registry only", () => {
        expect(validations("allowed-registries")[0].message).to.equal("allowed-registries: images must come from a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/).");
        const pod = (image: string) => asKind("Pod", { spec: { containers: [{ name: "c", image }] } }, "team-a");
        expect(evaluate(validations("allowed-registries"), POD_VARIABLES, pod(`${ECR}/a:1`), { namespace: "team-a" })).to.deep.equal([]);
    });
    it("lb-services-internal lists no public Service", () => {
        const svc = (name: string) => ({ kind: "Service", metadata: { name, namespace: "team-a" }, spec: { type: "LoadBalancer" } });
        expect(evaluate(validations("lb-services-internal"), [], svc("web"), { namespace: "team-a" }).map((f) => f.message)).to.deep.equal([
            "lb-services-internal: a LoadBalancer Service must be internal; set the annotation service.beta.kubernetes.io/aws-load-balancer-scheme: internal, or list it in allowedPublicServices.",
        ]);
    });
});

describe("admission image-pinned, condition by condition", () => {
    const MSG = "image-pinned: every image must carry a version tag that is not latest, or a digest (<repository>:<version> or <repository>@sha256:<digest>); failing containers: app";
    const img = (i: string) => withContainer((c) => (c.image = i));
    for (const [i, ok] of [
        [`${ECR}/api:1.0`, true],
        [`${ECR}/api:latest`, false],
        [`${ECR}/api:latest-2`, true],
        [`${ECR}/api:my-latest`, true],
        [`${ECR}/api@sha256:${"a".repeat(64)}`, true],
        [`${ECR}/api@`, false],
        [`${ECR}/api:`, false],
        [`${ECR}/api`, false],
        ["nginx", false],
        ["nginx:1", true],
        ["nginx:latest", false],
        ["nginx:latest@sha256:abc", true],
        ["library/nginx:1.27", true],
        ["localhost/app:1", true],
        ["localhost/app", false],
        ["localhost:5000/app", false],
        ["localhost:5000/app:latest", false],
        ["localhost:5000/app:2", true],
        ["registry.internal:5000/app", false],
        ["registry.internal/app:latest", false],
        ["registry.internal/team/app:3", true],
    ] as const) {
        it(`${ok ? "admits" : "refuses"} ${i}`, () => {
            expect(refusals("image-pinned", img(i))).to.deep.equal(ok ? [] : [MSG]);
        });
    }
    it("refuses a container without an image, an init container and an ephemeral container by latest", () => {
        expect(refusals("image-pinned", withContainer((c) => delete c.image))).to.deep.equal([MSG]);
        expect(refusals("image-pinned", deployment((_d, p) => (p.initContainers = [{ name: "init", image: "busybox:latest" }])))).to.deep.equal([MSG.replace(": app", ": init")]);
        expect(refusals("image-pinned", pod({ containers: [{ name: "app", image: IMAGE }], ephemeralContainers: [{ name: "debug", image: "busybox" }] }))).to.deep.equal([MSG.replace(": app", ": debug")]);
    });
});

describe("admission image-pinned-digest, condition by condition", () => {
    const MSG = "image-pinned-digest: every image must be pinned by digest (<repository>@sha256:<digest>); failing containers: ";
    it("admits a digest, and a container without an image (image-pinned refuses that)", () => {
        expect(refusals("image-pinned-digest", deployment())).to.deep.equal([]);
        expect(refusals("image-pinned-digest", withContainer((c) => delete c.image))).to.deep.equal([]);
    });
    it("refuses a tag only, an empty digest, and a digest-like tag; names each container", () => {
        expect(refusals("image-pinned-digest", withContainer((c) => (c.image = TAGGED_IMAGE)))).to.deep.equal([`${MSG}app`]);
        expect(refusals("image-pinned-digest", withContainer((c) => (c.image = `${ECR}/api@`)))).to.deep.equal([`${MSG}app`]);
        expect(refusals("image-pinned-digest", pod({ containers: [{ name: "a", image: "x:1" }], ephemeralContainers: [{ name: "d", image: "y:1" }] }))).to.deep.equal([`${MSG}a, d`]);
    });
});

describe("admission allowed-registries, condition by condition", () => {
    const img = (i: string) => withContainer((c) => (c.image = i));
    const ECR_MSG = "allowed-registries: images must come from a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/); failing containers: app";

    it("without a list: any private ECR registry (FIPS and China partitions too), nothing else", () => {
        for (const ok of [`${ECR}/a:1`, "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a:1", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a:1"]) {
            expect(refusals("allowed-registries", img(ok)), ok).to.deep.equal([]);
        }
        for (const bad of ["nginx:1", "public.ecr.aws/a/b:1", "12345678901.dkr.ecr.eu-west-1.amazonaws.com/a:1", `x${ECR}/a:1`, `${ECR}.evil.io/a:1`, `${ECR}:443/a:1`]) {
            expect(refusals("allowed-registries", img(bad)), bad).to.deep.equal([ECR_MSG]);
        }
    });
    it("admits a container without an image (image-pinned refuses it)", () => {
        expect(refusals("allowed-registries", withContainer((c) => delete c.image))).to.deep.equal([]);
    });
    it("a listed prefix without a trailing slash is a whole registry: a look-alike host is refused", () => {
        const config = { allowedRegistries: ["quay.io", "registry.k8s.io/"] };
        const msg = "allowed-registries: images must come from quay.io/, registry.k8s.io/; failing containers: app";
        expect(refusals("allowed-registries", img("quay.io/jetstack/x:1"), config)).to.deep.equal([]);
        expect(refusals("allowed-registries", img("registry.k8s.io/pause:3.9"), config)).to.deep.equal([]);
        expect(refusals("allowed-registries", img("quay.io.evil.com/x:1"), config)).to.deep.equal([msg]);
        expect(refusals("allowed-registries", img(`${ECR}/a:1`), config)).to.deep.equal([msg]);
    });
    it("Docker Hub short names are read as docker.io/library/<name>, organizations as docker.io/<org>/<name>", () => {
        const library = { allowedRegistries: ["docker.io/library/"] };
        expect(refusals("allowed-registries", img("nginx:1"), library)).to.deep.equal([]);
        expect(refusals("allowed-registries", img("grafana/grafana:1"), library)).to.have.length(1);
        const org = { allowedRegistries: ["docker.io/grafana/"] };
        expect(refusals("allowed-registries", img("grafana/grafana:1"), org)).to.deep.equal([]);
        expect(refusals("allowed-registries", img("nginx:1"), org)).to.have.length(1);
        // A reference with its own registry is never read as Docker Hub.
        expect(refusals("allowed-registries", img("localhost/grafana/x:1"), { allowedRegistries: ["docker.io/"] })).to.have.length(1);
        expect(refusals("allowed-registries", img("ghcr.io/grafana/x:1"), { allowedRegistries: ["docker.io/"] })).to.have.length(1);
    });
});

describe("admission resources-requests-limits, condition by condition", () => {
    const MSG = "resources-requests-limits: set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container; failing containers: ";
    for (const [section, key] of [
        ["requests", "cpu"],
        ["requests", "memory"],
        ["limits", "memory"],
    ]) {
        it(`refuses a container without resources.${section}.${key}, and one with it empty`, () => {
            expect(refusals("resources-requests-limits", withContainer((c) => delete c.resources[section][key]))).to.deep.equal([`${MSG}app`]);
            expect(refusals("resources-requests-limits", withContainer((c) => (c.resources[section][key] = "")))).to.deep.equal([`${MSG}app`]);
        });
    }
    it("does not require a CPU limit; refuses a container with no resources at all", () => {
        expect(refusals("resources-requests-limits", deployment())).to.deep.equal([]);
        expect(refusals("resources-requests-limits", withContainer((c) => delete c.resources))).to.deep.equal([`${MSG}app`]);
    });
    it("judges init containers, not ephemeral containers (which cannot declare resources)", () => {
        const ok = { name: "app", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } } };
        expect(refusals("resources-requests-limits", pod({ containers: [ok], ephemeralContainers: [{ name: "debug" }] }))).to.deep.equal([]);
        expect(refusals("resources-requests-limits", pod({ containers: [ok], initContainers: [{ name: "init" }] }))).to.deep.equal([`${MSG}init`]);
    });
});

describe("admission probes, condition by condition", () => {
    const MSG = "probes: every container must define a readinessProbe and a livenessProbe or startupProbe; failing containers: app";
    it("refuses no readiness probe even with liveness and startup", () => {
        expect(refusals("probes", withContainer((c) => ((c.startupProbe = c.livenessProbe), delete c.readinessProbe)))).to.deep.equal([MSG]);
    });
    it("admits readiness with startup only; refuses readiness alone", () => {
        expect(refusals("probes", withContainer((c) => ((c.startupProbe = c.livenessProbe), delete c.livenessProbe)))).to.deep.equal([]);
        expect(refusals("probes", withContainer((c) => delete c.livenessProbe))).to.deep.equal([MSG]);
    });
    it("does not judge init or ephemeral containers", () => {
        expect(refusals("probes", deployment((_d, p) => ((p.initContainers = [{ name: "init" }]), (p.ephemeralContainers = [{ name: "debug" }]))))).to.deep.equal([]);
    });
    it("does not apply to a Pod, a Job or a ReplicaSet", () => {
        const bare = { containers: [{ name: "app" }] };
        for (const kind of ["Pod", "Job", "ReplicaSet"]) {
            expect(admit(generated("probes"), asKind(kind, { spec: bare })).applies, kind).to.equal(false);
        }
        for (const kind of ["Deployment", "StatefulSet", "DaemonSet"]) {
            expect(admit(generated("probes"), asKind(kind, { spec: bare })).failures.length, kind).to.equal(1);
        }
    });
});

describe("admission service-account-token, condition by condition", () => {
    const SA_MSG = "service-account-token: a ServiceAccount must set automountServiceAccountToken: false; pods that call the Kubernetes API opt in on the pod spec.";
    const DEDICATED = "service-account-token: the pod must run as a dedicated ServiceAccount; set serviceAccountName (not default).";
    const AUTOMOUNT = "service-account-token: the pod must set automountServiceAccountToken: false (or true only if it calls the Kubernetes API).";
    const sa = (extra: Inputs) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "api", namespace: "team-a" }, ...extra });

    it("a ServiceAccount: only automount false passes, and the pod checks do not apply to it", () => {
        expect(refusals("service-account-token", sa({ automountServiceAccountToken: false }))).to.deep.equal([]);
        expect(refusals("service-account-token", sa({}))).to.deep.equal([SA_MSG]);
        expect(refusals("service-account-token", sa({ automountServiceAccountToken: true }))).to.deep.equal([SA_MSG]);
    });
    it("a pod: the ServiceAccount check does not apply to it", () => {
        expect(refusals("service-account-token", deployment())).to.deep.equal([]);
    });
    it("refuses default or no account (either field), and an empty name", () => {
        expect(refusals("service-account-token", deployment((_d, p) => (p.serviceAccountName = "default")))).to.deep.equal([DEDICATED]);
        expect(refusals("service-account-token", deployment((_d, p) => (p.serviceAccountName = "")))).to.deep.equal([DEDICATED]);
        expect(refusals("service-account-token", deployment((_d, p) => delete p.serviceAccountName))).to.deep.equal([DEDICATED]);
        expect(refusals("service-account-token", deployment((_d, p) => ((p.serviceAccount = "default"), delete p.serviceAccountName)))).to.deep.equal([DEDICATED]);
    });
    it("reads serviceAccountName before the deprecated serviceAccount", () => {
        expect(refusals("service-account-token", deployment((_d, p) => (p.serviceAccount = "default")))).to.deep.equal([]);
        expect(refusals("service-account-token", deployment((_d, p) => (p.serviceAccount = "api")))).to.deep.equal([]);
        expect(refusals("service-account-token", deployment((_d, p) => ((p.serviceAccount = "api"), (p.serviceAccountName = "default"))))).to.deep.equal([DEDICATED]);
    });
    it("refuses automount unset on the pod; admits false and true", () => {
        expect(refusals("service-account-token", deployment((_d, p) => delete p.automountServiceAccountToken))).to.deep.equal([AUTOMOUNT]);
        expect(refusals("service-account-token", deployment((_d, p) => (p.automountServiceAccountToken = true)))).to.deep.equal([]);
        expect(refusals("service-account-token", deployment((_d, p) => ((p.automountServiceAccountToken = true), (p.serviceAccountName = "default"))))).to.deep.equal([DEDICATED]);
    });
});

describe("admission no-default-namespace", () => {
    it("refuses a workload in default with the exact message, admits one elsewhere", () => {
        expect(refusals("no-default-namespace", deployment((d) => (d.metadata.namespace = "default")))).to.deep.equal([
            "no-default-namespace: workloads must not run in the default namespace; use the team's namespace.",
        ]);
        expect(refusals("no-default-namespace", deployment((d) => (d.metadata.namespace = "default-team")))).to.deep.equal([]);
    });
});

describe("admission namespace-guardrails: the enforce label", () => {
    const ns = (labels?: Record<string, string>, name = "team-a") => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } });
    const enforce = (level: string) => ({ "pod-security.kubernetes.io/enforce": level });
    const RESTRICTED = "namespace-guardrails: the namespace must set the label pod-security.kubernetes.io/enforce: restricted (or stricter).";
    const BASELINE = "namespace-guardrails: the namespace must set the label pod-security.kubernetes.io/enforce: baseline (or stricter).";

    it("by default only restricted passes", () => {
        expect(refusals("namespace-guardrails", ns(enforce("restricted")))).to.deep.equal([]);
        for (const labels of [enforce("baseline"), enforce("privileged"), { "pod-security.kubernetes.io/warn": "restricted" }, {}, undefined] as (Record<string, string> | undefined)[]) {
            expect(refusals("namespace-guardrails", ns(labels)), JSON.stringify(labels)).to.deep.equal([RESTRICTED]);
        }
    });
    it("with minimumLevel baseline, baseline and restricted pass, privileged and unset do not", () => {
        const config = { minimumLevel: "baseline" };
        expect(refusals("namespace-guardrails", ns(enforce("baseline")), config)).to.deep.equal([]);
        expect(refusals("namespace-guardrails", ns(enforce("restricted")), config)).to.deep.equal([]);
        expect(refusals("namespace-guardrails", ns(enforce("privileged")), config)).to.deep.equal([BASELINE]);
        expect(refusals("namespace-guardrails", ns({}), config)).to.deep.equal([BASELINE]);
    });
    it("with minimumLevel restricted, as the default", () => {
        expect(refusals("namespace-guardrails", ns(enforce("baseline")), { minimumLevel: "restricted" })).to.deep.equal([RESTRICTED]);
    });
    it("exempts the configured namespaces", () => {
        expect(refusals("namespace-guardrails", ns({}, "sandbox"), { excludedNamespaces: ["sandbox"] })).to.equal(undefined);
        expect(refusals("namespace-guardrails", ns({}, "kube-system"), { excludedNamespaces: ["sandbox"] })).to.deep.equal([RESTRICTED]);
    });
});

describe("admission lb-services-internal, condition by condition", () => {
    const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    const LEGACY = "service.beta.kubernetes.io/aws-load-balancer-internal";
    const PUBLIC = `lb-services-internal: a LoadBalancer Service must be internal; set the annotation ${SCHEME}: internal, or list it in allowedPublicServices.`;
    const EXTERNAL = "lb-services-internal: a Service must not set spec.externalIPs; use a LoadBalancer or an Ingress.";
    const svc = (spec: Inputs, annotations?: Record<string, string>, name = "web", namespace = "team-a") => ({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
        spec,
    });
    const lb = { type: "LoadBalancer" };

    it("admits Services that are not LoadBalancers, and a Service without a type", () => {
        expect(refusals("lb-services-internal", svc({ type: "NodePort" }))).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc({ ports: [{ port: 80 }] }))).to.deep.equal([]);
    });
    it("refuses a public LoadBalancer, admits the scheme internal", () => {
        expect(refusals("lb-services-internal", svc(lb))).to.deep.equal([PUBLIC]);
        expect(refusals("lb-services-internal", svc(lb, { [SCHEME]: "internal" }))).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc(lb, { [SCHEME]: "Internal" }))).to.deep.equal([PUBLIC]);
    });
    it("the legacy annotation counts only as true and only when the scheme annotation is absent", () => {
        expect(refusals("lb-services-internal", svc(lb, { [LEGACY]: "true" }))).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc(lb, { [LEGACY]: "false" }))).to.deep.equal([PUBLIC]);
        expect(refusals("lb-services-internal", svc(lb, { [LEGACY]: "true", [SCHEME]: "internet-facing" }))).to.deep.equal([PUBLIC]);
        expect(refusals("lb-services-internal", svc(lb, { [LEGACY]: "true", [SCHEME]: "internal" }))).to.deep.equal([]);
    });
    it("allowedPublicServices: by name or namespace/name, and only that namespace", () => {
        expect(refusals("lb-services-internal", svc(lb), { allowedPublicServices: ["web"] })).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc(lb), { allowedPublicServices: ["team-a/web"] })).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc(lb), { allowedPublicServices: ["team-b/web"] })).to.deep.equal([PUBLIC]);
        expect(refusals("lb-services-internal", svc(lb), { allowedPublicServices: ["api", "team-a/api"] })).to.deep.equal([PUBLIC]);
    });
    it("refuses externalIPs on any Service, admits an empty list", () => {
        expect(refusals("lb-services-internal", svc({ type: "ClusterIP", externalIPs: ["203.0.113.1"] }))).to.deep.equal([EXTERNAL]);
        expect(refusals("lb-services-internal", svc({ type: "ClusterIP", externalIPs: [] }))).to.deep.equal([]);
        expect(refusals("lb-services-internal", svc({ ...lb, externalIPs: ["203.0.113.1"] }))).to.deep.equal([PUBLIC, EXTERNAL]);
    });
});

describe("admission secrets-not-in-env, condition by condition", () => {
    const MSG = "secrets-not-in-env: do not read Secrets through env[].valueFrom.secretKeyRef or envFrom[].secretRef; mount the Secret as a file; failing containers: ";
    it("admits values, ConfigMap keys, field refs and ConfigMap envFrom", () => {
        const c = withContainer((x) => {
            x.env.push({ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }, { name: "B", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
            x.envFrom = [{ configMapRef: { name: "c" } }, { prefix: "X_", configMapRef: { name: "d" } }];
        });
        expect(refusals("secrets-not-in-env", c)).to.deep.equal([]);
    });
    it("refuses a Secret key among other entries, and envFrom a Secret after a ConfigMap, in any container", () => {
        expect(refusals("secrets-not-in-env", withContainer((x) => x.env.push({ name: "T", valueFrom: { secretKeyRef: { name: "s", key: "k" } } })))).to.deep.equal([`${MSG}app`]);
        expect(refusals("secrets-not-in-env", withContainer((x) => (x.envFrom = [{ configMapRef: { name: "c" } }, { secretRef: { name: "s" } }])))).to.deep.equal([`${MSG}app`]);
        expect(refusals("secrets-not-in-env", pod({ containers: [{ name: "a" }], initContainers: [{ name: "i", envFrom: [{ secretRef: { name: "s" } }] }] }))).to.deep.equal([`${MSG}i`]);
    });
});

describe("admission read-only-root-fs, condition by condition", () => {
    const MSG = "read-only-root-fs: set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir where it writes; failing containers: ";
    it("refuses a writable or unset root filesystem, in a container or an init container", () => {
        expect(refusals("read-only-root-fs", withContainer((c) => delete c.securityContext))).to.deep.equal([`${MSG}app`]);
        expect(refusals("read-only-root-fs", deployment((_d, p) => (p.initContainers = [{ name: "init", securityContext: { readOnlyRootFilesystem: false } }])))).to.deep.equal([`${MSG}init`]);
    });
    it("does not judge ephemeral containers (they cannot set it)", () => {
        expect(refusals("read-only-root-fs", deployment((_d, p) => (p.ephemeralContainers = [{ name: "debug" }])))).to.deep.equal([]);
    });
});
