import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PodIdentityRole, PodIdentityStatement } from "../cluster/pod-identity";
import { partitionOf, Problems } from "../common";
import { allowDnsSpec, allowEgressToAnywhereWithPodIdentitySpec, allowIngressPortsSpec, defaultDenySpec, NetworkPolicySpec, podSecurityLabels } from "./guardrails";
import { pinnedRelease } from "./helm";
import { KYVERNO_NAMESPACE, POD_SECURITY_VERSION, RESERVED_NAMESPACES } from "./namespaces";
import { KYVERNO } from "./versions";

/**
 * Image provenance at admission (docs/decisions/0017-image-provenance.md): Kyverno, installed from
 * its pinned chart, and one ClusterPolicy that admits a pod only when every image (containers, init
 * and ephemeral containers) is
 *
 * 1. from the platform's registry (`<account>.dkr.ecr.<region>.amazonaws.com/`),
 * 2. referenced by digest (`@sha256:`), never by tag, and
 * 3. signed keylessly by the organization's signing identity: the golden-path workflow on main
 *    (Fulcio certificate issuer and subject, verified with the Rekor transparency log).
 *
 * `enforce` denies (staging, prod); `audit` admits and reports (dev: policy reports and a warning
 * to the client). The platform's own namespaces (RESERVED_NAMESPACES but `default`) are excluded:
 * their add-ons come from upstream registries, signed by their projects, not by the organization.
 */

export type ProvenanceMode = "enforce" | "audit";

/** What the ClusterPolicy is named; the kubernetes-baseline pack finds it by this name. */
export const IMAGE_PROVENANCE_POLICY = "platform-image-provenance";
export const KYVERNO_ADMISSION_SERVICE_ACCOUNT = "kyverno-admission-controller";
/** Sigstore's public transparency log, where keyless signatures are recorded and checked. */
export const REKOR_URL = "https://rekor.sigstore.dev";

/** Namespaces the policy does not judge: the platform's own (add-ons from upstream registries). */
export const PROVENANCE_EXEMPT_NAMESPACES: readonly string[] = RESERVED_NAMESPACES.filter((n) => n !== "default");

export interface ImageProvenancePolicyArgs {
    /** Registry host images must come from, without a trailing slash. */
    registry: string;
    /** The signing identity: Fulcio certificate issuer and subject (exact, no regular expression). */
    issuer: string;
    subject: string;
    mode: ProvenanceMode;
    /** @default PROVENANCE_EXEMPT_NAMESPACES */
    exemptNamespaces?: readonly string[];
}

/** Where images are in a pod spec, as Kyverno pattern anchors (`=(x)`: if present). */
const CONTAINER_LISTS = ["containers", "=(initContainers)", "=(ephemeralContainers)"] as const;

/**
 * The ClusterPolicy as a document (kyverno.io/v1). Field by field, the refusals it makes:
 *
 * - rule `platform-registry-by-digest` (validate, pattern): every image matches
 *   `<registry>/*@sha256:*` (Kyverno wildcards: `*` any run of characters). An image from another
 *   registry, or by tag, fails the pattern. It covers every image, so it is also what refuses the
 *   images `verifyImages` would not look at (its `imageReferences` only select).
 * - rule `platform-signature` (verifyImages, Cosign): `imageReferences: [<registry>/*]`;
 *   `required: true` (an image without a verified signature is refused), `verifyDigest: true`
 *   (digest required), `mutateDigest: false` (a tag is never turned into a digest, which would admit
 *   it); the attestor is keyless with the exact `issuer` and `subject`, checked against Rekor.
 *
 * Both rules carry the rule-level `failureAction` (Enforce | Audit; spec-level
 * validationFailureAction is deprecated since Kyverno 1.13). The webhook fails closed in enforce
 * mode (`failurePolicy: Fail`): when Kyverno cannot answer, pods of the judged namespaces wait.
 * (https://kyverno.io/docs/policy-types/cluster-policy/verify-images/, read 2026-12-03.)
 */
