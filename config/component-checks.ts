import { validateBackupPlanArgs } from "../components/backup/validate";
import { karpenterNames, KARPENTER_CHART_VERSION, KARPENTER_MAX_KUBERNETES_VERSION } from "../components/cluster/karpenter";
import { validateEksClusterArgs } from "../components/cluster/validate-cluster";
import { validateKarpenterArgs, validateNodePoolArgs } from "../components/cluster/validate-nodes";
import { partitionOf } from "../components/common/aws";
import { isUserError, ValidationError } from "../components/common/validation";
import { validateGithubRunnersArgs } from "../components/delivery/validate";
import { validatePlatformAddonsArgs } from "../components/kubernetes/addons";
import { validateTeamNamespaceArgs } from "../components/kubernetes/team-namespace";
import { validateSpokeVpcArgs, validateTransitHubArgs } from "../components/network/validate";
import { validateObservabilityStackArgs } from "../components/observability/args";
import { validateContainerRegistryArgs } from "../components/registry/container-registry";
import { validateLogArchiveArgs } from "../components/storage/log-archive";
import { availabilityZonesOf, backupSettingsOf, PlatformConfig } from "./schema";

/**
 * The components' own rules, run on the settings before any resource is declared. Each
 * component's validator (the one its constructor calls as a defence) gets the arguments the
 * program would give it (infra/roles/*.ts), with placeholders where the program passes another
 * resource's output; its problems come back under the `platform:` setting each argument comes
 * from, so a user reads `platform:network.cidr: …`, never `cidrBlock: …` under "invalid SpokeVpc".
 */

/** One argument (or argument prefix) of a component and the setting it comes from. */
interface ArgSource {
    /** The setting (without `platform:`). */
    path: string;
    /** Append what follows the argument in the problem (`[2]`, `.days`); false when the indexes differ. */
    suffix?: boolean;
}

type ArgMap = Record<string, string | ArgSource>;

interface ComponentCheck {
    /** The component, for problems about an argument that comes from no setting. */
    component: string;
    /** The setting problems about unmapped arguments are reported under. */
    section: string;
    map: ArgMap;
    run: () => void;
}

