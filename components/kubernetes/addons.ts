import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, Problems } from "../common";
import { PodIdentityRole } from "../cluster/pod-identity";
import { allowDnsSpec, allowEgressToAnywhereSpec, allowEgressToAnywhereWithPodIdentitySpec, allowIngressPortsSpec, defaultDenySpec, NetworkPolicySpec, podSecurityLabels } from "./guardrails";
import { externalDnsStatements, lbControllerStatements } from "./iam";
import { CERT_MANAGER_NAMESPACE, EXTERNAL_DNS_NAMESPACE, POD_SECURITY_VERSION, SYSTEM_NAMESPACE } from "./namespaces";
import { pinnedRelease } from "./helm";
import { ChartPin, CHARTS } from "./versions";
import { certManagerValues, ExternalDnsPolicy, externalDnsValues, lbControllerValues, metricsServerValues } from "./values";

/**
 * The platform add-ons of a workload cluster, each a `k8s.helm.v3.Release` of a pinned chart (see
 * DESIGN.md: helm.v4.Chart is a remote component invisible to mocks and policies), plus the default
 * encrypted gp3 StorageClass. Add-ons that call AWS get a `PodIdentityRole`; nothing uses the node role.
 */
export interface PlatformAddonsArgs {
    /** Cluster name: Pod Identity associations, the controller's `clusterName`, ExternalDNS's TXT owner. */
    clusterName: pulumi.Input<string>;
    /** Region of the cluster. */
    region: string;
    /** Account that owns the cluster (12 digits). */
    accountId: string;
    /** VPC of the cluster, given to the load balancer controller. */
    vpcId: pulumi.Input<string>;
    /** KMS key ARN that encrypts EBS volumes of the default StorageClass. */
    ebsKmsKeyArn: pulumi.Input<string>;
    /** Route 53 hosted zone IDs ExternalDNS may change; ExternalDNS is installed only when there are some. @default [] */
    hostedZoneIds?: string[];
    /** Domains ExternalDNS manages records for. @default [] (every domain of the hosted zones) */
    domainFilters?: string[];
    /** Install the AWS Load Balancer Controller. @default true */
    loadBalancerController?: boolean;
    /** Install cert-manager. @default true */
    certManager?: boolean;
    /** Install ExternalDNS (when hostedZoneIds is not empty). @default true */
    externalDns?: boolean;
    /** Install metrics-server. @default true */
    metricsServer?: boolean;
    /** Create the default `gp3-encrypted` StorageClass. @default true */
    storageClass?: boolean;
    /** ExternalDNS policy: `upsert-only` never deletes records; `sync` also deletes. @default "upsert-only" */
    externalDnsPolicy?: ExternalDnsPolicy;
    /** Replicas of each cert-manager deployment (controller, webhook, cainjector). @default 2 */
    certManagerReplicas?: number;
    /** Create cert-manager's Prometheus ServiceMonitor (needs the prometheus-operator CRDs). @default false */
    certManagerServiceMonitor?: boolean;
    /** Reclaim policy of the default StorageClass. @default "Retain" */
    storageReclaimPolicy?: "Retain" | "Delete";
    /**
     * Tag every volume the default StorageClass provisions `platform:backup=true`, the tag the
     * account's BackupPlan selects (the Prometheus, Alertmanager and Grafana volumes and any team
     * PVC). Volumes provisioned before the tag was set keep their tags: tag them once by hand.
     * @default true
     */
    backupVolumes?: boolean;
    /** Seconds Helm waits for a release to become ready before rolling it back. @default 600 */
    helmTimeoutSeconds?: number;
    /** Tags of the IAM roles. @default {} */
    tags?: Record<string, string>;
}

export const PLATFORM_ADDONS_DEFAULTS = {
    hostedZoneIds: [] as string[],
    domainFilters: [] as string[],
    loadBalancerController: true,
    certManager: true,
    externalDns: true,
    metricsServer: true,
    storageClass: true,
    externalDnsPolicy: "upsert-only" as ExternalDnsPolicy,
    certManagerReplicas: 2,
    certManagerServiceMonitor: false,
    storageReclaimPolicy: "Retain" as "Retain" | "Delete",
    backupVolumes: true,
    helmTimeoutSeconds: 600,
};

type ResolvedAddonsArgs = PlatformAddonsArgs & typeof PLATFORM_ADDONS_DEFAULTS;

/** Args with every default applied (an explicit `undefined` counts as unset). */
export function resolvePlatformAddonsArgs(args: PlatformAddonsArgs): ResolvedAddonsArgs {
    const d = PLATFORM_ADDONS_DEFAULTS;
    return {
        ...args,
        hostedZoneIds: args.hostedZoneIds ?? d.hostedZoneIds,
        domainFilters: args.domainFilters ?? d.domainFilters,
        loadBalancerController: args.loadBalancerController ?? d.loadBalancerController,
        certManager: args.certManager ?? d.certManager,
        externalDns: args.externalDns ?? d.externalDns,
        metricsServer: args.metricsServer ?? d.metricsServer,
        storageClass: args.storageClass ?? d.storageClass,
        externalDnsPolicy: args.externalDnsPolicy ?? d.externalDnsPolicy,
        certManagerReplicas: args.certManagerReplicas ?? d.certManagerReplicas,
        certManagerServiceMonitor: args.certManagerServiceMonitor ?? d.certManagerServiceMonitor,
        storageReclaimPolicy: args.storageReclaimPolicy ?? d.storageReclaimPolicy,
        backupVolumes: args.backupVolumes ?? d.backupVolumes,
        helmTimeoutSeconds: args.helmTimeoutSeconds ?? d.helmTimeoutSeconds,
    };
}

