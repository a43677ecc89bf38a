import * as fs from "fs";
import * as path from "path";
import { POLICY_CONFIG_ROOT } from "../../../config/policy-profile";
import { PackConfigFile, resolvePackConfig, ResolvedPolicyConfig } from "../../../tools/policy/config";
import { kubernetesBaseline } from "../pack";
import { DEFAULT_EXCLUDED_NAMESPACES } from "../policies/support";
import { minorOf } from "../pss";
import { atLeast } from "../pss/version";
import { CelValidation, CelVariable } from "./cel";
import { ADMISSION_RULES, AdmissionRule, Target, variablesFor } from "./rules";

/**
 * ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30; built into
 * the API server, no controller) generated from the kubernetes-baseline rules, so that what the
 * preview pack checks on declared objects the API server checks on every object, Helm's included.
 * (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/ and the API
 * reference https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/validating-admission-policy-v1/,
 * read 2026-12-03.)
 *
 * One policy and one binding per pack policy that admission can express (rules.ts), for:
 *
 * - the cluster's Kubernetes version: the Pod Security checks in force at that version, at their
 *   revision for it (the same table as the pack, ../pss);
 * - the environment's pack configuration (policy-packs/config/<profile>/kubernetes-baseline.json,
 *   resolved with the engine's semantics): a disabled policy has no admission policy, and each
 *   policy's settings (allowedRegistries, allowedCapabilities, excludedNamespaces, ...) are the ones
 *   the pack uses;
 * - the environment's admission mode (`platform:admissionPolicies.mode`): `deny` binds mandatory
 *   policies with validationActions [Deny] and advisory ones with [Warn, Audit]; `warn` binds
 *   everything with [Warn, Audit] (dev: report, never refuse).
 *
 * Exemptions are the pack's: a policy's `excludedNamespaces` become the binding's
 * `matchResources.namespaceSelector` on the `kubernetes.io/metadata.name` label, which the API
 * server sets on every namespace.
 */

export type AdmissionMode = "deny" | "warn";
export const ADMISSION_MODES: readonly AdmissionMode[] = ["deny", "warn"];

export const POLICY_NAME_PREFIX = "platform-";
/** Set by the API server on every Namespace (immutable), so a selector on it names namespaces. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** The first version whose CEL environment has optional field selection (`.?`), which the expressions use. */
export const MIN_ADMISSION_VERSION = "1.30";

export interface AdmissionPoliciesArgs {
    /** The cluster's Kubernetes version (`1.33`, `v1.33.4-eks-…`). */
    kubernetesVersion: string;
    /** The environment's kubernetes-baseline pack configuration (the file's JSON). */
    packConfig: PackConfigFile;
    mode: AdmissionMode;
    /** The platform's own namespaces (add-ons), exempt from the rules marked so. @default [] */
    platformNamespaces?: readonly string[];
}

export type ValidationAction = "Deny" | "Warn" | "Audit";

export interface NamedRule {
    apiGroups: string[];
    apiVersions: string[];
    operations: string[];
    resources: string[];
}

export interface ValidatingAdmissionPolicyDoc {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicy";
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: {
        failurePolicy: "Fail" | "Ignore";
        matchConstraints: { resourceRules: NamedRule[] };
        matchConditions?: { name: string; expression: string }[];
        variables?: CelVariable[];
        validations: { expression: string; message: string; messageExpression?: string; reason: "Forbidden" }[];
    };
}

export interface ValidatingAdmissionPolicyBindingDoc {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicyBinding";
    metadata: { name: string; labels: Record<string, string> };
    spec: {
        policyName: string;
        validationActions: ValidationAction[];
        matchResources?: { namespaceSelector: { matchExpressions: { key: string; operator: "NotIn"; values: string[] }[] } };
    };
}

export interface GeneratedAdmissionPolicy {
    /** The pack policy it enforces. */
    packPolicy: string;
    enforcementLevel: string;
    validationActions: ValidationAction[];
    /** Namespaces the binding leaves out. */
    exemptNamespaces: string[];
    policy: ValidatingAdmissionPolicyDoc;
    binding: ValidatingAdmissionPolicyBindingDoc;
}

const OPERATIONS = ["CREATE", "UPDATE"];
const POD_RULES: NamedRule[] = [
    // pods/ephemeralcontainers: `kubectl debug` adds containers through this subresource; its object is the Pod.
    { apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["pods", "pods/ephemeralcontainers", "replicationcontrollers"] },
    { apiGroups: ["apps"], apiVersions: ["v1"], operations: OPERATIONS, resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
    { apiGroups: ["batch"], apiVersions: ["v1"], operations: OPERATIONS, resources: ["jobs", "cronjobs"] },
];

export function resourceRulesFor(target: Target): NamedRule[] {
    switch (target) {
        case "workloads":
            return POD_RULES;
        case "long-running":
            return [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: OPERATIONS, resources: ["deployments", "statefulsets", "daemonsets"] }];
        case "workloads-and-service-accounts":
            return [{ ...POD_RULES[0], resources: [...POD_RULES[0].resources, "serviceaccounts"] }, ...POD_RULES.slice(1)];
        case "services":
            return [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["services"] }];
        case "namespaces":
            return [{ apiGroups: [""], apiVersions: ["v1"], operations: OPERATIONS, resources: ["namespaces"] }];
    }
}

