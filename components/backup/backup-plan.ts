import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformRoleInputs, stateful, tagsFor } from "../common";
import { BACKUP_PLAN_DEFAULTS } from "./defaults";
import { backupServicePolicyArns, backupTrustPolicy } from "./policies";
import { BackupPlanArgs, validateBackupPlanArgs } from "./validate";

/**
 * An account's AWS Backup: a vault encrypted with a customer managed key, a daily plan into it
 * with a retention, a selection of every resource tagged `platform:backup=true` (the EBS volumes
 * of Prometheus and Grafana through the default StorageClass), the role AWS Backup assumes for
 * it, and optionally a vault lock.
 */
export class BackupPlan extends pulumi.ComponentResource {
    readonly vaultName: pulumi.Output<string>;
    readonly vaultArn: pulumi.Output<string>;
    readonly planId: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: BackupPlanArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:backup:BackupPlan", name, {}, opts);
        validateBackupPlanArgs(args);
        const d = BACKUP_PLAN_DEFAULTS;
        const protect = args.protect ?? d.protect;
        const retentionDays = args.retentionDays ?? d.retentionDays;
        const tagKey = args.selectionTagKey ?? d.selectionTagKey;
        const tagValue = args.selectionTagValue ?? d.selectionTagValue;

        // forceDestroy off: a vault with recovery points is never emptied by a destroy.
        const vault = new aws.backup.Vault(name, { kmsKeyArn: args.kmsKeyArn, forceDestroy: false, tags: tagsFor(args.tags, name) }, stateful(this, protect));
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            {
                rules: [
                    {
                        ruleName: "daily",
                        targetVaultName: vault.name,
                        schedule: args.schedule ?? d.schedule,
                        startWindow: d.startWindowMinutes,
                        completionWindow: d.completionWindowMinutes,
                        lifecycle: { deleteAfter: retentionDays },
                        recoveryPointTags: tagsFor(args.tags, undefined, { "platform:backup-plan": name }),
                    },
                ],
                tags: tagsFor(args.tags, `${name}-plan`),
            },
            { parent: this },
        );
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: JSON.stringify(backupTrustPolicy()),
                description: `AWS Backup service role of plan ${name}: back up and restore resources tagged ${tagKey}=${tagValue}`,
                maxSessionDuration: 3600,
                tags: tagsFor(args.tags, `${name}-role`),
            },
            { parent: this },
        );
        const attachments = backupServicePolicyArns(args.region).map(
            (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-role-${i === 0 ? "backup" : "restores"}`, { role: role.name, policyArn }, { parent: this }),
        );
        new aws.backup.Selection(
            `${name}-selection`,
            {
                name: `${name}-tagged`.slice(0, 50),
                planId: plan.id,
                iamRoleArn: role.arn,
                selectionTags: [{ type: "STRINGEQUALS", key: tagKey, value: tagValue }],
            },
            // A selection whose role cannot act yet fails its first job.
            { parent: this, dependsOn: attachments },
        );
        if (args.vaultLock !== undefined) {
            const lock = args.vaultLock;
            new aws.backup.VaultLockConfiguration(
                `${name}-lock`,
                {
                    backupVaultName: vault.name,
                    minRetentionDays: lock.minRetentionDays,
                    maxRetentionDays: lock.maxRetentionDays,
                    changeableForDays: lock.changeableForDays ?? d.changeableForDays,
                },
                { parent: this, protect },
            );
        }

        this.vaultName = vault.name;
        this.vaultArn = vault.arn;
        this.planId = plan.id;
        this.roleArn = role.arn;
        this.registerOutputs({ vaultName: this.vaultName, vaultArn: this.vaultArn, planId: this.planId, roleArn: this.roleArn });
    }
}
