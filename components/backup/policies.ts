import { partitionOf, PolicyDocument, policyDocument } from "../common";
import { BACKUP_SERVICE_POLICIES } from "./defaults";

/**
 * Trust policy of the role AWS Backup assumes to take and restore backups. No source condition:
 * AWS Backup's own default service role (AWSBackupDefaultServiceRole) trusts the service the same
 * way, and the role can only be passed to AWS Backup by principals allowed `iam:PassRole` on it.
 */
export function backupTrustPolicy(): PolicyDocument {
    return policyDocument([{ Sid: "AwsBackupAssumes", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
}

/** ARNs of the managed policies the backup role carries (both are under `service-role/`). */
export function backupServicePolicyArns(region: string): string[] {
    return BACKUP_SERVICE_POLICIES.map((p) => `arn:${partitionOf(region)}:iam::aws:policy/service-role/${p}`);
}