export function imageProvenancePolicy(args: ImageProvenancePolicyArgs) {
    const enforce = args.mode === "enforce";
    const failureAction = enforce ? "Enforce" : "Audit";
    const exempt = [...(args.exemptNamespaces ?? PROVENANCE_EXEMPT_NAMESPACES)];
    const match = { any: [{ resources: { kinds: ["Pod"] } }] };
    const exclude = { any: [{ resources: { namespaces: exempt } }] };
    const byDigest = `${args.registry}/*@sha256:*`;
    return {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: {
            name: IMAGE_PROVENANCE_POLICY,
            annotations: {
                "policies.kyverno.io/title": "Platform image provenance",
                "policies.kyverno.io/description": `Images come from ${args.registry}, by digest, signed by ${args.subject}.`,
            },
        },
        spec: {
            // Verification calls the registry and Rekor: admission only, never background scans of old pods.
            background: false,
            failurePolicy: enforce ? "Fail" : "Ignore",
            webhookTimeoutSeconds: 30,
            // Audit mode still tells the client (kubectl, Helm) which images would be refused.
            emitWarning: !enforce,
            rules: [
                {
                    name: "platform-registry-by-digest",
                    match,
                    exclude,
                    validate: {
                        failureAction,
                        message: `Images must come from ${args.registry} by digest (${args.registry}/<repository>@sha256:<digest>): the golden path publishes and signs them there.`,
                        pattern: { spec: Object.fromEntries(CONTAINER_LISTS.map((list) => [list, [{ image: byDigest }]])) },
                    },
                },
                {
                    name: "platform-signature",
                    match,
                    exclude,
                    verifyImages: [
                        {
                            type: "Cosign",
                            failureAction,
                            imageReferences: [`${args.registry}/*`],
                            required: true,
                            verifyDigest: true,
                            mutateDigest: false,
                            useCache: true,
                            // The admission controller's AWS credentials (Pod Identity) read the ECR repositories.
                            imageRegistryCredentials: { providers: ["amazon"] },
                            attestors: [
                                {
                                    count: 1,
                                    entries: [{ keyless: { issuer: args.issuer, subject: args.subject, rekor: { url: REKOR_URL } } }],
                                },
                            ],
                        },
                    ],
                },
            ],
        },
    };
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z]{2}(-gov)?-[a-z]+-\d)\.amazonaws\.com(\.cn)?$/;

/** The repositories of a registry host, as an ARN pattern (`arn:<p>:ecr:<region>:<account>:repository/*`). */
export function registryRepositoriesArn(registry: string): string {
    const m = ECR_HOST.exec(registry);
    if (!m) {
        throw new Error(`registry: ${JSON.stringify(registry)} is not a private ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com)`);
    }
    return `arn:${partitionOf(m[2])}:ecr:${m[2]}:${m[1]}:repository/*`;
}

/**
 * The admission controller reads image manifests and signatures from the platform's registry in
 * another account: its own identity policy here, the registry's organization pull policy there.
 */
export function kyvernoRegistryReadStatements(repositoriesArn: pulumi.Input<string>): PodIdentityStatement[] {
    return [
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "ReadPlatformImages",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"],
            Resource: repositoriesArn,
        },
    ];
}

/** Helm values: a named admission service account (the Pod Identity association names it), replicas and a PDB. */
export function kyvernoValues(opts: { replicas: number }) {
    return {
        admissionController: {
            replicas: opts.replicas,
            rbac: { serviceAccount: { name: KYVERNO_ADMISSION_SERVICE_ACCOUNT } },
            podDisruptionBudget: { enabled: opts.replicas > 1, minAvailable: 1 },
        },
    };
}

/** Admission webhook (9443) from the control plane; egress to the API server, ECR, Sigstore (443) and the Pod Identity agent. */
export function kyvernoNetworkPolicies(): [string, NetworkPolicySpec][] {
    return [
        ["default-deny", defaultDenySpec()],
        ["allow-dns", allowDnsSpec()],
        ["allow-egress", allowEgressToAnywhereWithPodIdentitySpec([{ protocol: "TCP", port: 443 }])],
        ["allow-ingress", allowIngressPortsSpec([{ protocol: "TCP", port: 9443 }])],
    ];
}

