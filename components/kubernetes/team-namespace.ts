import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { allowDnsSpec, allowFromNamespaceSpec, allowSameNamespaceSpec, defaultDenySpec, NetworkPolicySpec, podSecurityLabels } from "./guardrails";
import { POD_SECURITY_VERSION, RESERVED_NAMESPACES } from "./namespaces";
import { parseQuantity } from "./quantity";
import { developerRules, teamGroup, teamViewerGroup, viewerRules } from "./rbac";

/**
 * One team's namespace on the paved road: restricted Pod Security, a quota and default container
 * limits, default-deny networking with DNS and same-namespace traffic allowed, a namespaced Role
 * bound to the team's Kubernetes group, and a workload service account that mounts no token.
 */
export interface TeamNamespaceArgs {
    /** Team name: the namespace name and the `team:<name>` group (a DNS label, not a reserved namespace). */
    team: string;
    /** Quota on the sum of CPU requests. @default "4" */
    requestsCpu?: string;
    /** Quota on the sum of memory requests. @default "8Gi" */
    requestsMemory?: string;
    /**
     * Quota on the sum of CPU limits. Off by default: CPU limits throttle, and with a limits.cpu
     * quota every pod must carry a CPU limit, so a container requesting more than the namespace's
     * default limit would be rejected. Set it together with defaultLimitCpu. @default none
     */
    limitsCpu?: string;
    /** Quota on the sum of memory limits. @default "16Gi" */
    limitsMemory?: string;
    /** Quota on pods. @default 50 */
    maxPods?: number;
    /** Quota on LoadBalancer Services: public entry points go through the shared ingress. @default 0 */
    maxLoadBalancers?: number;
    /** Quota on NodePort Services. @default 0 */
    maxNodePorts?: number;
    /** Quota on PersistentVolumeClaims. @default 10 */
    maxPersistentVolumeClaims?: number;
    /** CPU request of a container that sets none. @default "100m" */
    defaultRequestCpu?: string;
    /** Memory request of a container that sets none. @default "128Mi" */
    defaultRequestMemory?: string;
    /** CPU limit of a container that sets none; required with limitsCpu. @default none */
    defaultLimitCpu?: string;
    /** Memory limit of a container that sets none. @default "512Mi" */
    defaultLimitMemory?: string;
    /** Namespace of the ingress controller whose pods may reach every pod here. @default none */
    ingressControllerNamespace?: string;
    /** Namespace of the monitoring stack whose pods may scrape every pod here. @default none */
    monitoringNamespace?: string;
    /** Let the team's Role read and write Secrets. @default false */
    allowSecrets?: boolean;
    /** Create a read-only Role bound to `team:<name>:viewers`. @default false */
    viewers?: boolean;
    /** Pod Security Standards version for the PSA labels. @default "latest" */
    podSecurityVersion?: string;
    /** Extra namespace labels (cannot override the PSA and team labels). @default {} */
    labels?: Record<string, string>;
}

export const TEAM_NAMESPACE_DEFAULTS = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsMemory: "16Gi",
    maxPods: 50,
    maxLoadBalancers: 0,
    maxNodePorts: 0,
    maxPersistentVolumeClaims: 10,
    defaultRequestCpu: "100m",
    defaultRequestMemory: "128Mi",
    defaultLimitMemory: "512Mi",
    allowSecrets: false,
    viewers: false,
    podSecurityVersion: POD_SECURITY_VERSION,
} as const;

type Optional = "ingressControllerNamespace" | "monitoringNamespace" | "labels" | "limitsCpu" | "defaultLimitCpu";
type Resolved = Required<Omit<TeamNamespaceArgs, Optional>> & Pick<TeamNamespaceArgs, Optional>;

export function resolveTeamNamespaceArgs(args: TeamNamespaceArgs): Resolved {
    const d = TEAM_NAMESPACE_DEFAULTS;
    return {
        ...args,
        requestsCpu: args.requestsCpu ?? d.requestsCpu,
        requestsMemory: args.requestsMemory ?? d.requestsMemory,
        limitsMemory: args.limitsMemory ?? d.limitsMemory,
        maxPods: args.maxPods ?? d.maxPods,
        maxLoadBalancers: args.maxLoadBalancers ?? d.maxLoadBalancers,
        maxNodePorts: args.maxNodePorts ?? d.maxNodePorts,
        maxPersistentVolumeClaims: args.maxPersistentVolumeClaims ?? d.maxPersistentVolumeClaims,
        defaultRequestCpu: args.defaultRequestCpu ?? d.defaultRequestCpu,
        defaultRequestMemory: args.defaultRequestMemory ?? d.defaultRequestMemory,
        defaultLimitMemory: args.defaultLimitMemory ?? d.defaultLimitMemory,
        allowSecrets: args.allowSecrets ?? d.allowSecrets,
        viewers: args.viewers ?? d.viewers,
        podSecurityVersion: args.podSecurityVersion ?? d.podSecurityVersion,
    };
}

