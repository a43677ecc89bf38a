import * as aws from "@pulumi/aws";
import { PlatformKeys } from "../../components/kms";
import { ContainerRegistry } from "../../components/registry";
import { LogArchive } from "../../components/storage";
import { PlatformConfig } from "../../config/schema";
import { spoke } from "./spoke";

/** The shared-services account: organization-wide registries, the log archive, its spoke VPC. */
export function sharedRole(c: PlatformConfig, provider: aws.Provider, hubProvider: aws.Provider): Record<string, unknown> {
    const opts = { providers: [provider] };
    const keys = new PlatformKeys("shared", { purposes: ["logs", "ecr"], accountId: c.accountId, region: c.region, aliasPrefix: "platform", protect: c.protect }, opts);
    const archive = c.logArchive!;
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
            protect: c.protect,
        },
        opts,
    );
    const registry = c.registry!;
    const ecr = new ContainerRegistry(
        "registry",
        {
            accountId: c.accountId,
            region: c.region,
            kmsKeyArn: keys.keyArns.ecr!,
            repositories: registry.repositories,
            pullOrgId: c.organization.id,
            replicationRegions: registry.replicationRegions,
            pullThroughCache: registry.pullThroughCache ? ["ecr-public", "k8s", "quay"] : [],
            protect: c.protect,
        },
        opts,
    );
    const { vpc } = spoke(c, { provider, hubProvider, flowLogsKeyArn: keys.keyArns.logs!, flowLogsBucketArn: c.network!.flowLogsToArchive ? logArchive.bucketArn : undefined });
    return {
        accountId: c.accountId,
        region: c.region,
        registryUrl: `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`,
        repositoryUrls: ecr.repositoryUrls,
        logArchiveBucketArn: logArchive.bucketArn,
        logArchiveBucketName: logArchive.bucketName,
        vpcId: vpc.vpcId,
    };
}
