import type { ResourceValidation, ResourceValidationArgs, ReportViolation } from "@pulumi/policy";

/**
 * Validates resources of several types with one function: `@pulumi/aws` v7 keeps deprecated
 * `XV2` tokens beside `X` (BucketV2 and Bucket), and the baseline must match both.
 */
export function validateTypes(
    types: readonly { __pulumiType?: string; prototype: unknown }[] | readonly string[],
    validate: (props: Record<string, any>, args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>,
): ResourceValidation {
    const tokens = types.map((t) => (typeof t === "string" ? t : (t as { __pulumiType: string }).__pulumiType));
    return (args, report) => {
        if (!tokens.includes(args.type)) {
            args.notApplicable(`Policy only applies to resources of type ${tokens.map((t) => `'${t}'`).join(", ")}`);
        }
        return validate(args.props, args, report);
    };
}

/** The Pulumi type token of a resource class (`aws.kms.Key` to `aws:kms/key:Key`). */
export function tokenOf(cls: { __pulumiType?: string } | unknown): string {
    return (cls as { __pulumiType: string }).__pulumiType;
}
