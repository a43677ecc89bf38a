import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { teamGroup as accessTeamGroup } from "../../../components/cluster/access";
import { developerRules, teamGroup, viewerRules } from "../../../components/kubernetes/rbac";
import { TeamNamespace, TeamNamespaceArgs, validateTeamNamespaceArgs } from "../../../components/kubernetes/team-namespace";
import { declare, Declared } from "../../support/harness";

const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

function plan(args: TeamNamespaceArgs): Promise<Declared> {
    return declare(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        new TeamNamespace("payments", args, { providers: { kubernetes: provider } });
    });
}

const META = (name: string) => ({ name, namespace: "payments", labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/team": "payments" } });

describe("TeamNamespace", () => {
    it("creates exactly the namespace, quota, limits, network policies, role, binding and workload service account", async () => {
        const p = await plan({ team: "payments" });
        expect(p.inventory((r) => r.type !== "pulumi:providers:kubernetes")).to.deep.equal([
            "kubernetes:core/v1:LimitRange::payments-limits",
            "kubernetes:core/v1:Namespace::payments",
            "kubernetes:core/v1:ResourceQuota::payments-quota",
            "kubernetes:core/v1:ServiceAccount::payments-workload",
            `${NETPOL}::payments-allow-dns`,
            `${NETPOL}::payments-allow-same-namespace`,
            `${NETPOL}::payments-default-deny`,
            `${ROLE}::payments-developer`,
            `${BINDING}::payments-developer`,
            "platform:kubernetes:TeamNamespace::payments",
        ]);
        const component = p.one("platform:kubernetes:TeamNamespace", "payments");
        expect(p.childrenOf(component)).to.have.length(9);
        for (const r of p.childrenOf(component)) {
            expect(r.provider, r.name).to.equal("urn:pulumi:test::platform::pulumi:providers:kubernetes::k8s");
        }
    });

    it("labels the namespace restricted for enforce, audit and warn, and with its team", async () => {
        const p = await plan({ team: "payments", labels: { "cost-center": "cc-42", "platform/team": "someone-else", "pod-security.kubernetes.io/enforce": "privileged" } });
        expect(p.one("kubernetes:core/v1:Namespace", "payments").inputs.metadata).to.deep.equal({
            name: "payments",
            labels: {
                "cost-center": "cc-42",
                "platform/team": "payments",
                "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/audit-version": "latest",
                "pod-security.kubernetes.io/warn": "restricted",
                "pod-security.kubernetes.io/warn-version": "latest",
            },
        });
    });

    it("sets the quota and default container limits from defaults, with no CPU limit (CPU limits throttle)", async () => {
        const p = await plan({ team: "payments" });
        const quota = p.one("kubernetes:core/v1:ResourceQuota", "payments-quota").inputs;
        expect(quota.metadata).to.deep.equal(META("team-quota"));
        expect(quota.spec).to.deep.equal({
            hard: {
                "requests.cpu": "4",
                "requests.memory": "8Gi",
                "limits.memory": "16Gi",
                pods: "50",
                "services.loadbalancers": "0",
                "services.nodeports": "0",
                persistentvolumeclaims: "10",
            },
        });
        expect(p.one("kubernetes:core/v1:LimitRange", "payments-limits").inputs.spec).to.deep.equal({
            limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "512Mi" } }],
        });
    });

    it("quotas CPU limits only together with a default CPU limit", async () => {
        const p = await plan({ team: "payments", limitsCpu: "8", defaultLimitCpu: "500m" });
        expect((p.one("kubernetes:core/v1:ResourceQuota", "payments-quota").inputs.spec as any).hard["limits.cpu"]).to.equal("8");
        expect((p.one("kubernetes:core/v1:LimitRange", "payments-limits").inputs.spec as any).limits[0].default).to.deep.equal({ cpu: "500m", memory: "512Mi" });
    });

    it("sets the quota from args", async () => {
        const p = await plan({ team: "payments", requestsCpu: "16", limitsCpu: "32", defaultLimitCpu: "1", requestsMemory: "32Gi", limitsMemory: "64Gi", maxPods: 200, maxLoadBalancers: 1, maxPersistentVolumeClaims: 0 });
        expect(p.one("kubernetes:core/v1:ResourceQuota", "payments-quota").inputs.spec).to.deep.equal({
            hard: {
                "requests.cpu": "16",
                "requests.memory": "32Gi",
                "limits.cpu": "32",
                "limits.memory": "64Gi",
                pods: "200",
                "services.loadbalancers": "1",
                "services.nodeports": "0",
                persistentvolumeclaims: "0",
            },
        });
    });

    it("denies all traffic, then allows DNS to kube-dns and traffic within the namespace", async () => {
        const p = await plan({ team: "payments" });
        const policy = (n: string) => p.one(NETPOL, n).inputs;
        expect(policy("payments-default-deny")).to.deep.include({ metadata: META("default-deny"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } });
        expect(policy("payments-allow-dns").spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        });
        expect(policy("payments-allow-same-namespace").spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
        });
    });

    it("allows ingress from the ingress controller and monitoring namespaces when given", async () => {
        const p = await plan({ team: "payments", ingressControllerNamespace: "ingress-nginx", monitoringNamespace: "monitoring" });
        expect(p.one(NETPOL, "payments-allow-from-ingress-controller").inputs).to.deep.include({
            metadata: META("allow-from-ingress-controller"),
            spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] }] },
        });
        expect(p.one(NETPOL, "payments-allow-from-monitoring").inputs.spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] }],
        });
    });

    it("gives the team group a namespaced role with explicit rules and no Secrets", async () => {
        const p = await plan({ team: "payments" });
        const role = p.one(ROLE, "payments-developer").inputs;
        expect(role.metadata).to.deep.equal(META("team-developer"));
        const RW = ["get", "list", "watch", "create", "update", "patch", "delete"];
        const R = ["get", "list", "watch"];
        expect(role.rules).to.deep.equal([
            { apiGroups: [""], resources: ["configmaps", "services", "persistentvolumeclaims"], verbs: RW },
            { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "delete"] },
            { apiGroups: [""], resources: ["pods/log", "events", "endpoints", "serviceaccounts", "resourcequotas", "limitranges"], verbs: R },
            { apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] },
            { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: RW },
            { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale"], verbs: ["get", "update", "patch"] },
            { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: RW },
            { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: RW },
            { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: RW },
            { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: RW },
            { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: R },
            { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: R },
        ]);
        const binding = p.one(BINDING, "payments-developer").inputs;
        expect(binding.metadata).to.deep.equal(META("team-developer"));
        expect(binding.roleRef).to.deep.equal({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "team-developer" });
        expect(binding.subjects).to.deep.equal([{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "team:payments" }]);
    });

    it("adds Secrets to the role only when allowed", async () => {
        const p = await plan({ team: "payments", allowSecrets: true });
        const rules = p.one(ROLE, "payments-developer").inputs.rules as { resources: string[]; verbs: string[] }[];
        expect(rules.filter((r) => r.resources.includes("secrets"))).to.deep.equal([
            { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
        ]);
    });

    it("adds a read-only viewer role bound to team:<name>:viewers when asked", async () => {
        const p = await plan({ team: "payments", viewers: true });
        expect(p.one(ROLE, "payments-viewer").inputs.rules).to.deep.equal(viewerRules());
        expect(p.one(BINDING, "payments-viewer").inputs).to.deep.include({
            metadata: META("team-viewer"),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "team-viewer" },
            subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "team:payments:viewers" }],
        });
    });

    it("never grants wildcards, bind, escalate, impersonate, or Secrets to viewers", () => {
        for (const rules of [developerRules({ secrets: true }), developerRules({ secrets: false }), viewerRules()]) {
            for (const r of rules) {
                expect([...r.apiGroups, ...r.resources, ...r.verbs]).not.to.include("*");
                expect(r.verbs as string[]).to.not.include.oneOf(["bind", "escalate", "impersonate"]);
                expect(r.resources).to.not.include.oneOf(["roles", "rolebindings", "clusterroles", "clusterrolebindings", "serviceaccounts/token", "pods/exec", "pods/attach"]);
            }
        }
        expect(viewerRules().flatMap((r) => r.resources)).not.to.include("secrets");
        expect(developerRules({ secrets: false }).flatMap((r) => r.resources)).not.to.include("secrets");
    });

    it("creates the workload service account without an automounted token", async () => {
        const p = await plan({ team: "payments" });
        expect(p.one("kubernetes:core/v1:ServiceAccount", "payments-workload").inputs).to.deep.include({ metadata: META("payments-workload"), automountServiceAccountToken: false });
    });

    it("puts every namespaced object in the team namespace after the namespace exists", async () => {
        const p = await plan({ team: "payments", viewers: true, ingressControllerNamespace: "ingress-nginx" });
        const ns = p.one("kubernetes:core/v1:Namespace", "payments");
        for (const r of p.resources.filter((x) => x.type.startsWith("kubernetes:") && x !== ns && !x.type.startsWith("pulumi:"))) {
            expect((r.inputs.metadata as { namespace: string }).namespace, r.name).to.equal("payments");
            expect(r.dependencies, r.name).to.include(ns.urn);
        }
    });

    it("exports the group the access entry must map to", async () => {
        // One function: the access entry and the RoleBinding cannot drift apart.
        expect(teamGroup).to.equal(accessTeamGroup);
        expect(teamGroup("payments")).to.equal("team:payments");
        const p = await declare(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const t = new TeamNamespace("payments", { team: "payments" }, { provider });
            return { group: t.groupName, namespace: t.namespaceName, sa: t.workloadServiceAccountName };
        });
        expect(p.outputs).to.deep.equal({ group: "team:payments", namespace: "payments", sa: "payments-workload" });
    });

    const DNS = "is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
    const RESERVED = "is a reserved namespace (default, kube-system, kube-public, kube-node-lease, cert-manager, external-dns, kyverno, monitoring, node-agents); choose another team name";
    const QTY = 'is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")';
    const cases: [string, Partial<TeamNamespaceArgs>, string[]][] = [
        ["rejects a team name that is not a DNS label", { team: "Payments_Team" }, [`team: "Payments_Team" ${DNS}`]],
        ["rejects a team name longer than 63 characters", { team: "a".repeat(64) }, [`team: "${"a".repeat(64)}" ${DNS}`]],
        ["rejects a reserved namespace", { team: "kube-system" }, [`team: "kube-system" ${RESERVED}`]],
        ["rejects an add-on namespace", { team: "cert-manager" }, [`team: "cert-manager" ${RESERVED}`]],
        ["rejects the observability namespace", { team: "monitoring" }, [`team: "monitoring" ${RESERVED}`]],
        ["rejects a quota that is not a quantity", { requestsCpu: "two" }, [`requestsCpu: "two" ${QTY}`]],
        ["rejects a negative quantity", { limitsMemory: "-1Gi" }, [`limitsMemory: "-1Gi" ${QTY}`]],
        ["rejects limits below requests", { requestsCpu: "4", limitsCpu: "2", defaultLimitCpu: "500m" }, ['limitsCpu: "2" is below requestsCpu "4"; limits must be at least the requests']],
        [
            "rejects a CPU limit quota without a default CPU limit",
            { limitsCpu: "8" },
            ['defaultLimitCpu: unset is required with limitsCpu "8": with a quota on CPU limits, a container without a CPU limit is rejected'],
        ],
        [
            "rejects limits below requests across units",
            { requestsMemory: "2Gi", limitsMemory: "1500Mi" },
            ['limitsMemory: "1500Mi" is below requestsMemory "2Gi"; limits must be at least the requests'],
        ],
        [
            "rejects a default limit below the default request",
            { defaultRequestCpu: "1", defaultLimitCpu: "500m" },
            ['defaultLimitCpu: "500m" is below defaultRequestCpu "1"; limits must be at least the requests'],
        ],
        [
            "rejects a default request the quota cannot hold",
            { requestsMemory: "64Mi", defaultRequestMemory: "128Mi" },
            ['requestsMemory: "64Mi" is below defaultRequestMemory "128Mi"; limits must be at least the requests'],
        ],
        ["rejects a negative load balancer quota", { maxLoadBalancers: -1 }, ["maxLoadBalancers: -1 is not in 0..100"]],
        ["rejects zero pods", { maxPods: 0 }, ["maxPods: 0 is not in 1..10000"]],
        ["rejects an ingress namespace that is not a DNS label", { ingressControllerNamespace: "Ingress" }, [`ingressControllerNamespace: "Ingress" ${DNS}`]],
        ["rejects a Pod Security version that is not a minor", { podSecurityVersion: "1.33" }, ['podSecurityVersion: "1.33" is not "latest" or a Kubernetes minor such as "v1.33"']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateTeamNamespaceArgs({ team: "payments", ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("accepts the defaults and a pinned Pod Security version", () => {
        expect(() => validateTeamNamespaceArgs({ team: "payments", podSecurityVersion: "v1.33" })).not.to.throw();
    });

    it("reports every problem at once", () => {
        expect(() => validateTeamNamespaceArgs({ team: "default", requestsCpu: "x", maxPods: 0 }))
            .to.throw()
            .with.property("problems")
            .that.has.length(3);
    });
});
