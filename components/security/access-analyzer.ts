import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, tagsFor } from "../common";

/**
 * IAM Access Analyzer for the whole organization, from its delegated administrator (the bootstrap
 * stack registers it): an external-access analyzer whose zone of trust is the organization
 * (resources shared outside it are findings), and an unused-access analyzer (roles, users, keys
 * and permissions unused for `unusedAccessAgeDays`), which AWS bills per IAM role and user analyzed
 * per month (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-create-unused.html,
 * https://aws.amazon.com/iam/access-analyzer/pricing/, read 2026-12-03).
 */
export interface OrganizationAccessAnalyzerArgs {
    /** Days without use after which access is reported unused; 0: no unused-access analyzer. @default 90 */
    unusedAccessAgeDays?: number;
    /** @default {} */
    tags?: Record<string, string>;
}

export const ORGANIZATION_ACCESS_ANALYZER_DEFAULTS = { unusedAccessAgeDays: 90 } as const;

export function validateOrganizationAccessAnalyzerArgs(args: OrganizationAccessAnalyzerArgs): void {
    const p = new Problems();
    const age = args.unusedAccessAgeDays ?? ORGANIZATION_ACCESS_ANALYZER_DEFAULTS.unusedAccessAgeDays;
    if (age !== 0) {
        // The API accepts 1 to 365 days.
        p.intRange("unusedAccessAgeDays", age, 1, 365);
    }
    p.throwIfAny("OrganizationAccessAnalyzer");
}

export class OrganizationAccessAnalyzer extends pulumi.ComponentResource {
    readonly analyzerArn: pulumi.Output<string>;
    readonly unusedAccessAnalyzerArn?: pulumi.Output<string>;

    constructor(name: string, args: OrganizationAccessAnalyzerArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:OrganizationAccessAnalyzer", name, {}, opts);
        validateOrganizationAccessAnalyzerArgs(args);
        const age = args.unusedAccessAgeDays ?? ORGANIZATION_ACCESS_ANALYZER_DEFAULTS.unusedAccessAgeDays;
        const analyzer = new aws.accessanalyzer.Analyzer(name, { analyzerName: "platform-organization", type: "ORGANIZATION", tags: tagsFor(args.tags, "platform-organization") }, { parent: this });
        this.analyzerArn = analyzer.arn;
        if (age > 0) {
            const unused = new aws.accessanalyzer.Analyzer(
                `${name}-unused`,
                { analyzerName: "platform-organization-unused", type: "ORGANIZATION_UNUSED_ACCESS", configuration: { unusedAccess: { unusedAccessAge: age } }, tags: tagsFor(args.tags, "platform-organization-unused") },
                { parent: this },
            );
            this.unusedAccessAnalyzerArn = unused.arn;
        }
        this.registerOutputs({ analyzerArn: this.analyzerArn, ...(this.unusedAccessAnalyzerArn ? { unusedAccessAnalyzerArn: this.unusedAccessAnalyzerArn } : {}) });
    }
}
