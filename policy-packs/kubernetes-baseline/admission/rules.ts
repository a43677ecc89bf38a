import { CheckId, CheckOptions, Level, pssCheck, revisionAt } from "../pss";
import { PRIVATE_ECR } from "../policies/images";
import { LEGACY_INTERNAL_ANNOTATION, SCHEME_ANNOTATION } from "../policies/services";
import { podSecurityBaselinePolicies, podSecurityRestrictedPolicies } from "../policies/pod-security";
import { celList, celString, CelValidation, CelVariable, containerCheck, POD_SPEC, POD_VARIABLES } from "./cel";
import { pssValidation } from "./pss-cel";

/**
 * Which kubernetes-baseline rules are enforced again at admission, and how: one entry per pack
 * policy. A rule with CEL gives its validations for a Kubernetes version and the policy's settings
 * (the same `config` object the pack reads); a rule without says why not. The README's policy
 * table shows the same answers in its "admission" column (a test holds the two together).
 */

/** What a policy matches: the pod-carrying kinds, or one other kind. */
export type Target = "workloads" | "long-running" | "workloads-and-service-accounts" | "services" | "namespaces";

export type Expressible = "yes" | "partial" | "no";

export interface AdmissionRule {
    policy: string;
    expressible: Expressible;
    /** Why not, or what part is left out (shown in the README). */
    note?: string;
    target?: Target;
    /** Whether the policy's `excludedNamespaces` setting exempts namespaces (binding namespaceSelector). */
    exemptions?: boolean;
    /** Whether the platform's own namespaces (the add-ons') are exempt at admission. */
    exemptPlatformNamespaces?: boolean;
    validations?: (version: string, config: Record<string, unknown>) => CelValidation[];
}

// --- Images ---------------------------------------------------------------------------------------
//
// The pack parses `registry/repository:tag@digest` (policies/workloads.ts parseImage): the first
// path component is a registry when it holds a dot or a colon or is `localhost`; the tag follows
// the last colon after it; the digest follows the first `@`. The regular expressions below restate
// that split (RE2 syntax, `matches` finds a match anywhere unless anchored).

const REGISTRY = "^(localhost|[^@/]*[.:][^@/]*)/";
const hasRegistry = (i: string) => `${i}.matches(${celString(REGISTRY)})`;
const hasDigest = (i: string) => `${i}.matches('^[^@]*@.')`;
/** The reference's tag (after the registry) matches `tag`. */
const tagIs = (i: string, tag: string) => `(${hasRegistry(i)} ? ${i}.matches(${celString(`${REGISTRY}[^@]*:${tag}(@|$)`)}) : ${i}.matches(${celString(`^[^@]*:${tag}(@|$)`)}))`;
/** Docker Hub short names as the runtime reads them: `docker.io/library/<name>`. */
const canonical = (i: string) => `('docker.io/' + (${i}.matches('^[^@]*/') ? '' : 'library/') + ${i})`;

function imagePinned(): CelValidation {
    const i = "c.image";
    return containerCheck(
        "image-pinned",
        `has(c.image) && (${hasDigest(i)} || (${tagIs(i, "[^:@]+")} && !${tagIs(i, "latest")}))`,
        "image-pinned: every image must carry a version tag that is not latest, or a digest (<repository>:<version> or <repository>@sha256:<digest>)",
    );
}

function imagePinnedDigest(): CelValidation {
    return containerCheck("image-pinned-digest", `!has(c.image) || ${hasDigest("c.image")}`, "image-pinned-digest: every image must be pinned by digest (<repository>@sha256:<digest>)");
}

function allowedRegistries(config: Record<string, unknown>): CelValidation {
    const prefixes = ((config.allowedRegistries as string[] | undefined) ?? []).map((p) => (p.endsWith("/") ? p : `${p}/`));
    const i = "c.image";
    const ok =
        prefixes.length === 0
            ? `${i}.matches(${celString(PRIVATE_ECR.source.replace(/\\\//g, "/"))})`
            : `${celList(prefixes)}.exists(p, ${i}.startsWith(p) || (!${hasRegistry(i)} && ${canonical(i)}.startsWith(p)))`;
    const approved = prefixes.length > 0 ? prefixes.join(", ") : "a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/)";
    return containerCheck("allowed-registries", `!has(c.image) || ${ok}`, `allowed-registries: images must come from ${approved}`);
}

// --- Resources, probes, secrets -------------------------------------------------------------------

/** Containers and init containers: ephemeral containers may not declare resources or a root filesystem. */
const LONG_LIVED = `(${POD_SPEC}.?containers.orValue([]) + ${POD_SPEC}.?initContainers.orValue([]))`;

const REQUIRED_RESOURCES: [string, string][] = [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "memory"],
];