const QUANTITY_HINT = 'is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")';

export function validateTeamNamespaceArgs(args: TeamNamespaceArgs): void {
    const a = resolveTeamNamespaceArgs(args);
    const p = new Problems();
    p.dnsLabel("team", a.team);
    if (RESERVED_NAMESPACES.includes(a.team)) {
        p.add("team", a.team, `is a reserved namespace (${RESERVED_NAMESPACES.join(", ")}); choose another team name`);
    }
    const quantity = (path: keyof Resolved, optional = false): number | undefined => {
        if (optional && a[path] === undefined) {
            return undefined;
        }
        const value = parseQuantity(a[path]);
        if (value === undefined) {
            p.add(path, a[path], QUANTITY_HINT);
        }
        return value;
    };
    const q = {
        requestsCpu: quantity("requestsCpu"),
        requestsMemory: quantity("requestsMemory"),
        limitsCpu: quantity("limitsCpu", true),
        limitsMemory: quantity("limitsMemory"),
        defaultRequestCpu: quantity("defaultRequestCpu"),
        defaultRequestMemory: quantity("defaultRequestMemory"),
        defaultLimitCpu: quantity("defaultLimitCpu", true),
        defaultLimitMemory: quantity("defaultLimitMemory"),
    };
    const atLeast = (limit: keyof typeof q, request: keyof typeof q): void => {
        const l = q[limit];
        const r = q[request];
        if (l !== undefined && r !== undefined && l < r) {
            p.add(limit, a[limit], `is below ${request} ${JSON.stringify(a[request])}; limits must be at least the requests`);
        }
    };
    atLeast("limitsCpu", "requestsCpu");
    atLeast("limitsMemory", "requestsMemory");
    atLeast("defaultLimitCpu", "defaultRequestCpu");
    atLeast("defaultLimitMemory", "defaultRequestMemory");
    // A default that does not fit the quota makes every pod without explicit resources unschedulable.
    atLeast("requestsCpu", "defaultRequestCpu");
    atLeast("requestsMemory", "defaultRequestMemory");
    atLeast("limitsCpu", "defaultLimitCpu");
    atLeast("limitsMemory", "defaultLimitMemory");
    if (a.limitsCpu !== undefined && a.defaultLimitCpu === undefined) {
        p.add("defaultLimitCpu", a.defaultLimitCpu, `is required with limitsCpu ${JSON.stringify(a.limitsCpu)}: with a quota on CPU limits, a container without a CPU limit is rejected`);
    }
    p.intRange("maxPods", a.maxPods, 1, 10000);
    p.intRange("maxLoadBalancers", a.maxLoadBalancers, 0, 100);
    p.intRange("maxNodePorts", a.maxNodePorts, 0, 100);
    p.intRange("maxPersistentVolumeClaims", a.maxPersistentVolumeClaims, 0, 1000);
    if (a.ingressControllerNamespace !== undefined) {
        p.dnsLabel("ingressControllerNamespace", a.ingressControllerNamespace);
    }
    if (a.monitoringNamespace !== undefined) {
        p.dnsLabel("monitoringNamespace", a.monitoringNamespace);
    }
    if (!/^(latest|v1\.\d+)$/.test(a.podSecurityVersion)) {
        p.add("podSecurityVersion", a.podSecurityVersion, 'is not "latest" or a Kubernetes minor such as "v1.33"');
    }
    p.throwIfAny("TeamNamespace");
}

/** Labels of a team namespace: the caller's, then the team, ALB readiness gate and Pod Security labels, which win. */
export function teamNamespaceLabels(team: string, podSecurityVersion: string, extra: Record<string, string> = {}): Record<string, string> {
    // The readiness gate keeps a rolling update from removing old pods before the ALB (pod-IP
    // targets) has registered the new ones.
    return { ...extra, "platform/team": team, "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled", ...podSecurityLabels("restricted", podSecurityVersion) };
}

