import { Plan, PlanResource } from "../plan/model";
import { criticalPath, DeployTimeEstimate } from "./deploy-time";

/**
 * The disaster-recovery view of a plan: what the stack holds that `pulumi up` cannot rebuild from
 * code, how much of it a disaster loses (RPO: the backup frequency or the replication, or "none:
 * rebuilt from code"), and how long a rebuild from code takes (RTO: the critical path of a fresh
 * deploy from deploy-time.ts, before any restore). Read from the plan alone: backup plans,
 * selections, the default StorageClass's volume tags, replication configurations.
 */

/** Where the restore steps live (repository-relative; the report links it). */
export const RESTORE_RUNBOOK = "docs/runbooks/restore.md";

export interface StateItem {
    /** What the state is, in a reviewer's words. */
    what: string;
    /** Resource type that holds it (or the component that owns it). */
    type: string;
    /** Names of the resources that hold it. */
    resources: string[];
    /** How much a disaster loses, and why. */
    rpo: string;
    /** How it comes back. */
    restore: string;
}

export interface DisasterRecovery {
    stack: string;
    items: StateItem[];
    /** Minutes of a rebuild from code: the critical path of a fresh deploy. */
    rtoMinutes: number;
    runbook: string;
}

const tagOf = (r: PlanResource): Record<string, string> => (r.inputs.tags ?? {}) as Record<string, string>;

function regionOf(plan: Plan, r: PlanResource): string | undefined {
    const provider = plan.resources.find((p) => p.urn === r.provider);
    return typeof provider?.inputs.region === "string" ? provider.inputs.region : undefined;
}

/** The daily backup of this plan's account, when it has one that selects tagged resources. */
function backupOf(plan: Plan): { schedule: string; days: number; lockDays?: number; tag: string } | undefined {
    const backupPlan = plan.resources.find((r) => r.type === "aws:backup/plan:Plan");
    const selection = plan.resources.find((r) => r.type === "aws:backup/selection:Selection");
    if (!backupPlan || !selection) {
        return undefined;
    }
    const rule = ((backupPlan.inputs.rules ?? []) as { schedule?: string; lifecycle?: { deleteAfter?: number } }[])[0] ?? {};
    const tag = ((selection.inputs.selectionTags ?? []) as { key: string; value: string }[])[0];
    const lock = plan.resources.find((r) => r.type === "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    return {
        schedule: String(rule.schedule ?? "?"),
        days: Number(rule.lifecycle?.deleteAfter ?? 0),
        lockDays: lock ? Number(lock.inputs.minRetentionDays) : undefined,
        tag: tag ? `${tag.key}=${tag.value}` : "?",
    };
}