/** Service accounts the Pod Identity associations name; the charts create them under these names. */
export const LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";
export const DEFAULT_STORAGE_CLASS = "gp3-encrypted";

const DOMAIN = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;

export function validatePlatformAddonsArgs(args: PlatformAddonsArgs): void {
    const p = new Problems();
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region)) {
        p.add("region", args.region, "is not an AWS region such as eu-west-1");
    }
    if (!/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    (args.hostedZoneIds ?? []).forEach((id, i) => {
        if (!/^Z[A-Z0-9]{1,31}$/.test(id)) {
            p.add(`hostedZoneIds[${i}]`, id, 'is not a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ" (no "/hostedzone/" prefix)');
        }
    });
    (args.domainFilters ?? []).forEach((d, i) => {
        if (!DOMAIN.test(d)) {
            p.add(`domainFilters[${i}]`, d, 'is not a lowercase domain name such as "dev.example.com"');
        }
    });
    if ((args.domainFilters ?? []).length > 0 && (args.hostedZoneIds ?? []).length === 0) {
        p.addMessage("domainFilters: set but hostedZoneIds is empty; ExternalDNS is installed only for listed hosted zones");
    }
    if (args.externalDnsPolicy !== undefined) {
        p.oneOf("externalDnsPolicy", args.externalDnsPolicy, ["upsert-only", "sync"]);
    }
    if (args.storageReclaimPolicy !== undefined) {
        p.oneOf("storageReclaimPolicy", args.storageReclaimPolicy, ["Retain", "Delete"]);
    }
    if (args.certManagerReplicas !== undefined) {
        p.intRange("certManagerReplicas", args.certManagerReplicas, 1, 5);
    }
    if (args.helmTimeoutSeconds !== undefined) {
        p.intRange("helmTimeoutSeconds", args.helmTimeoutSeconds, 60, 3600);
    }
    p.throwIfAny("PlatformAddons");
}

/** The tag the account's BackupPlan selects (components/backup BACKUP_TAG), as an EBS CSI `tagSpecification_N` value. */
export const BACKUP_VOLUME_TAG = "platform:backup=true";

/**
 * The default StorageClass as plain data (tested as a document). The EBS CSI driver (v1.6.0 and
 * later) applies every `tagSpecification_<n>` parameter, a `key=value`, to the volumes it
 * provisions; StorageClass parameters are immutable, so changing them replaces the StorageClass
 * (existing volumes keep theirs).
 */
export function storageClassSpec(kmsKeyId: pulumi.Input<string>, reclaimPolicy: "Retain" | "Delete", backupVolumes = false) {
    return {
        metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId, ...(backupVolumes ? { tagSpecification_1: BACKUP_VOLUME_TAG } : {}) },
        // Volumes are created in the zone of the pod that first mounts them, not in a random zone.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy,
    };
}

/** Ports the add-on namespaces accept traffic on (webhooks, probes, metrics) and send it to. */
const ADDON_NETWORK: Record<string, { ingress: number[]; egress: { protocol: "TCP" | "UDP"; port: number }[]; podIdentity: boolean }> = {
    // Webhook 10250 (called by the control plane), metrics 9402, health probes 9403 and 6080;
    // egress to the API server and ACME (443), HTTP-01 self checks (80), DNS-01 checks against
    // authoritative name servers (53).
    [CERT_MANAGER_NAMESPACE]: {
        ingress: [10250, 9402, 9403, 6080],
        egress: [
            { protocol: "TCP", port: 443 },
            { protocol: "TCP", port: 80 },
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
        ],
        podIdentity: false,
    },
    // Metrics and health on 7979; egress to the API server and Route 53 (443), and to the Pod
    // Identity agent (link-local, port 80) for its Route 53 credentials.
    [EXTERNAL_DNS_NAMESPACE]: { ingress: [7979], egress: [{ protocol: "TCP", port: 443 }], podIdentity: true },
};

/** The NetworkPolicies of an add-on namespace by object name. */
export function addonNetworkPolicies(namespace: string): [string, NetworkPolicySpec][] {
    const net = ADDON_NETWORK[namespace];
    return [
        ["default-deny", defaultDenySpec()],
        ["allow-dns", allowDnsSpec()],
        ["allow-egress", net.podIdentity ? allowEgressToAnywhereWithPodIdentitySpec(net.egress) : allowEgressToAnywhereSpec(net.egress)],
        ["allow-ingress", allowIngressPortsSpec(net.ingress.map((port) => ({ protocol: "TCP" as const, port })))],
    ];
}

