import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { ofType } from "../../lib/links";
import { tokenOf } from "../../lib/types";
import { anyOf, not, read, readList, show, test, Tri, Verdicts } from "../../lib/verdicts";
import { DETECTION_TYPES } from "./detection";

/*
 * Amazon Inspector and Amazon Macie, held where the detection layer is (the stacks
 * access-analyzer-enabled holds: any of DETECTION_TYPES, or the services' own resources).
 * Control texts: https://docs.aws.amazon.com/securityhub/latest/userguide/inspector-controls.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html (read 2026-12-03);
 * all six are account-level checks (resource type AWS::::Account). The organization half (every
 * member account auto-enabled) is held where the stack runs an organization configuration of a
 * detection service, i.e. in the delegated administrator's stack.
 *
 * Advisory: `platform:security.inspector` / `.macie: false` turn the services off deliberately
 * (they are billed per resource scanned); the finding stays in every compliance report.
 * Macie.2 (automated sensitive data discovery) is not claimed: `@pulumi/aws` 7 has no resource for it
 * (https://github.com/hashicorp/terraform-provider-aws/issues/34938, read 2026-12-03), so no input
 * in a plan can show it.
 */

const T = {
    enabler: tokenOf(aws.inspector2.Enabler),
    inspectorOrg: tokenOf(aws.inspector2.OrganizationConfiguration),
    macieAccount: tokenOf(aws.macie2.Account),
    macieOrg: tokenOf(aws.macie2.OrganizationConfiguration),
    gdOrg: tokenOf(aws.guardduty.OrganizationConfiguration),
    hubOrg: tokenOf(aws.securityhub.OrganizationConfiguration),
};

/** Inspector.1-4: each scan type as `Enable` spells it, and its organization autoEnable key. */
export const INSPECTOR_SCANS = [
    { type: "EC2", key: "ec2", control: "Inspector.1", what: "EC2 scanning" },
    { type: "ECR", key: "ecr", control: "Inspector.2", what: "ECR scanning" },
    { type: "LAMBDA_CODE", key: "lambdaCode", control: "Inspector.3", what: "Lambda code scanning" },
    { type: "LAMBDA", key: "lambda", control: "Inspector.4", what: "Lambda standard scanning" },
] as const;

const isTrue = (x: unknown) => x === true || x === "true";

/** The detection-layer resources of a stack, with the service's own. */
function detectionLayer(resources: PolicyResource[], own: string[]): PolicyResource[] {
    return resources.filter((r) => DETECTION_TYPES.includes(r.type) || own.includes(r.type));
}

/** Whether the stack runs the organization side of the detection layer (the delegated administrator). */
function organizationStack(resources: PolicyResource[], own: string): boolean {
    return ofType(resources, T.gdOrg, T.hubOrg, own).length > 0;
}

