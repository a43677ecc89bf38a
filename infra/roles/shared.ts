import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountBaseline } from "../../components/account";
import { GithubRunners } from "../../components/delivery";
import { PlatformKeys } from "../../components/kms";
import { ContainerRegistry, ImagePublisher } from "../../components/registry";
import { ORGANIZATION_TRAIL_NAME, trailArn } from "../../components/security/defaults";
import { LogArchive } from "../../components/storage";
import { privateSubnetCidrsOf } from "../../config/cross-stack";
import { accountBaselineSettingsOf, availabilityZonesOf, PlatformConfig } from "../../config/schema";
import { accountProvider } from "../providers";
import { spoke } from "./spoke";

/** The shared-services account: organization-wide registries, the log archive, its spoke VPC, the CI runners. */
export function sharedRole(c: PlatformConfig, provider: aws.Provider, hubProvider: aws.Provider): Record<string, unknown> {
    const opts = { providers: [provider] };
    // The shared account's own defaults (no EBS key here: the account default stays aws/ebs).
    const { ebsDefaultKmsKey: _noEbsKey, ...baseline } = accountBaselineSettingsOf(c);
    new AccountBaseline("account", baseline, opts);
    const keys = new PlatformKeys("shared", { purposes: c.runners ? ["logs", "ecr", "s3"] : ["logs", "ecr"], accountId: c.accountId, region: c.region, aliasPrefix: "platform", protect: c.protect }, opts);
    const archive = c.logArchive!;
    // The same account in the replica's region: the replica bucket and its key live there.
    const replicaProvider = archive.replicaRegion ? accountProvider("log-archive-replica", c, pulumi.getStack(), c.accountId, archive.replicaRegion) : undefined;
    const logArchive = new LogArchive(
        "log-archive",
        {
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
            replicaProvider,
            // The security stack's organization trail and AWS Config deliver here (docs/decisions/0014).
            organizationTrail: archive.securityAccountId
                ? { trailArn: trailArn(c.region, c.organization.managementAccountId, ORGANIZATION_TRAIL_NAME), organizationId: c.organization.id, managementAccountId: c.organization.managementAccountId }
                : undefined,
            configSourceAccountIds: archive.securityAccountId ? [archive.securityAccountId] : undefined,
            protect: c.protect,
        },
        opts,
    );
    const registry = c.registry!;
    // The same account in each replication region: the replicas' creation template and its key live there.
    const replicaProviders = Object.fromEntries(registry.replicationRegions.map((r) => [r, accountProvider(`registry-replica-${r}`, c, pulumi.getStack(), c.accountId, r)]));
    const ecr = new ContainerRegistry(
        "registry",
        {
            accountId: c.accountId,
            region: c.region,
            kmsKeyArn: keys.keyArns.ecr!,
            repositories: registry.repositories,
            pullOrgId: c.organization.id,
            replicationRegions: registry.replicationRegions,
            replicaProviders,
            pullThroughCache: registry.pullThroughCache ? ["ecr-public", "k8s", "quay"] : [],
            protect: c.protect,
        },
        opts,
    );
    // The golden path's identity: pushes and signs service images (docs/golden-path.md#supply-chain).
    const publishing = registry.imagePublishing;
    const publisher = publishing
        ? new ImagePublisher(
              "image-publisher",
              {
                  accountId: c.accountId,
                  region: c.region,
                  githubOrg: publishing.githubOrg,
                  githubOrgId: publishing.githubOrgId,
                  platformRepository: publishing.platformRepository,
                  serviceRepositories: publishing.serviceRepositories,
                  repositoryArns: Object.values(ecr.repositoryArns),
              },
              opts,
          )
        : undefined;
    const { vpc } = spoke(c, { provider, hubProvider, flowLogsKeyArn: keys.keyArns.logs!, flowLogsBucketArn: c.network!.flowLogsToArchive ? logArchive.bucketArn : undefined });
    // Jobs that talk to a Kubernetes API run here, inside the network (docs/decisions/0013-ci-executor.md).
    const runners = c.runners
        ? new GithubRunners(
              "runners",
              {
                  environments: c.runners.environments,
                  repository: c.runners.repository,
                  connectionArn: c.runners.connectionArn,
                  region: c.region,
                  accountId: c.accountId,
                  vpcId: vpc.vpcId,
                  subnetIds: availabilityZonesOf(c).map((_, i) => vpc.privateSubnetIds.apply((ids) => ids[i])),
                  kmsKeyArn: keys.keyArns.s3!,
                  logsKmsKeyArn: keys.keyArns.logs!,
                  computeType: c.runners.computeType,
                  image: c.runners.image,
                  logRetentionDays: c.runners.logRetentionDays,
                  protect: c.protect,
              },
              opts,
          )
        : undefined;
    return {
        accountId: c.accountId,
        region: c.region,
        registryUrl: `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`,
        repositoryUrls: ecr.repositoryUrls,
        // What admission in the workload clusters verifies signatures against (components/kubernetes/provenance.ts).
        imageSigningIdentity: publisher ? publisher.signingIdentity : undefined,
        imagePublisherRoleArn: publisher ? publisher.roleArn : undefined,
        logArchiveBucketArn: logArchive.bucketArn,
        logArchiveBucketName: logArchive.bucketName,
        logArchiveReplicaBucketArn: logArchive.replicaBucketArn,
        vpcId: vpc.vpcId,
        // What the workload stacks admit (platform:cluster.apiAccessCidrs) and the workflows' runs-on labels name.
        runnerSubnetCidrs: runners ? privateSubnetCidrsOf(c) : [],
        runnerSecurityGroupId: runners ? runners.securityGroupId : undefined,
        runnerProjectNames: runners ? runners.projectNames : {},
    };
}