/** The NetworkPolicies of a team namespace by object name, in creation order. */
export function teamNetworkPolicies(a: Pick<TeamNamespaceArgs, "ingressControllerNamespace" | "monitoringNamespace">): [string, NetworkPolicySpec][] {
    const policies: [string, NetworkPolicySpec][] = [
        ["default-deny", defaultDenySpec()],
        ["allow-dns", allowDnsSpec()],
        ["allow-same-namespace", allowSameNamespaceSpec()],
    ];
    if (a.ingressControllerNamespace) {
        policies.push(["allow-from-ingress-controller", allowFromNamespaceSpec(a.ingressControllerNamespace)]);
    }
    if (a.monitoringNamespace) {
        policies.push(["allow-from-monitoring", allowFromNamespaceSpec(a.monitoringNamespace)]);
    }
    return policies;
}

const RBAC_GROUP = "rbac.authorization.k8s.io";

export class TeamNamespace extends pulumi.ComponentResource {
    readonly namespaceName: pulumi.Output<string>;
    readonly workloadServiceAccountName: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    /** The Kubernetes group the team's EKS access entry must map to. */
    readonly groupName: string;

    constructor(name: string, args: TeamNamespaceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kubernetes:TeamNamespace", name, {}, opts);
        validateTeamNamespaceArgs(args);
        const a = resolveTeamNamespaceArgs(args);
        const team = a.team;
        const common = { "app.kubernetes.io/managed-by": "pulumi", "platform/team": team };

        const ns = new k8s.core.v1.Namespace(name, { metadata: { name: team, labels: teamNamespaceLabels(team, a.podSecurityVersion, a.labels) } }, { parent: this });
        // Every namespaced child names the namespace through its output, so it waits for the namespace.
        const namespace = ns.metadata.name;
        const meta = (objectName: string) => ({ name: objectName, namespace, labels: common });

        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            {
                metadata: meta("team-quota"),
                spec: {
                    hard: {
                        "requests.cpu": a.requestsCpu,
                        "requests.memory": a.requestsMemory,
                        ...(a.limitsCpu !== undefined ? { "limits.cpu": a.limitsCpu } : {}),
                        "limits.memory": a.limitsMemory,
                        pods: String(a.maxPods),
                        "services.loadbalancers": String(a.maxLoadBalancers),
                        "services.nodeports": String(a.maxNodePorts),
                        persistentvolumeclaims: String(a.maxPersistentVolumeClaims),
                    },
                },
            },
            { parent: this },
        );
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: meta("team-limits"),
                spec: {
                    limits: [
                        {
                            type: "Container",
                            defaultRequest: { cpu: a.defaultRequestCpu, memory: a.defaultRequestMemory },
                            default: { ...(a.defaultLimitCpu !== undefined ? { cpu: a.defaultLimitCpu } : {}), memory: a.defaultLimitMemory },
                        },
                    ],
                },
            },
            { parent: this },
        );
        for (const [policyName, spec] of teamNetworkPolicies(a)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${policyName}`, { metadata: meta(policyName), spec }, { parent: this });
        }

        const role = new k8s.rbac.v1.Role(`${name}-developer`, { metadata: meta("team-developer"), rules: developerRules({ secrets: a.allowSecrets }) }, { parent: this });
        new k8s.rbac.v1.RoleBinding(
            `${name}-developer`,
            {
                metadata: meta("team-developer"),
                roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "Group", apiGroup: RBAC_GROUP, name: teamGroup(team) }],
            },
            { parent: this },
        );
        if (a.viewers) {
            const viewer = new k8s.rbac.v1.Role(`${name}-viewer`, { metadata: meta("team-viewer"), rules: viewerRules() }, { parent: this });
            new k8s.rbac.v1.RoleBinding(
                `${name}-viewer`,
                {
                    metadata: meta("team-viewer"),
                    roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: viewer.metadata.name },
                    subjects: [{ kind: "Group", apiGroup: RBAC_GROUP, name: teamViewerGroup(team) }],
                },
                { parent: this },
            );
        }

        // The namespace's `default` service account cannot be patched by a plain resource (the
        // API server creates it); workloads use this one instead, which mounts no API token unless
        // a pod asks for it explicitly.
        const sa = new k8s.core.v1.ServiceAccount(`${name}-workload`, { metadata: meta(`${team}-workload`), automountServiceAccountToken: false }, { parent: this });

        this.namespaceName = namespace;
        this.workloadServiceAccountName = sa.metadata.name;
        this.roleName = role.metadata.name;
        this.groupName = teamGroup(team);
        this.registerOutputs({ namespaceName: this.namespaceName, workloadServiceAccountName: this.workloadServiceAccountName, roleName: this.roleName, groupName: this.groupName });
    }
}
