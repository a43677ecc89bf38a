import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";

/**
 * A CloudWatch log group with retention and a KMS key, protected and retained when `protect`.
 *
 * A helper rather than a component: it is one resource, and the log groups that matter (EKS
 * control plane, flow logs) belong to the component that writes to them. Created as that
 * component's child, the log group keeps its place in the tree (and its URN) without a wrapper
 * component per log group.
 */
export interface SecureLogGroupArgs {
    /** Physical name, e.g. `/aws/eks/<cluster>/cluster`. @default auto-named from the resource name */
    logGroupName?: pulumi.Input<string>;
    /** Days events are kept; one of CloudWatch's allowed values. @default 365 */
    retentionInDays?: number;
    /** KMS key that encrypts the events (its policy must allow `logs.<region>.amazonaws.com`). */
    kmsKeyArn: pulumi.Input<string>;
    /** Protect the log group and retain it when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

/** The retention periods CloudWatch Logs accepts (0, "never expire", is not offered). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const SECURE_LOG_GROUP_DEFAULTS = { retentionInDays: 365, protect: true } as const;

export function validateSecureLogGroupArgs(args: SecureLogGroupArgs): void {
    const p = new Problems();
    const retention = args.retentionInDays ?? SECURE_LOG_GROUP_DEFAULTS.retentionInDays;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
        p.add("retentionInDays", retention, `is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    if (args.kmsKeyArn === undefined || args.kmsKeyArn === "") {
        p.add("kmsKeyArn", args.kmsKeyArn, "is required: log groups are encrypted with a KMS key");
    }
    p.throwIfAny("SecureLogGroup");
}

/** Creates the log group as a child of `parent` (the component that owns the logs). */
export function secureLogGroup(name: string, args: SecureLogGroupArgs, parent: pulumi.Resource, opts: pulumi.CustomResourceOptions = {}): aws.cloudwatch.LogGroup {
    validateSecureLogGroupArgs(args);
    const protect = args.protect ?? SECURE_LOG_GROUP_DEFAULTS.protect;
    return new aws.cloudwatch.LogGroup(
        name,
        {
            name: args.logGroupName,
            retentionInDays: args.retentionInDays ?? SECURE_LOG_GROUP_DEFAULTS.retentionInDays,
            kmsKeyId: args.kmsKeyArn,
            tags: tagsFor(args.tags),
        },
        stateful(parent, protect, opts),
    );
}
