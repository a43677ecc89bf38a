import * as aws from "@pulumi/aws";
import type { Policies, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf } from "../../lib/types";
import { ofType } from "../../lib/links";
import { read, test, Verdicts } from "../../lib/verdicts";

/*
 * FSBP Backup.1: AWS Backup recovery points should be encrypted at rest
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/backup-controls.html#backup-1, read 2026-12-03).
 * A recovery point is encrypted with its vault's key when the resource type is fully managed by
 * AWS Backup; otherwise (EBS snapshots among them) it keeps the encryption of its source
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html, read 2026-12-03). So a
 * stack that backs up is held to both: each vault names a KMS key (a customer managed one, not
 * AWS Backup's default), and the stack turns EBS encryption by default on, so that every volume a
 * selection can pick up, and with it every snapshot, is encrypted (volumes created before the
 * setting are runtime state, outside a plan).
 */

const T = {
    vault: tokenOf(aws.backup.Vault),
    selection: tokenOf(aws.backup.Selection),
    encryptionByDefault: tokenOf(aws.ebs.EncryptionByDefault),
};

const isFalse = (x: unknown) => x === false || x === "false";

export const backupRecoveryPointsEncrypted: StackValidationPolicy = {
    name: "backup-recovery-points-encrypted",
    description: "Checks whether every AWS Backup vault encrypts with a KMS key of its own and, where a backup selection exists, EBS encryption by default is on in the stack, so that snapshots of volumes are encrypted too.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "Backup.1", "AWS Backup recovery points should be encrypted at rest"),
    tags: [],
    remediationSteps:
        "Set kmsKeyArn on every aws.backup.Vault (a backup-purpose key, components/kms); keep platform:accountBaseline.ebsEncryptionByDefault true in a stack that declares backup selections (AccountBaseline declares aws.ebs.EncryptionByDefault).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const vaults = ofType(args.resources, T.vault);
        const selections = ofType(args.resources, T.selection);
        if (vaults.length === 0 && selections.length === 0) {
            args.notApplicable("no AWS Backup vault or selection in this stack");
        }
        const v = new Verdicts(report);
        for (const vault of vaults) {
            v.when(
                test(read<unknown>(vault.props, "kmsKeyArn"), (k) => typeof k !== "string" || k.trim() === ""),
                () => report("AWS Backup vault must encrypt with a KMS key of the platform; set kmsKeyArn (unset means AWS Backup's default key).", vault.urn),
            );
        }
        if (selections.length > 0) {
            const settings = ofType(args.resources, T.encryptionByDefault);
            if (settings.length === 0) {
                v.fail(
                    "Backup selections pick up EBS volumes, whose snapshots keep the volume's encryption, but this stack does not turn EBS encryption by default on; keep platform:accountBaseline.ebsEncryptionByDefault true.",
                    selections[0].urn,
                );
            }
            for (const s of settings) {
                v.when(test(read<unknown>(s.props, "enabled"), isFalse), () => report("EBS encryption by default must be on where backups are taken; set enabled: true.", s.urn));
            }
        }
        v.settle();
    },
};

export const backupPolicies: Policies = [backupRecoveryPointsEncrypted];