export const inspectorEnabled: StackValidationPolicy = {
    name: "inspector-enabled",
    description:
        "Checks whether a stack of the detection layer runs Amazon Inspector EC2, ECR, Lambda standard and Lambda code scanning, and, in the organization's delegated administrator, auto-enables all four for member accounts.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("fsbp", "Inspector.1", "Amazon Inspector EC2 scanning should be enabled"),
    tags: ["fsbp:Inspector.2", "fsbp:Inspector.3", "fsbp:Inspector.4"],
    remediationSteps:
        'Add an aws.inspector2.Enabler with resourceTypes ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] for the account and, in the delegated administrator, an aws.inspector2.OrganizationConfiguration with autoEnable { ec2, ecr, lambda, lambdaCode: true } (components/security OrganizationInspector; platform:security.inspector: true).',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const layer = detectionLayer(args.resources, [T.enabler, T.inspectorOrg]);
        if (layer.length === 0) {
            args.notApplicable("no detection-layer resource (trail, detector, Security Hub, Config recorder, analyzer, Inspector) in this stack");
        }
        const enablers = ofType(args.resources, T.enabler);
        if (enablers.length === 0) {
            report("This detection-layer stack does not enable Amazon Inspector; add an aws.inspector2.Enabler with resourceTypes EC2, ECR, LAMBDA and LAMBDA_CODE (platform:security.inspector: true).", layer[0].urn);
            return;
        }
        const v = new Verdicts(report);
        for (const scan of INSPECTOR_SCANS) {
            const on: Tri = anyOf(enablers.map((e) => anyOf(readList<string>(e.props, "resourceTypes").map((t) => test(t, (x) => x === scan.type)))));
            v.when(not(on), () => report(`Amazon Inspector ${scan.what} (FSBP ${scan.control}) is not enabled; add "${scan.type}" to the Enabler's resourceTypes.`, enablers[0].urn));
        }
        if (organizationStack(args.resources, T.inspectorOrg)) {
            const configs = ofType(args.resources, T.inspectorOrg);
            if (configs.length === 0) {
                report("This stack administers the organization's detection services but not Inspector's; add an aws.inspector2.OrganizationConfiguration with autoEnable { ec2, ecr, lambda, lambdaCode: true }.", layer[0].urn);
            }
            for (const c of configs) {
                for (const scan of INSPECTOR_SCANS) {
                    const value = read<unknown>(read<unknown>(c.props, "autoEnable"), scan.key);
                    v.when(
                        test(value, (x) => !isTrue(x)),
                        () => report(`Amazon Inspector ${scan.what} must be on in every new member account; set autoEnable.${scan.key}: true (was ${show(value)}).`, c.urn),
                    );
                }
            }
        }
        v.settle();
    },
};

export const macieEnabled: StackValidationPolicy = {
    name: "macie-enabled",
    description: "Checks whether a stack of the detection layer enables Amazon Macie and, in the organization's delegated administrator, auto-enables it for member accounts.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("fsbp", "Macie.1", "Amazon Macie should be enabled"),
    tags: [],
    remediationSteps:
        'Add an aws.macie2.Account with status "ENABLED" (the default) and, in the delegated administrator, an aws.macie2.OrganizationConfiguration with autoEnable: true (components/security OrganizationMacie; platform:security.macie: true).',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const layer = detectionLayer(args.resources, [T.macieAccount, T.macieOrg]);
        if (layer.length === 0) {
            args.notApplicable("no detection-layer resource (trail, detector, Security Hub, Config recorder, analyzer, Macie) in this stack");
        }
        const accounts = ofType(args.resources, T.macieAccount);
        if (accounts.length === 0) {
            report('This detection-layer stack does not enable Amazon Macie; add an aws.macie2.Account with status "ENABLED" (platform:security.macie: true).', layer[0].urn);
            return;
        }
        const v = new Verdicts(report);
        for (const a of accounts) {
            const status = read<string>(a.props, "status");
            // Unset means ENABLED (the provider's default); PAUSED stops every job and discovery.
            v.when(
                test(status, (s) => s !== undefined && s !== "ENABLED"),
                () => report(`Amazon Macie must be enabled; set status: "ENABLED" (was ${show(status)}).`, a.urn),
            );
        }
        if (organizationStack(args.resources, T.macieOrg)) {
            const configs = ofType(args.resources, T.macieOrg);
            if (configs.length === 0) {
                report("This stack administers the organization's detection services but not Macie's; add an aws.macie2.OrganizationConfiguration with autoEnable: true.", layer[0].urn);
            }
            for (const c of configs) {
                const auto = read<unknown>(c.props, "autoEnable");
                v.when(
                    test(auto, (x) => !isTrue(x)),
                    () => report(`Amazon Macie must be on in every new member account; set autoEnable: true (was ${show(auto)}).`, c.urn),
                );
            }
        }
        v.settle();
    },
};

export const inspectorMaciePolicies: Policies = [inspectorEnabled, macieEnabled];
