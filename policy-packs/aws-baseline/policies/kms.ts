import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, remediateResourceOfType, validateResourceOfType } from "@pulumi/policy";
import { control } from "../../lib/metadata";

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Checks whether symmetric KMS keys rotate their key material every year.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "3.6", "Ensure rotation for customer-created symmetric CMKs is enabled"),
    tags: ["fsbp:KMS.4", "checkov:CKV_AWS_7"],
    remediationSteps: "Set enableKeyRotation: true on the key (the KmsKey component does by default).",
    configSchema: { properties: {} },
    validateResource: validateResourceOfType(aws.kms.Key, (key, _args, report) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT" || (key.keyUsage ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") {
            return;
        }
        if (key.enableKeyRotation !== true) {
            report("KMS key rotation must be on for symmetric keys; set enableKeyRotation: true.");
        }
    }),
    remediateResource: remediateResourceOfType(aws.kms.Key, (key) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && key.enableKeyRotation !== true) {
            return { ...key, enableKeyRotation: true };
        }
        return undefined;
    }),
};
