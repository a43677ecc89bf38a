import type { PackDefinition } from "../../tools/policy/evaluate";
import { kubernetesBaselinePolicies } from "./policies";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("./package.json") as { version: string };

/** The pack as data: `index.ts` hands it to `new PolicyPack`, the offline evaluator reads it directly. */
export const kubernetesBaseline: PackDefinition = {
    name: "kubernetes-baseline",
    version,
    description: "Kubernetes workload and tenancy baseline: Pod Security Standards, images, RBAC, namespaces; mapped to CIS EKS 1.4.0 and PSS.",
    enforcementLevel: "advisory",
    policies: kubernetesBaselinePolicies,
};