export function disasterRecovery(plan: Plan, deployTime: DeployTimeEstimate = criticalPath(plan)): DisasterRecovery {
    const items: StateItem[] = [];
    const of = (type: string) => plan.resources.filter((r) => r.type === type);
    const names = (rs: PlanResource[]) => rs.map((r) => r.name);
    const backup = backupOf(plan);
    const backupRpo = backup
        ? `24 h: daily AWS Backup (\`${backup.schedule}\`), kept ${backup.days} days${backup.lockDays !== undefined ? `, vault locked (${backup.lockDays} days minimum)` : ""}`
        : undefined;

    const keys = of("aws:kms/key:Key");
    if (keys.length > 0) {
        const windows = [...new Set(keys.map((k) => k.inputs.deletionWindowInDays))].join("/");
        items.push({
            what: "KMS keys (key material cannot be exported or re-created; data under a deleted key is lost)",
            type: "aws:kms/key:Key",
            resources: names(keys),
            rpo: `not copied: ${keys.every((k) => k.protect) ? "protected, " : ""}deletion waits ${windows} days (cancel with \`aws kms cancel-key-deletion\`)`,
            restore: "cancel the pending deletion; a lost key's data is gone",
        });
    }

    const replications = of("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    const replicaUrns = new Set(replications.flatMap((c) => c.propertyDependencies.rules ?? []));
    for (const bucket of of("aws:s3/bucket:Bucket")) {
        const region = regionOf(plan, bucket);
        const at = region ? ` (${region})` : "";
        const out = replications.find((c) => (c.propertyDependencies.bucket ?? []).includes(bucket.urn));
        const replicaOf = replicaUrns.has(bucket.urn) ? replications.find((c) => (c.propertyDependencies.rules ?? []).includes(bucket.urn)) : undefined;
        let rpo: string;
        let restore: string;
        if (out) {
            const target = plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && (out.propertyDependencies.rules ?? []).includes(r.urn));
            const targetRegion = target ? regionOf(plan, target) : undefined;
            rpo = `minutes: replicated to \`${target?.name ?? "?"}\`${targetRegion ? ` in ${targetRegion}` : ""} (S3 replication, no RTC); deletes are not replicated`;
            restore = "copy back from the replica (runbook: restore the log archive)";
        } else if (replicaOf) {
            rpo = "the replica itself: as current as its source's replication";
            restore = "is the restore source; versioned";
        } else {
            rpo = "versioning only (earlier versions and deletes recoverable); no copy outside the bucket";
            restore = "restore a noncurrent version; lost with the account or region";
        }
        const purpose = tagOf(bucket)["platform:purpose"];
        items.push({ what: `S3 bucket${at}${purpose ? `, ${purpose}` : ""}`, type: "aws:s3/bucket:Bucket", resources: [bucket.name], rpo, restore });
    }

    const repos = of("aws:ecr/repository:Repository");
    if (repos.length > 0) {
        const replication = of("aws:ecr/replicationConfiguration:ReplicationConfiguration")[0];
        const regions = replication
            ? [...new Set(((replication.inputs.replicationConfiguration as { rules?: { destinations?: { region?: string }[] }[] } | undefined)?.rules ?? []).flatMap((r) => (r.destinations ?? []).map((d) => d.region)).filter(Boolean))]
            : [];
        items.push({
            what: "ECR images",
            type: "aws:ecr/repository:Repository",
            resources: names(repos),
            rpo: regions.length > 0 ? `minutes: replicated to ${regions.join(", ")} (ECR replication)` : "none: images are rebuilt by CI from their commits",
            restore: regions.length > 0 ? "pull from the replica region, or rebuild by CI" : "rebuild by CI",
        });
    }

    const kps = plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "kube-prometheus-stack");
    if (kps.length > 0) {
        const values = (kps[0].inputs.values ?? {}) as { prometheus?: { prometheusSpec?: { retention?: string } }; grafana?: { enabled?: boolean; persistence?: { enabled?: boolean } } };
        const tagged = of("kubernetes:storage.k8s.io/v1:StorageClass").some((sc) => Object.entries((sc.inputs.parameters ?? {}) as Record<string, string>).some(([k, v]) => k.startsWith("tagSpecification_") && backup !== undefined && v === backup.tag));
        items.push({
            what: `EBS volumes of Prometheus (TSDB, ${values.prometheus?.prometheusSpec?.retention ?? "?"} retention) and Alertmanager (silences)`,
            type: "PersistentVolumeClaim (gp3-encrypted)",
            resources: names(kps),
            rpo: tagged && backupRpo ? backupRpo : "none: metrics are lost with the volumes; rebuilt empty from code",
            restore: tagged && backupRpo ? "restore the recovery point into a PVC (runbook: restore an EBS volume)" : "redeploy; history starts again",
        });
        if (values.grafana?.enabled !== false) {
            const persisted = values.grafana?.persistence?.enabled === true;
            items.push({
                what: persisted ? "EBS volume of Grafana" : "Grafana (no volume: dashboards and datasources provisioned from code)",
                type: persisted ? "PersistentVolumeClaim (gp3-encrypted)" : "kubernetes:helm.sh/v3:Release",
                resources: names(kps),
                rpo: persisted && tagged && backupRpo ? backupRpo : "none: rebuilt from code; dashboards edited in the UI are lost",
                restore: "redeploy",
            });
        }
    }

    const clusters = of("aws:eks/cluster:Cluster");
    if (clusters.length > 0) {
        items.push({
            what: "the cluster's etcd: Kubernetes objects not in code (applied by hand or by operators, controller-made Secrets)",
            type: "aws:eks/cluster:Cluster",
            resources: names(clusters),
            rpo: "none: rebuilt from code; objects outside the program are lost",
            restore: "rebuild the stack from code (runbook: rebuild a stack)",
        });
    }

    const vaults = of("aws:backup/vault:Vault");
    if (vaults.length > 0) {
        items.push({
            what: "AWS Backup recovery points",
            type: "aws:backup/vault:Vault",
            resources: names(vaults),
            rpo: backup?.lockDays !== undefined ? `the backups themselves; locked, ${backup.lockDays} days minimum; no copy to another region` : "the backups themselves; not locked; no copy to another region",
            restore: "kept with the account: a vault is never force-destroyed",
        });
    }

    const logGroups = of("aws:cloudwatch/logGroup:LogGroup");
    if (logGroups.length > 0) {
        const days = [...new Set(logGroups.map((g) => g.inputs.retentionInDays))].join("/");
        items.push({ what: "CloudWatch log groups", type: "aws:cloudwatch/logGroup:LogGroup", resources: names(logGroups), rpo: `not copied: kept ${days} days in the region`, restore: "none; lost with the region" });
    }

    return { stack: plan.stack, items, rtoMinutes: deployTime.totalMinutes, runbook: RESTORE_RUNBOOK };
}
