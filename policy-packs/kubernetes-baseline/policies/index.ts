import type { Policies } from "@pulumi/policy";
import { admissionPolicyPolicies } from "../admission/policy";
import { imagePolicies } from "./images";
import { namespacePolicies } from "./namespaces";
import { podSecurityPolicies } from "./pod-security";
import { provenancePolicies } from "./provenance";
import { rbacPolicies } from "./rbac";
import { resourcePolicies } from "./resources";
import { secretPolicies } from "./secrets";
import { serviceAccountPolicies } from "./service-accounts";
import { servicePolicies } from "./services";

export * from "../admission/policy";
export * from "./images";
export * from "./namespaces";
export * from "./pod-security";
export * from "./provenance";
export * from "./rbac";
export * from "./resources";
export * from "./secrets";
export * from "./service-accounts";
export * from "./services";

/** Every policy of the kubernetes-baseline pack, in catalog order. */
export const kubernetesBaselinePolicies: Policies = [
    ...podSecurityPolicies,
    ...imagePolicies,
    ...provenancePolicies,
    ...admissionPolicyPolicies,
    ...resourcePolicies,
    ...serviceAccountPolicies,
    ...namespacePolicies,
    ...rbacPolicies,
    ...secretPolicies,
    ...servicePolicies,
];
