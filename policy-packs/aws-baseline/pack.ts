import type { PackDefinition } from "../../tools/policy/evaluate";
import { accountPolicies } from "./policies/account";
import { cloudwatchCisPolicies } from "./policies/cloudwatch-cis";
import { detectionPolicies } from "./policies/detection";
import { securityhubOrganizationPolicies } from "./policies/securityhub-organization";
import { ecrPolicies } from "./policies/ecr";
import { ecrTemplatePolicies } from "./policies/ecr-templates";
import { eksPolicies } from "./policies/eks";
import { iamPolicies } from "./policies/iam";
import { inspectorMaciePolicies } from "./policies/inspector-macie";
import { kmsPolicies } from "./policies/kms";
import { loggingPolicies } from "./policies/logging";
import { messagingPolicies } from "./policies/messaging";
import { codebuildPolicies } from "./policies/codebuild";
import { backupPolicies } from "./policies/backup";
import { s3AccountAccessPolicies } from "./policies/s3-account-access";
import { ssmPolicies } from "./policies/ssm";
import { networkPolicies } from "./policies/network";
import { s3Policies } from "./policies/s3";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("./package.json") as { version: string };

/** The pack as data: `index.ts` hands it to `new PolicyPack`, the offline evaluator reads it directly. */
export const awsBaseline: PackDefinition = {
    name: "aws-baseline",
    version,
    description: "AWS security baseline: network, EKS, KMS, ECR, S3, logging, IAM, account defaults, detection, messaging; mapped to CIS AWS 3.0.0, CIS EKS 1.4.0 and FSBP controls.",
    enforcementLevel: "advisory",
    policies: [...networkPolicies, ...eksPolicies, ...kmsPolicies, ...ecrPolicies, ...ecrTemplatePolicies, ...s3Policies, ...loggingPolicies, ...iamPolicies, ...accountPolicies, ...detectionPolicies, ...securityhubOrganizationPolicies, ...inspectorMaciePolicies, ...cloudwatchCisPolicies, ...messagingPolicies, ...codebuildPolicies, ...backupPolicies, ...s3AccountAccessPolicies, ...ssmPolicies],
};