/** `<arg path>: <rest>`, also `a and b: <rest>`. */
const PROBLEM = /^([A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*)(?: and [\w.]+)?: ([\s\S]*)$/;

function source(entry: string | ArgSource): ArgSource {
    return typeof entry === "string" ? { path: entry, suffix: true } : { suffix: true, ...entry };
}

/** Maps an argument path to its setting: the longest mapped prefix wins. */
function settingOf(argPath: string, map: ArgMap): string | undefined {
    let best: string | undefined;
    for (const key of Object.keys(map)) {
        if ((argPath === key || argPath.startsWith(`${key}.`) || argPath.startsWith(`${key}[`)) && (best === undefined || key.length > best.length)) {
            best = key;
        }
    }
    if (best === undefined) {
        return undefined;
    }
    const s = source(map[best]);
    return s.suffix ? `${s.path}${argPath.slice(best.length)}` : s.path;
}

/** Rewrites one problem of a component into a `platform:` line. */
export function toSettingProblem(problem: string, check: Pick<ComponentCheck, "component" | "section" | "map">): string {
    const m = PROBLEM.exec(problem);
    const mentioned = (text: string) => {
        // Other arguments a message names ("is not after glacierAfterDays 90") read as settings too.
        let out = text;
        for (const [key, entry] of Object.entries(check.map)) {
            if (/[A-Z]/.test(key) && !key.includes(".")) {
                out = out.replace(new RegExp(`(?<![\\w.:\\[])${key}(?![\\w\\[])`, "g"), `platform:${source(entry).path}`);
            }
        }
        return out;
    };
    if (!m) {
        return `platform:${check.section}: ${mentioned(problem)} (${check.component})`;
    }
    const setting = settingOf(m[1], check.map);
    if (setting === undefined) {
        return `platform:${check.section}: ${check.component} ${m[1]}: ${mentioned(m[2])}`;
    }
    return `platform:${setting}: ${mentioned(m[2])}`;
}

/** Runs one validator and returns its problems as `platform:` lines. */
function run(check: ComponentCheck): string[] {
    try {
        check.run();
        return [];
    } catch (e) {
        if (e instanceof ValidationError) {
            return e.problems.map((p) => toSettingProblem(p, check));
        }
        if (isUserError(e)) {
            return [`platform:${check.section}: ${(e as Error).message} (${check.component})`];
        }
        throw e;
    }
}

const placeholderKey = (c: PlatformConfig) => `arn:${partitionOf(c.region)}:kms:${c.region}:${c.accountId}:key/00000000-0000-0000-0000-000000000000`;
const roleArn = (c: PlatformConfig, name: string) => `arn:${partitionOf(c.region)}:iam::${c.accountId}:role/${name}`;
/** Stands for a resource's output (an ID or a provider) the validators only check is present. */
const OUTPUT = "placeholder" as never;

function spokeChecks(c: PlatformConfig): ComponentCheck[] {
    const n = c.network;
    if (!n || (c.role !== "shared-services" && c.role !== "workload")) {
        return [];
    }
    return [
        {
            component: "SpokeVpc",
            section: "network",
            map: {
                cidrBlock: "network.cidr",
                publicSubnetPrefixLength: "network.cidr",
                privateSubnetPrefixLength: "network.cidr",
                intraSubnetPrefixLength: "network.cidr",
                availabilityZones: n.availabilityZones ? "network.availabilityZones" : { path: "network.azCount", suffix: false },
                natStrategy: "network.natStrategy",
                publicSubnets: "network.publicSubnets",
                interfaceEndpoints: "network.interfaceEndpoints",
                tgwRoutes: "network.tgwRoutes",
                "flowLogs.retentionInDays": "network.flowLogRetentionDays",
                clusterName: "environment",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validateSpokeVpcArgs({
                    cidrBlock: n.cidr,
                    availabilityZones: availabilityZonesOf(c),
                    region: c.region,
                    accountId: c.accountId,
                    natStrategy: n.natStrategy,
                    publicSubnets: n.publicSubnets,
                    interfaceEndpoints: n.interfaceEndpoints,
                    clusterName: c.role === "workload" ? `platform-${c.environment}` : undefined,
                    // Every spoke attaches to the network stack's gateway (an output there).
                    transitGatewayId: "tgw-00000000000000000",
                    tgwRoutes: n.tgwRoutes,
                    flowLogs: { kmsKeyArn: placeholderKey(c), retentionInDays: n.flowLogRetentionDays },
                    protect: c.protect,
                }),
        },
    ];
}

function networkChecks(c: PlatformConfig): ComponentCheck[] {
    const hub = c.transitHub;
    if (c.role !== "network" || !hub) {
        return [];
    }
    return [
        {
            component: "TransitHub",
            section: "transitHub",
            map: {
                amazonSideAsn: "transitHub.amazonSideAsn",
                organizationArn: "transitHub.shareWithOrganization",
                principalAccountIds: "transitHub.shareWithAccounts",
                egressVpcCidr: "transitHub.egressVpc.cidr",
                availabilityZones: { path: "transitHub.egressVpc.azCount", suffix: false },
                internalCidrs: "transitHub.internalCidrs",
                "flowLogs.retentionInDays": "transitHub.flowLogRetentionDays",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validateTransitHubArgs({
                    region: c.region,
                    accountId: c.accountId,
                    amazonSideAsn: hub.amazonSideAsn,
                    organizationArn: hub.shareWithOrganization ? `arn:aws:organizations::${c.organization.managementAccountId}:organization/${c.organization.id}` : undefined,
                    principalAccountIds: hub.shareWithOrganization ? undefined : hub.shareWithAccounts,
                    egressVpcCidr: hub.egressVpc?.cidr,
                    availabilityZones: hub.egressVpc ? availabilityZonesOf(c, hub.egressVpc.azCount) : undefined,
                    internalCidrs: hub.egressVpc ? hub.internalCidrs : undefined,
                    flowLogs: hub.egressVpc ? { kmsKeyArn: placeholderKey(c), retentionInDays: hub.flowLogRetentionDays } : undefined,
                    protect: c.protect,
                }),
        },
    ];
}

function sharedChecks(c: PlatformConfig): ComponentCheck[] {
    if (c.role !== "shared-services") {
        return [];
    }
    const checks: ComponentCheck[] = [];
    const archive = c.logArchive;
    if (archive) {
        checks.push({
            component: "LogArchive",
            section: "logArchive",
            map: {
                glacierAfterDays: "logArchive.glacierTransitionDays",
                retentionDays: "logArchive.expirationDays",
                objectLockDays: "logArchive.objectLock.days",
                objectLockMode: "logArchive.objectLock.mode",
                replicaRegion: "logArchive.replicaRegion",
                sourceAccountIds: "logArchive.flowLogSourceAccounts",
                sourceOrgId: "organization.id",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validateLogArchiveArgs({
                    accountId: c.accountId,
                    region: c.region,
                    aliasPrefix: "platform",
                    sourceAccountIds: archive.flowLogSourceAccounts.length > 0 ? archive.flowLogSourceAccounts : undefined,
                    sourceOrgId: archive.flowLogSourceAccounts.length > 0 ? undefined : c.organization.id,
                    glacierAfterDays: archive.glacierTransitionDays,
                    retentionDays: archive.expirationDays,
                    objectLockMode: archive.objectLock?.mode,
                    objectLockDays: archive.objectLock?.days,
                    replicaRegion: archive.replicaRegion,
                    replicaProvider: archive.replicaRegion ? OUTPUT : undefined,
                    protect: c.protect,
                }),
        });
    }
    const registry = c.registry;
    if (registry) {
        checks.push({
            component: "ContainerRegistry",
            section: "registry",
            map: { repositories: "registry.repositories", replicationRegions: "registry.replicationRegions", pullThroughCache: "registry.pullThroughCache", pullOrgId: "organization.id", region: "region", accountId: "accountId" },
            run: () =>
                validateContainerRegistryArgs({
                    accountId: c.accountId,
                    region: c.region,
                    kmsKeyArn: placeholderKey(c),
                    repositories: registry.repositories,
                    pullOrgId: c.organization.id,
                    replicationRegions: registry.replicationRegions,
                    // The program builds one provider per replication region.
                    replicaProviders: Object.fromEntries(registry.replicationRegions.map((r) => [r, OUTPUT])),
                    pullThroughCache: registry.pullThroughCache ? ["ecr-public", "k8s", "quay"] : [],
                    protect: c.protect,
                }),
        });
    }
    const runners = c.runners;
    if (runners) {
        checks.push({
            component: "GithubRunners",
            section: "runners",
            map: {
                environments: "runners.environments",
                repository: "runners.repository",
                connectionArn: "runners.connectionArn",
                computeType: "runners.computeType",
                image: "runners.image",
                logRetentionDays: "runners.logRetentionDays",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validateGithubRunnersArgs({
                    environments: runners.environments,
                    repository: runners.repository,
                    connectionArn: runners.connectionArn,
                    region: c.region,
                    accountId: c.accountId,
                    vpcId: OUTPUT,
                    subnetIds: availabilityZonesOf(c).map(() => OUTPUT),
                    kmsKeyArn: placeholderKey(c),
                    logsKmsKeyArn: placeholderKey(c),
                    computeType: runners.computeType,
                    image: runners.image,
                    logRetentionDays: runners.logRetentionDays,
                    protect: c.protect,
                }),
        });
    }
    return checks;
}

function workloadChecks(c: PlatformConfig): ComponentCheck[] {
    const cl = c.cluster;
    if (c.role !== "workload" || !cl) {
        return [];
    }
    const clusterName = `platform-${c.environment}`;
    const deployer = roleArn(c, c.deploymentRoleName);
    const preview = roleArn(c, c.previewRoleName);
    const checks: ComponentCheck[] = [
        {
            component: "EksCluster",
            section: "cluster",
            map: {
                clusterName: "environment",
                kubernetesVersion: "cluster.version",
                logRetentionDays: "cluster.logRetentionDays",
                publicAccessCidrs: "cluster.publicAccessCidrs",
                endpointPublicAccess: "cluster.publicAccessCidrs",
                apiAccessCidrs: "cluster.apiAccessCidrs",
                supportType: "cluster.upgradeSupportType",
                admins: { path: "cluster.admins", suffix: false },
                viewers: "cluster.viewers",
                previewers: { path: "previewRoleName", suffix: false },
                kubeconfigRoleArn: "credentials",
                teams: "teams",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validateEksClusterArgs({
                    clusterName,
                    kubernetesVersion: cl.version,
                    region: c.region,
                    accountId: c.accountId,
                    vpcId: OUTPUT,
                    subnetIds: availabilityZonesOf(c).map(() => OUTPUT),
                    secretsKeyArn: placeholderKey(c),
                    logsKeyArn: placeholderKey(c),
                    logRetentionDays: cl.logRetentionDays,
                    endpointPublicAccess: cl.publicAccessCidrs.length > 0,
                    publicAccessCidrs: cl.publicAccessCidrs.length > 0 ? cl.publicAccessCidrs : undefined,
                    apiAccessCidrs: cl.apiAccessCidrs,
                    supportType: cl.upgradeSupportType,
                    protect: c.protect,
                    admins: [...new Set([deployer, ...cl.admins])],
                    previewers: [preview],
                    kubeconfigRoleArn: c.credentials === "preview" ? preview : deployer,
                    viewers: cl.viewers,
                    teams: c.teams.map((t) => ({ name: t.name, roleArn: t.roleArn })),
                }),
        },
        ...cl.nodePools.map(
            (p, i): ComponentCheck => ({
                component: "NodePool",
                section: `cluster.nodePools[${i}]`,
                map: {
                    kubernetesVersion: "cluster.version",
                    amiType: `cluster.nodePools[${i}].amiType`,
                    capacityType: `cluster.nodePools[${i}].capacityType`,
                    instanceTypes: `cluster.nodePools[${i}].instanceTypes`,
                    minSize: `cluster.nodePools[${i}].minSize`,
                    desiredSize: `cluster.nodePools[${i}].desiredSize`,
                    maxSize: `cluster.nodePools[${i}].maxSize`,
                    diskSizeGiB: `cluster.nodePools[${i}].diskSizeGiB`,
                    labels: `cluster.nodePools[${i}].labels`,
                    taints: `cluster.nodePools[${i}].taints`,
                    system: `cluster.nodePools[${i}].system`,
                },
                run: () =>
                    validateNodePoolArgs({
                        kubernetesVersion: cl.version,
                        amiType: p.amiType,
                        capacityType: p.capacityType,
                        instanceTypes: p.instanceTypes,
                        minSize: p.minSize,
                        desiredSize: p.desiredSize,
                        maxSize: p.maxSize,
                        diskSizeGiB: p.diskSizeGiB,
                        labels: p.labels,
                        taints: p.taints,
                        system: p.system,
                    }),
            }),
        ),
        ...c.teams.map(
            (t, i): ComponentCheck => ({
                component: "TeamNamespace",
                section: `teams[${i}]`,
                map: {
                    team: `teams[${i}].name`,
                    requestsCpu: `teams[${i}].quota.requestsCpu`,
                    requestsMemory: `teams[${i}].quota.requestsMemory`,
                    limitsCpu: `teams[${i}].quota.limitsCpu`,
                    limitsMemory: `teams[${i}].quota.limitsMemory`,
                    defaultLimitCpu: `teams[${i}].quota.defaultLimitCpu`,
                    maxPods: `teams[${i}].quota.maxPods`,
                    defaultRequestCpu: `teams[${i}].quota`,
                    defaultRequestMemory: `teams[${i}].quota`,
                    defaultLimitMemory: `teams[${i}].quota`,
                },
                run: () => validateTeamNamespaceArgs({ team: t.name, ...t.quota, monitoringNamespace: c.observability.metrics ? "monitoring" : undefined }),
            }),
        ),
        {
            component: "PlatformAddons",
            section: "platformAddons",
            map: {
                hostedZoneIds: "platformAddons.externalDns.hostedZoneIds",
                domainFilters: "platformAddons.externalDns.domainFilters",
                loadBalancerController: "platformAddons.loadBalancerController",
                certManager: "platformAddons.certManager",
                metricsServer: "platformAddons.metricsServer",
                externalDns: "platformAddons.externalDns",
                region: "region",
                accountId: "accountId",
            },
            run: () =>
                validatePlatformAddonsArgs({
                    clusterName,
                    region: c.region,
                    accountId: c.accountId,
                    vpcId: OUTPUT,
                    ebsKmsKeyArn: placeholderKey(c),
                    loadBalancerController: c.platformAddons.loadBalancerController,
                    certManager: c.platformAddons.certManager,
                    metricsServer: c.platformAddons.metricsServer,
                    externalDns: c.platformAddons.externalDns !== undefined,
                    hostedZoneIds: c.platformAddons.externalDns?.hostedZoneIds,
                    domainFilters: c.platformAddons.externalDns?.domainFilters,
                    backupVolumes: backupSettingsOf(c).enabled,
                }),
        },
    ];
    if (cl.karpenter.enabled) {
        checks.push({
            component: "Karpenter",
            section: "cluster.karpenter",
            map: { clusterName: "environment", kubernetesVersion: "cluster.version", cpuLimit: "cluster.karpenter.cpuLimit", memoryLimitGiB: "cluster.karpenter.memoryLimitGi", region: "region", accountId: "accountId" },
            run: () =>
                validateKarpenterArgs(
                    { clusterName, kubernetesVersion: cl.version, accountId: c.accountId, cpuLimit: cl.karpenter.cpuLimit, memoryLimitGiB: cl.karpenter.memoryLimitGi },
                    { ...karpenterNames(clusterName), chartVersion: KARPENTER_CHART_VERSION, maxKubernetesVersion: KARPENTER_MAX_KUBERNETES_VERSION },
                ),
        });
    }
    const o = c.observability;
    const natCount = c.network?.natStrategy === "one-per-az" ? c.network.azCount : c.network?.natStrategy === "single" ? 1 : 0;
    checks.push({
        component: "ObservabilityStack",
        section: "observability",
        map: {
            clusterName: "environment",
            metrics: "observability.metrics",
            grafana: "observability.grafana",
            logs: "observability.logs",
            traces: "observability.traces",
            alarms: "observability.alarms",
            platformSlos: "observability.platformSlos",
            prometheusRetention: "observability.prometheusRetention",
            prometheusReplicas: "observability.prometheusReplicas",
            logRetentionInDays: "observability.logRetentionDays",
            alarmEmails: "observability.alarmEmails",
            runbookBaseUrl: "observability.runbookBaseUrl",
            teamNamespaces: "teams",
            region: "region",
            accountId: "accountId",
        },
        run: () =>
            validateObservabilityStackArgs({
                clusterName,
                region: c.region,
                accountId: c.accountId,
                logsKmsKeyArn: placeholderKey(c),
                alarmsKmsKeyArn: placeholderKey(c),
                grafanaAdminPassword: o.grafana ? OUTPUT : undefined,
                metrics: o.metrics,
                grafana: o.grafana,
                logs: o.logs,
                traces: o.traces,
                alarms: o.alarms,
                platformSlos: o.platformSlos,
                prometheusRetention: o.prometheusRetention,
                prometheusReplicas: o.prometheusReplicas,
                logRetentionInDays: o.logRetentionDays,
                teamNamespaces: c.teams.map((t) => t.name),
                natGatewayIds: Array.from({ length: natCount }, () => "nat-00000000000000000"),
                alarmEmails: o.alarmEmails,
                runbookBaseUrl: o.runbookBaseUrl,
                protect: c.protect,
            }),
    });
    const backup = backupSettingsOf(c);
    if (backup.enabled) {
        checks.push({
            component: "BackupPlan",
            section: "backup",
            map: { retentionDays: "backup.retentionDays", vaultLock: "backup.vaultLock", region: "region", accountId: "accountId" },
            run: () => validateBackupPlanArgs({ accountId: c.accountId, region: c.region, kmsKeyArn: placeholderKey(c), retentionDays: backup.retentionDays, vaultLock: backup.vaultLock, protect: c.protect }),
        });
    }
    return checks;
}

/** Every component rule the stack's settings break, as `platform:` lines, in the order the program composes. */
export function componentProblems(c: PlatformConfig): string[] {
    const checks = [...networkChecks(c), ...sharedChecks(c), ...spokeChecks(c), ...workloadChecks(c)];
    return [...new Set(checks.flatMap(run))];
}