/**
 * An update that leaves the spec alone (labels, annotations, finalizers, an owner reference) is not
 * judged again, as Pod Security Admission skips such pod updates: otherwise a pod admitted before
 * the policy could not even lose its finalizer. The pod template lives in the spec.
 */
export const SPEC_CHANGED = {
    name: "create-or-spec-changed",
    expression: "request.operation != 'UPDATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec",
};

/** The environment's kubernetes-baseline configuration file: policy-packs/config/<profile>/kubernetes-baseline.json. */
export function loadKubernetesBaselineConfig(profile: string, root: string = POLICY_CONFIG_ROOT): PackConfigFile {
    const file = path.join(root, profile, "kubernetes-baseline.json");
    if (!fs.existsSync(file)) {
        throw new Error(`platform:policyProfile: ${JSON.stringify(profile)} has no ${path.relative(process.cwd(), file)}; the admission policies are generated from it`);
    }
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackConfigFile;
}

function actionsFor(level: string, mode: AdmissionMode): ValidationAction[] {
    return level === "mandatory" && mode === "deny" ? ["Deny"] : ["Warn", "Audit"];
}

function exemptionsFor(rule: AdmissionRule, resolved: ResolvedPolicyConfig, platformNamespaces: readonly string[]): string[] {
    const out: string[] = [];
    if (rule.exemptions) {
        out.push(...((resolved.config.excludedNamespaces as string[] | undefined) ?? DEFAULT_EXCLUDED_NAMESPACES));
    }
    if (rule.exemptPlatformNamespaces) {
        out.push(...platformNamespaces);
    }
    return [...new Set(out)].sort();
}

function toValidation(v: CelValidation): ValidatingAdmissionPolicyDoc["spec"]["validations"][number] {
    return { expression: v.expression, message: v.message, ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}), reason: "Forbidden" };
}

/** Every admission policy and binding for one cluster; throws on a version admission policies cannot serve. */
export function admissionPolicies(args: AdmissionPoliciesArgs): GeneratedAdmissionPolicy[] {
    const version = minorOf(args.kubernetesVersion);
    if (!version || !atLeast(version, MIN_ADMISSION_VERSION)) {
        throw new Error(
            `kubernetesVersion: ${JSON.stringify(args.kubernetesVersion)} is not a Kubernetes version ValidatingAdmissionPolicy v1 with CEL optional types serves; use ${MIN_ADMISSION_VERSION} or newer`,
        );
    }
    const resolved = resolvePackConfig(kubernetesBaseline, args.packConfig);
    const out: GeneratedAdmissionPolicy[] = [];
    for (const rule of ADMISSION_RULES) {
        const settings = resolved[rule.policy];
        if (!settings) {
            throw new Error(`admission rule ${rule.policy} names no policy of kubernetes-baseline`);
        }
        if (settings.enforcementLevel === "disabled" || !rule.validations || !rule.target) {
            continue;
        }
        const validations = rule.validations(version, settings.config);
        if (validations.length === 0) {
            continue;
        }
        const name = `${POLICY_NAME_PREFIX}${rule.policy}`;
        const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform/policy-pack": kubernetesBaseline.name, "platform/policy": rule.policy };
        // Variables are evaluated lazily, only when an expression reads them.
        const variables = variablesFor(rule.target);
        const podTarget = rule.target !== "services" && rule.target !== "namespaces";
        const validationActions = actionsFor(settings.enforcementLevel, args.mode);
        const exemptNamespaces = exemptionsFor(rule, settings, args.platformNamespaces ?? []);
        out.push({
            packPolicy: rule.policy,
            enforcementLevel: settings.enforcementLevel,
            validationActions,
            exemptNamespaces,
            policy: {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingAdmissionPolicy",
                metadata: { name, labels, annotations: { "platform/kubernetes-version": version, "platform/enforcement-level": settings.enforcementLevel } },
                spec: {
                    // An expression that errors refuses (or warns, per the binding) rather than admits.
                    failurePolicy: "Fail",
                    matchConstraints: { resourceRules: resourceRulesFor(rule.target) },
                    ...(podTarget ? { matchConditions: [SPEC_CHANGED] } : {}),
                    ...(variables.length > 0 ? { variables } : {}),
                    validations: validations.map(toValidation),
                },
            },
            binding: {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingAdmissionPolicyBinding",
                metadata: { name, labels },
                spec: {
                    policyName: name,
                    validationActions,
                    ...(exemptNamespaces.length > 0 ? { matchResources: { namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: exemptNamespaces }] } } } : {}),
                },
            },
        });
    }
    return out;
}