function resourcesRequestsLimits(): CelValidation {
    const ok = REQUIRED_RESOURCES.map(([s, k]) => `string(c.?resources.?${s}.?${k}.orValue('')) != ''`).join(" && ");
    return containerCheck("resources-requests-limits", ok, "resources-requests-limits: set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container", LONG_LIVED);
}

function probes(): CelValidation {
    return containerCheck(
        "probes",
        "has(c.readinessProbe) && (has(c.livenessProbe) || has(c.startupProbe))",
        "probes: every container must define a readinessProbe and a livenessProbe or startupProbe",
        `${POD_SPEC}.?containers.orValue([])`,
    );
}

function secretsNotInEnv(): CelValidation {
    return containerCheck(
        "secrets-not-in-env",
        "c.?env.orValue([]).all(e, !e.?valueFrom.?secretKeyRef.hasValue()) && c.?envFrom.orValue([]).all(e, !has(e.secretRef))",
        "secrets-not-in-env: do not read Secrets through env[].valueFrom.secretKeyRef or envFrom[].secretRef; mount the Secret as a file",
    );
}

function readOnlyRootFs(): CelValidation {
    return containerCheck(
        "read-only-root-fs",
        "c.?securityContext.?readOnlyRootFilesystem.orValue(false) == true",
        "read-only-root-fs: set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir where it writes",
        LONG_LIVED,
    );
}

// --- Service accounts, namespaces, Services -------------------------------------------------------

function serviceAccountToken(): CelValidation[] {
    const sa = `${POD_SPEC}.?serviceAccountName.orValue(${POD_SPEC}.?serviceAccount.orValue(''))`;
    return [
        {
            check: "service-account-token",
            expression: "object.kind != 'ServiceAccount' || object.?automountServiceAccountToken.orValue(true) == false",
            message: "service-account-token: a ServiceAccount must set automountServiceAccountToken: false; pods that call the Kubernetes API opt in on the pod spec.",
        },
        {
            check: "service-account-token",
            expression: `object.kind == 'ServiceAccount' || !(${sa} in ['', 'default'])`,
            message: "service-account-token: the pod must run as a dedicated ServiceAccount; set serviceAccountName (not default).",
        },
        {
            check: "service-account-token",
            expression: `object.kind == 'ServiceAccount' || has(${POD_SPEC}.automountServiceAccountToken)`,
            message: "service-account-token: the pod must set automountServiceAccountToken: false (or true only if it calls the Kubernetes API).",
        },
    ];
}

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

function namespaceEnforceLabel(config: Record<string, unknown>): CelValidation {
    const minimum = (config.minimumLevel as string | undefined) ?? "restricted";
    const levels = minimum === "baseline" ? ["baseline", "restricted"] : ["restricted"];
    const labels = "object.metadata.?labels.orValue({})";
    return {
        check: "namespace-guardrails",
        expression: `${celString(ENFORCE_LABEL)} in ${labels} && ${labels}[${celString(ENFORCE_LABEL)}] in ${celList(levels)}`,
        message: `namespace-guardrails: the namespace must set the label ${ENFORCE_LABEL}: ${minimum} (or stricter).`,
    };
}

function lbServicesInternal(config: Record<string, unknown>): CelValidation[] {
    const allowed = (config.allowedPublicServices as string[] | undefined) ?? [];
    const annotations = "object.metadata.?annotations.orValue({})";
    const name = "object.metadata.?name.orValue('')";
    const internal = `(${annotations}[?${celString(SCHEME_ANNOTATION)}].orValue('') == 'internal' || (!(${celString(SCHEME_ANNOTATION)} in ${annotations}) && ${annotations}[?${celString(LEGACY_INTERNAL_ANNOTATION)}].orValue('') == 'true'))`;
    const listed = `(${name} in ${celList(allowed)} || (request.namespace + '/' + ${name}) in ${celList(allowed)})`;
    return [
        {
            check: "lb-services-internal",
            expression: `object.spec.?type.orValue('') != 'LoadBalancer' || ${listed} || ${internal}`,
            message: `lb-services-internal: a LoadBalancer Service must be internal; set the annotation ${SCHEME_ANNOTATION}: internal, or list it in allowedPublicServices.`,
        },
        {
            check: "lb-services-internal",
            expression: "object.spec.?externalIPs.orValue([]).size() == 0",
            message: "lb-services-internal: a Service must not set spec.externalIPs; use a LoadBalancer or an Ingress.",
        },
    ];
}

// --- The table ------------------------------------------------------------------------------------

function pssRule(policy: { name: string; pssChecks: CheckId[]; pssLevel: Level }): AdmissionRule {
    return {
        policy: policy.name,
        expressible: "yes",
        target: "workloads",
        exemptions: true,
        validations: (version, config) => {
            const options: CheckOptions = policy.name === "capabilities-restricted" ? { restrictedAddableCapabilities: config.allowedCapabilities as string[] | undefined } : {};
            return policy.pssChecks.filter((id) => applies(id, version)).map((id) => pssValidation(id, version, options));
        },
    };
}