export class PlatformAddons extends pulumi.ComponentResource {
    readonly loadBalancerControllerRoleArn?: pulumi.Output<string>;
    readonly externalDnsRoleArn?: pulumi.Output<string>;
    readonly certManagerNamespace?: pulumi.Output<string>;
    readonly externalDnsNamespace?: pulumi.Output<string>;
    readonly storageClassName?: pulumi.Output<string>;

    constructor(name: string, args: PlatformAddonsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kubernetes:PlatformAddons", name, {}, opts);
        validatePlatformAddonsArgs(args);
        const a = resolvePlatformAddonsArgs(args);
        const hostedZoneIds = a.hostedZoneIds;
        const timeout = a.helmTimeoutSeconds;
        const partition = partitionOf(args.region);
        const identity = { clusterName: args.clusterName, accountId: args.accountId, region: args.region, tags: args.tags };

        const release = (role: string, pin: ChartPin, namespace: pulumi.Input<string>, values: object, dependsOn: pulumi.Resource[]): k8s.helm.v3.Release =>
            pinnedRelease(`${name}-${role}`, { pin, namespace, values, timeoutSeconds: timeout }, { parent: this, dependsOn });

        const namespace = (role: string, nsName: string): k8s.core.v1.Namespace => {
            const ns = new k8s.core.v1.Namespace(
                `${name}-${role}-namespace`,
                { metadata: { name: nsName, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/addon": role, ...podSecurityLabels("restricted", POD_SECURITY_VERSION) } } },
                { parent: this },
            );
            for (const [policyName, spec] of addonNetworkPolicies(nsName)) {
                new k8s.networking.v1.NetworkPolicy(`${name}-${role}-${policyName}`, { metadata: { name: policyName, namespace: ns.metadata.name }, spec }, { parent: this });
            }
            return ns;
        };

        // The controller's webhooks intercept Service and Ingress creation; the other charts wait
        // for it so that their Services are not rejected while its pods are starting.
        const first: pulumi.Resource[] = [];
        if (a.loadBalancerController) {
            const role = new PodIdentityRole(
                `${name}-lb-controller-identity`,
                { ...identity, namespace: SYSTEM_NAMESPACE, serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT, statements: lbControllerStatements(partition) },
                { parent: this },
            );
            const values = lbControllerValues({ clusterName: args.clusterName, region: args.region, vpcId: args.vpcId, serviceAccount: LB_CONTROLLER_SERVICE_ACCOUNT });
            first.push(release("lb-controller", CHARTS.awsLoadBalancerController, SYSTEM_NAMESPACE, values, [role]));
            this.loadBalancerControllerRoleArn = role.roleArn;
        }

        if (a.certManager) {
            const ns = namespace("cert-manager", CERT_MANAGER_NAMESPACE);
            const values = certManagerValues({
                namespace: CERT_MANAGER_NAMESPACE,
                replicas: a.certManagerReplicas,
                serviceMonitor: a.certManagerServiceMonitor,
            });
            release("cert-manager", CHARTS.certManager, ns.metadata.name, values, first);
            this.certManagerNamespace = ns.metadata.name;
        }

        if (a.externalDns && hostedZoneIds.length > 0) {
            const ns = namespace("external-dns", EXTERNAL_DNS_NAMESPACE);
            const role = new PodIdentityRole(
                `${name}-external-dns-identity`,
                { ...identity, namespace: EXTERNAL_DNS_NAMESPACE, serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT, statements: externalDnsStatements(hostedZoneIds, partition) },
                { parent: this },
            );
            const values = externalDnsValues({
                clusterName: args.clusterName,
                region: args.region,
                hostedZoneIds,
                domainFilters: a.domainFilters,
                policy: a.externalDnsPolicy,
                serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
            });
            release("external-dns", CHARTS.externalDns, ns.metadata.name, values, [...first, role]);
            this.externalDnsRoleArn = role.roleArn;
            this.externalDnsNamespace = ns.metadata.name;
        }

        if (a.metricsServer) {
            // kube-system: the metrics.k8s.io APIService and the EKS console expect it there.
            release("metrics-server", CHARTS.metricsServer, SYSTEM_NAMESPACE, metricsServerValues(), first);
        }

        if (a.storageClass) {
            const sc = new k8s.storage.v1.StorageClass(`${name}-${DEFAULT_STORAGE_CLASS}`, storageClassSpec(args.ebsKmsKeyArn, a.storageReclaimPolicy, a.backupVolumes), { parent: this });
            this.storageClassName = sc.metadata.name;
        }

        const outputs = {
            loadBalancerControllerRoleArn: this.loadBalancerControllerRoleArn,
            externalDnsRoleArn: this.externalDnsRoleArn,
            certManagerNamespace: this.certManagerNamespace,
            externalDnsNamespace: this.externalDnsNamespace,
            storageClassName: this.storageClassName,
        };
        // Only the add-ons that exist have outputs; undefined ones would only produce warnings.
        this.registerOutputs(Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)));
    }
}
