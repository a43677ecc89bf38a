import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, PlatformRoleArgs, Problems } from "../common";
import { BACKUP_LIMITS, BACKUP_PLAN_DEFAULTS } from "./defaults";

/** The vault lock: AWS Backup refuses to delete or shorten recovery points kept under it. */
export interface VaultLockArgs {
    /** Shortest retention a backup or copy job into the vault may have; jobs with less fail. */
    minRetentionDays: number;
    /** Longest retention a job may have. @default no maximum */
    maxRetentionDays?: number;
    /**
     * Days before the lock date (at least 3). Until then the lock can be changed or removed
     * (governance-like); from the lock date on it is immutable, even for the account root
     * (compliance mode). @default 3
     */
    changeableForDays?: number;
}

export interface BackupPlanArgs extends PlatformRoleArgs {
    /** Account of the vault, plan and role. */
    accountId: string;
    /** Region of the vault (role ARNs and managed policy ARNs are partition-specific). */
    region: string;
    /** KMS key that encrypts the vault's recovery points (a `backup` purpose key). */
    kmsKeyArn: pulumi.Input<string>;
    /** Days each recovery point is kept. @default 35 */
    retentionDays?: number;
    /** Schedule of the daily rule, a cron expression in UTC. @default "cron(0 3 * * ? *)" */
    schedule?: string;
    /** Locks the vault. @default no lock */
    vaultLock?: VaultLockArgs;
    /** Tag key a resource carries to be backed up. @default "platform:backup" */
    selectionTagKey?: string;
    /** Tag value a resource carries to be backed up. @default "true" */
    selectionTagValue?: string;
    /** Protect the vault from `pulumi destroy` and retain it when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;
const TAG_KEY = /^[\w.:/=+\-@ ]{1,128}$/;

export function validateBackupPlanArgs(args: BackupPlanArgs): void {
    const p = new Problems();
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (args.kmsKeyArn === undefined || args.kmsKeyArn === "") {
        p.add("kmsKeyArn", args.kmsKeyArn, "is required: the vault's recovery points are encrypted with a customer managed key");
    }
    const retention = args.retentionDays ?? BACKUP_PLAN_DEFAULTS.retentionDays;
    p.intRange("retentionDays", retention, 1, BACKUP_LIMITS.maxRetentionDays);
    const schedule = args.schedule ?? BACKUP_PLAN_DEFAULTS.schedule;
    if (typeof schedule !== "string" || !CRON.test(schedule)) {
        p.add("schedule", schedule, 'is not an AWS Backup cron expression with six fields, such as "cron(0 3 * * ? *)"');
    }
    const key = args.selectionTagKey ?? BACKUP_PLAN_DEFAULTS.selectionTagKey;
    if (typeof key !== "string" || !TAG_KEY.test(key) || key.toLowerCase().startsWith("aws:")) {
        p.add("selectionTagKey", key, 'is not a tag key (1 to 128 characters, not starting with "aws:")');
    }
    const value = args.selectionTagValue ?? BACKUP_PLAN_DEFAULTS.selectionTagValue;
    if (typeof value !== "string" || value.length === 0 || value.length > 256) {
        p.add("selectionTagValue", value, "is not a tag value of 1 to 256 characters");
    }
    const lock = args.vaultLock;
    if (lock !== undefined) {
        p.intRange("vaultLock.minRetentionDays", lock.minRetentionDays, 1, BACKUP_LIMITS.maxRetentionDays);
        if (lock.maxRetentionDays !== undefined) {
            p.intRange("vaultLock.maxRetentionDays", lock.maxRetentionDays, 1, BACKUP_LIMITS.maxRetentionDays);
            if (lock.maxRetentionDays < lock.minRetentionDays) {
                p.addMessage(`vaultLock.maxRetentionDays: ${lock.maxRetentionDays} is below vaultLock.minRetentionDays ${lock.minRetentionDays}`);
            }
            if (Number.isInteger(retention) && retention > lock.maxRetentionDays) {
                p.addMessage(`retentionDays: ${retention} is above vaultLock.maxRetentionDays ${lock.maxRetentionDays}; the vault would fail every backup job`);
            }
        }
        if (lock.changeableForDays !== undefined) {
            p.intRange("vaultLock.changeableForDays", lock.changeableForDays, BACKUP_LIMITS.minChangeableForDays, BACKUP_LIMITS.maxRetentionDays);
        }
        if (Number.isInteger(retention) && Number.isInteger(lock.minRetentionDays) && retention < lock.minRetentionDays) {
            p.addMessage(`retentionDays: ${retention} is below vaultLock.minRetentionDays ${lock.minRetentionDays}; the vault would fail every backup job (raise retentionDays or lower the lock's minimum)`);
        }
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("BackupPlan");
}