export interface ImageProvenanceArgs {
    clusterName: pulumi.Input<string>;
    /** Account and region of the cluster (the Pod Identity role's trust). */
    accountId: string;
    region: string;
    /** The platform's registry host, `<account>.dkr.ecr.<region>.amazonaws.com` (the shared stack's `registryUrl`). */
    registry: pulumi.Input<string>;
    /** The signing identity (from the shared stack's `imageSigningIdentity`). */
    issuer: pulumi.Input<string>;
    subject: pulumi.Input<string>;
    /** `enforce` denies unverified images (staging, prod); `audit` reports them (dev). @default "enforce" */
    mode?: ProvenanceMode;
    /** Admission controller replicas. @default 3 */
    replicas?: number;
    /** @default 600 */
    helmTimeoutSeconds?: number;
    /** @default {} */
    tags?: Record<string, string>;
}

export const IMAGE_PROVENANCE_DEFAULTS = { mode: "enforce" as ProvenanceMode, replicas: 3, helmTimeoutSeconds: 600 };

export function validateImageProvenanceArgs(args: ImageProvenanceArgs): void {
    const p = new Problems();
    if (typeof args.registry === "string" && !ECR_HOST.test(args.registry)) {
        p.add("registry", args.registry, "is not a private ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com)");
    }
    if (args.mode !== undefined) {
        p.oneOf("mode", args.mode, ["enforce", "audit"]);
    }
    if (args.replicas !== undefined) {
        p.intRange("replicas", args.replicas, 1, 7);
    }
    if (!/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    p.throwIfAny("ImageProvenance");
}

export class ImageProvenance extends pulumi.ComponentResource {
    readonly policyName: string;
    readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: ImageProvenanceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kubernetes:ImageProvenance", name, {}, opts);
        validateImageProvenanceArgs(args);
        const d = IMAGE_PROVENANCE_DEFAULTS;
        const mode = args.mode ?? d.mode;

        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: KYVERNO_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/addon": "kyverno", ...podSecurityLabels("restricted", POD_SECURITY_VERSION) } } },
            { parent: this },
        );
        const policies = kyvernoNetworkPolicies().map(
            ([policyName, spec]) => new k8s.networking.v1.NetworkPolicy(`${name}-${policyName}`, { metadata: { name: policyName, namespace: ns.metadata.name }, spec }, { parent: this }),
        );
        const identity = new PodIdentityRole(
            `${name}-identity`,
            {
                clusterName: args.clusterName,
                accountId: args.accountId,
                region: args.region,
                namespace: KYVERNO_NAMESPACE,
                serviceAccount: KYVERNO_ADMISSION_SERVICE_ACCOUNT,
                statements: kyvernoRegistryReadStatements(pulumi.output(args.registry).apply(registryRepositoriesArn)),
                tags: args.tags,
            },
            { parent: this },
        );
        const release = pinnedRelease(
            `${name}-kyverno`,
            { pin: KYVERNO, namespace: ns.metadata.name, values: kyvernoValues({ replicas: args.replicas ?? d.replicas }), timeoutSeconds: args.helmTimeoutSeconds ?? d.helmTimeoutSeconds },
            { parent: this, dependsOn: [identity, ...policies] },
        );
        const document = pulumi
            .all([args.registry, args.issuer, args.subject])
            .apply(([registry, issuer, subject]) => imageProvenancePolicy({ registry, issuer, subject, mode }));
        // The ClusterPolicy CRD comes with the chart.
        new k8s.apiextensions.CustomResource(
            `${name}-policy`,
            { apiVersion: "kyverno.io/v1", kind: "ClusterPolicy", metadata: { name: IMAGE_PROVENANCE_POLICY, annotations: document.metadata.annotations }, spec: document.spec },
            { parent: this, dependsOn: [release] },
        );

        this.policyName = IMAGE_PROVENANCE_POLICY;
        this.namespace = ns.metadata.name;
        this.registerOutputs({ policyName: this.policyName, namespace: this.namespace });
    }
}