/** Whether a check is part of the standard at a version (hostProbesAndHostLifecycle from 1.34, procMount_restricted from 1.35). */
function applies(id: CheckId, version: string): boolean {
    return revisionAt(pssCheck(id), version) !== undefined;
}

/**
 * Why the rules beyond Pod Security leave the platform's own namespaces to preview: the add-ons
 * there are upstream Helm charts the pack never judged (Prometheus mounts its service-account token,
 * several charts write to their root filesystem or set no limits). A Deny at admission would refuse
 * the pods their ReplicaSets create on the next restart or scale-out, long after the deploy passed.
 * Pod Security itself is enforced there by the namespaces' own labels and by the rules above.
 */
const CHARTS_NOTE = "team namespaces only at admission: the platform's own namespaces run upstream charts (pinned in components/*/versions.ts) that the pack never judged, and a Deny there would refuse their pods on the next restart; Pod Security still applies there";

export const ADMISSION_RULES: AdmissionRule[] = [
    ...[...podSecurityBaselinePolicies, ...podSecurityRestrictedPolicies].map(pssRule),
    { policy: "read-only-root-fs", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads", exemptions: true, validations: () => [readOnlyRootFs()] },
    { policy: "image-pinned", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads", validations: () => [imagePinned()] },
    { policy: "image-pinned-digest", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads", validations: () => [imagePinnedDigest()] },
    {
        policy: "allowed-registries",
        expressible: "partial",
        target: "workloads",
        exemptPlatformNamespaces: true,
        note: "the platform's own namespaces are not judged at admission: their add-ons (charts, EKS add-ons) come from upstream registries, pinned in components/*/versions.ts; the pack never sees those pods (Helm renders them), and images of team namespaces are refused as in preview",
        validations: (_v, config) => [allowedRegistries(config)],
    },
    {
        policy: "image-provenance-enforced",
        expressible: "no",
        note: "a stack check that the signature verification (Kyverno, ImageProvenance) is installed and enforcing; the signature itself needs a registry and Rekor, which CEL cannot reach (Kyverno checks it at admission)",
    },
    {
        policy: "admission-policies-enforced",
        expressible: "no",
        note: "checks the admission layer itself: the stack carries these generated policies, each bound, denying where the environment requires",
    },
    { policy: "resources-requests-limits", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads", validations: () => [resourcesRequestsLimits()] },
    { policy: "probes", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "long-running", validations: () => [probes()] },
    { policy: "service-account-token", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads-and-service-accounts", validations: () => serviceAccountToken() },
    {
        policy: "no-default-namespace",
        expressible: "partial",
        target: "workloads",
        note: "workloads only: Kubernetes keeps its own objects in default (the kubernetes Service and its EndpointSlices, events, the default ServiceAccount, kube-root-ca.crt), so refusing every kind there would refuse the control plane",
        validations: () => [{ check: "no-default-namespace", expression: "request.namespace != 'default'", message: "no-default-namespace: workloads must not run in the default namespace; use the team's namespace." }],
    },
    {
        policy: "namespace-guardrails",
        expressible: "partial",
        target: "namespaces",
        exemptions: true,
        note: "the Pod Security enforce label only: whether a default-deny NetworkPolicy exists is about another object, which an admission policy on the Namespace cannot see",
        validations: (_v, config) => [namespaceEnforceLabel(config)],
    },
    {
        policy: "rbac-least-privilege",
        expressible: "no",
        note: "Kubernetes' bootstrap policy binds cluster-admin to system:masters and its system: roles use wildcards, and the add-on charts' ClusterRoles use wildcards and escalate; these are cluster-scoped, so no namespace exemption can separate them from ours and a Deny would refuse the API server's own reconciliation. The rule stays at preview, where only declared RBAC is judged",
    },
    {
        policy: "rbac-secrets-access",
        expressible: "no",
        note: "checked in the plan only: the add-on charts' controllers (cert-manager, external-secrets-like operators, Kyverno) need roles that read Secrets, and those cluster-scoped roles cannot be told apart from ours at admission",
    },
    { policy: "secrets-not-in-env", expressible: "partial", exemptPlatformNamespaces: true, note: CHARTS_NOTE, target: "workloads", validations: () => [secretsNotInEnv()] },
    { policy: "lb-services-internal", expressible: "yes", target: "services", validations: (_v, config) => lbServicesInternal(config) },
];

export function admissionRule(policy: string): AdmissionRule | undefined {
    return ADMISSION_RULES.find((r) => r.policy === policy);
}

/** The variables a target's expressions use. */
export function variablesFor(target: Target): CelVariable[] {
    return target === "services" || target === "namespaces" ? [] : POD_VARIABLES;
}
