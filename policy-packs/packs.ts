import type { PackDefinition } from "../tools/policy/evaluate";
import { awsBaseline } from "./aws-baseline/pack";
import { kubernetesBaseline } from "./kubernetes-baseline/pack";

/** Every pack the offline plan evaluates, in report order. */
export const PACKS: PackDefinition[] = [awsBaseline, kubernetesBaseline];
