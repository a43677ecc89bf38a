import type { PackDefinition } from "../../tools/policy/evaluate";
import { kmsKeyRotation } from "./policies/kms";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("./package.json") as { version: string };

/** The pack as data: `index.ts` hands it to `new PolicyPack`, the offline evaluator reads it directly. */
export const awsBaseline: PackDefinition = {
    name: "aws-baseline",
    version,
    description: "AWS security baseline: network, EKS, KMS, ECR, S3, logging, IAM; mapped to CIS AWS, CIS EKS and FSBP controls.",
    enforcementLevel: "advisory",
    policies: [kmsKeyRotation],
};
