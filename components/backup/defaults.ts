/**
 * Defaults of the BackupPlan component: one table, resolved with `??` at the top of the
 * constructor.
 */
export const BACKUP_PLAN_DEFAULTS = {
    /** Days a recovery point is kept: past the longest SLO window (30d), so an incident found late still has a restore point. */
    retentionDays: 35,
    /** Every day at 03:00 UTC, outside the working day of the platform's regions. */
    schedule: "cron(0 3 * * ? *)",
    /** Minutes a job may wait to start before AWS Backup counts it as missed. */
    startWindowMinutes: 60,
    /** Minutes a started job may run before AWS Backup cancels it. */
    completionWindowMinutes: 480,
    /** Days before the lock date during which the vault lock can still be changed or removed (AWS Backup's minimum is 3). */
    changeableForDays: 3,
    selectionTagKey: "platform:backup",
    selectionTagValue: "true",
    protect: true,
} as const;

/** The tag a resource carries to be backed up by the account's plan. */
export const BACKUP_TAG = { key: BACKUP_PLAN_DEFAULTS.selectionTagKey, value: BACKUP_PLAN_DEFAULTS.selectionTagValue } as const;

/** AWS managed policies of the role AWS Backup assumes: take backups, and restore them. */
export const BACKUP_SERVICE_POLICIES = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] as const;

/** AWS Backup's limits on a lifecycle and on the vault lock's cooling-off period. */
export const BACKUP_LIMITS = { maxRetentionDays: 36500, minChangeableForDays: 3 } as const;
