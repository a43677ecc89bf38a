import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ClusterAddons, EksCluster, Karpenter, NodePool, NodeRole } from "../../components/cluster";
import { PlatformKeys } from "../../components/kms";
import { AdmissionPolicies, ImageProvenance, PlatformAddons, TeamNamespace } from "../../components/kubernetes";
import { loadKubernetesBaselineConfig } from "../../policy-packs/kubernetes-baseline/admission";
import { policyProfileOf } from "../../config/policy-profile";
import { ObservabilityStack } from "../../components/observability";
import { Microservice } from "../../components/service";
import { accountBaselineSettingsOf, availabilityZonesOf, backupSettingsOf, microserviceArgs, PlatformConfig } from "../../config/schema";
import { BackupPlan } from "../../components/backup";
import { AccountBaseline, ServiceLinkedRoles } from "../../components/account";
import { serviceLinkedRolesToCreate } from "../../config/prerequisites";
import { actingRoleArn, deploymentRoleArn, previewRoleArn } from "../providers";
import { requireOutput, stackReference } from "../references";
import { spoke } from "./spoke";

/** A workload account: spoke VPC, keys, the EKS cluster with its nodes, add-ons and team namespaces. */
export function workloadRole(c: PlatformConfig, provider: aws.Provider, hubProvider: aws.Provider): Record<string, unknown> {
    const opts = { providers: [provider] };
    const cl = c.cluster!;
    const clusterName = `platform-${c.environment}`;
    // The EBS key policy names Auto Scaling's service-linked role; KMS refuses it until it exists.
    const toCreate = serviceLinkedRolesToCreate(c);
    const serviceRoles = toCreate.length > 0 ? new ServiceLinkedRoles(c.environment, { services: toCreate }, opts) : undefined;
    const backup = backupSettingsOf(c);
    const keys = new PlatformKeys(
        c.environment,
        { purposes: ["cluster-secrets", "ebs", "logs", "sns", ...(backup.enabled ? (["backup"] as const) : [])], accountId: c.accountId, region: c.region, aliasPrefix: "platform", protect: c.protect },
        { ...opts, dependsOn: serviceRoles ? [serviceRoles] : [] },
    );
    // The account's defaults; the EBS key (whose policy admits Auto Scaling's service-linked role,
    // created above) becomes the key of every volume created without one.
    const { ebsDefaultKmsKey, ...baseline } = accountBaselineSettingsOf(c);
    new AccountBaseline("account", { ...baseline, ebsDefaultKmsKeyArn: ebsDefaultKmsKey ? keys.keyArns.ebs! : undefined }, opts);
    // What code cannot rebuild (the Prometheus and Grafana volumes): a daily backup of everything tagged platform:backup=true.
    const backupPlan = backup.enabled
        ? new BackupPlan(
              `${c.environment}-backup`,
              {
                  accountId: c.accountId,
                  region: c.region,
                  kmsKeyArn: keys.keyArns.backup!,
                  retentionDays: backup.retentionDays,
                  vaultLock: backup.vaultLock,
                  protect: c.protect,
              },
              opts,
          )
        : undefined;
    const shared = c.stacks.shared ? stackReference(c.stacks.shared) : undefined;
    const { vpc } = spoke(c, {
        provider,
        hubProvider,
        flowLogsKeyArn: keys.keyArns.logs!,
        flowLogsBucketArn: shared && c.network!.flowLogsToArchive ? requireOutput<string>(shared, "logArchiveBucketArn") : undefined,
        clusterName,
    });

    const cluster = new EksCluster(
        clusterName,
        {
            clusterName,
            kubernetesVersion: cl.version,
            region: c.region,
            accountId: c.accountId,
            vpcId: vpc.vpcId,
            subnetIds: availabilityZonesOf(c).map((_, i) => vpc.intraSubnetIds.apply((ids) => ids[i])),
            secretsKeyArn: keys.keyArns["cluster-secrets"]!,
            logsKeyArn: keys.keyArns.logs!,
            logRetentionDays: cl.logRetentionDays,
            endpointPublicAccess: cl.publicAccessCidrs.length > 0,
            publicAccessCidrs: cl.publicAccessCidrs.length > 0 ? cl.publicAccessCidrs : undefined,
            apiAccessCidrs: cl.apiAccessCidrs,
            supportType: cl.upgradeSupportType,
            protect: c.protect,
            // The deployment role administers the cluster: with the creator's bootstrap admin off,
            // it is how `pulumi up` reaches the Kubernetes API. The preview role reads it for a
            // pull-request preview; both entries exist whichever credentials this run uses.
            admins: [...new Set([deploymentRoleArn(c, c.accountId), ...cl.admins])],
            previewers: [previewRoleArn(c, c.accountId)],
            kubeconfigRoleArn: actingRoleArn(c, c.accountId),
            viewers: cl.viewers,
            teams: c.teams.map((t) => ({ name: t.name, roleArn: t.roleArn })),
        },
        opts,
    );

    const nodeRole = new NodeRole(`${clusterName}-nodes`, { clusterName: cluster.clusterName, region: c.region, accountId: c.accountId }, opts);
    const pools = cl.nodePools.map(
        (p) =>
            new NodePool(
                `${clusterName}-${p.name}`,
                {
                    clusterName: cluster.clusterName,
                    kubernetesVersion: cl.version,
                    nodeRoleArn: nodeRole.roleArn,
                    subnetIds: vpc.privateSubnetIds,
                    ebsKmsKeyArn: keys.keyArns.ebs!,
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
                },
                { ...opts, dependsOn: [nodeRole] },
            ),
    );

    const addons = new ClusterAddons(
        clusterName,
        {
            clusterName: cluster.clusterName,
            kubernetesVersion: cl.version,
            accountId: c.accountId,
            region: c.region,
            ebsKmsKeyArn: keys.keyArns.ebs!,
            systemPool: cl.nodePools.some((p) => p.system),
            nodePools: pools,
        },
        opts,
    );

    const k8sOpts: pulumi.ComponentResourceOptions = { providers: [provider, cluster.provider], dependsOn: [addons] };
    const karpenter = cl.karpenter.enabled
        ? new Karpenter(
              clusterName,
              {
                  clusterName,
                  clusterSecurityGroupId: cluster.clusterSecurityGroupId,
                  kubernetesVersion: cl.version,
                  accountId: c.accountId,
                  region: c.region,
                  ebsKmsKeyArn: keys.keyArns.ebs!,
                  cpuLimit: cl.karpenter.cpuLimit,
                  memoryLimitGiB: cl.karpenter.memoryLimitGi,
                  systemPool: true,
              },
              k8sOpts,
          )
        : undefined;

    const platformAddons = new PlatformAddons(
        clusterName,
        {
            clusterName: cluster.clusterName,
            region: c.region,
            accountId: c.accountId,
            vpcId: vpc.vpcId,
            ebsKmsKeyArn: keys.keyArns.ebs!,
            loadBalancerController: c.platformAddons.loadBalancerController,
            certManager: c.platformAddons.certManager,
            metricsServer: c.platformAddons.metricsServer,
            externalDns: c.platformAddons.externalDns !== undefined,
            hostedZoneIds: c.platformAddons.externalDns?.hostedZoneIds,
            domainFilters: c.platformAddons.externalDns?.domainFilters,
            backupVolumes: backup.enabled,
        },
        k8sOpts,
    );

    // Only signed images of the platform's registry, by digest (docs/decisions/0017-image-provenance.md).
    const provenance = shared
        ? new ImageProvenance(
              clusterName,
              {
                  clusterName: cluster.clusterName,
                  accountId: c.accountId,
                  region: c.region,
                  registry: requireOutput<string>(shared, "registryUrl"),
                  issuer: requireOutput<{ issuer: string }>(shared, "imageSigningIdentity").apply((i) => i.issuer),
                  subject: requireOutput<{ subject: string }>(shared, "imageSigningIdentity").apply((i) => i.subject),
                  mode: c.imageProvenance.mode,
              },
              { providers: [provider, cluster.provider], dependsOn: [addons] },
          )
        : undefined;

    // The kubernetes-baseline rules at admission too, from the environment's pack configuration (docs/decisions/0018-admission-policies.md).
    const admission = new AdmissionPolicies(
        clusterName,
        { kubernetesVersion: cl.version, packConfig: loadKubernetesBaselineConfig(policyProfileOf(c)), mode: c.admissionPolicies.mode },
        { providers: [cluster.provider], dependsOn: [addons] },
    );

    const o = c.observability;
    const natCount = c.network!.natStrategy === "one-per-az" ? c.network!.azCount : c.network!.natStrategy === "single" ? 1 : 0;
    // Generated once and kept (as a secret) in the stack's state; never a literal in config.
    const grafanaPassword = o.grafana ? new random.RandomPassword(`${clusterName}-grafana-admin`, { length: 32, special: false }) : undefined;
    const observability = new ObservabilityStack(
        clusterName,
        {
            clusterName,
            region: c.region,
            accountId: c.accountId,
            logsKmsKeyArn: keys.keyArns.logs!,
            alarmsKmsKeyArn: keys.keyArns.sns!,
            grafanaAdminPassword: grafanaPassword?.result,
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
            natGatewayIds: Array.from({ length: natCount }, (_, i) => vpc.natGatewayIds.apply((ids) => ids[i])),
            alarmEmails: o.alarmEmails,
            runbookBaseUrl: o.runbookBaseUrl,
            protect: c.protect,
        },
        // The observability charts need the encrypted StorageClass and the load balancer webhook.
        { providers: [provider, cluster.provider], dependsOn: [addons, platformAddons] },
    );

    const namespaces = new Map<string, TeamNamespace>();
    for (const t of c.teams) {
        namespaces.set(t.name, new TeamNamespace(t.name, { team: t.name, ...t.quota, monitoringNamespace: o.metrics ? "monitoring" : undefined }, { providers: [cluster.provider], dependsOn: [addons] }));
    }

    // Golden-path services: each runs in its team's namespace, after the monitoring CRDs exist.
    const services = c.services.map(
        (svc) =>
            new Microservice(svc.name, microserviceArgs(svc, c, clusterName), {
                providers: [provider, cluster.provider],
                dependsOn: [namespaces.get(svc.team)!, observability, platformAddons, admission, ...(provenance ? [provenance] : [])],
            }),
    );

    return {
        accountId: c.accountId,
        region: c.region,
        vpcId: vpc.vpcId,
        privateSubnetIds: vpc.privateSubnetIds,
        clusterName: cluster.clusterName,
        clusterEndpoint: cluster.endpoint,
        clusterOidcIssuer: cluster.oidcIssuerUrl,
        kubernetesVersion: cl.version,
        karpenterEnabled: karpenter !== undefined,
        platformAddons: platformAddons.urn,
        imageProvenancePolicy: provenance ? provenance.policyName : undefined,
        admissionPolicies: admission.policyNames,
        alarmTopicArn: observability.alarmTopicArn,
        backupVaultName: backupPlan ? backupPlan.vaultName : undefined,
        services: Object.fromEntries(c.services.map((svc, i) => [svc.name, services[i].internalUrl])),
    };
}
