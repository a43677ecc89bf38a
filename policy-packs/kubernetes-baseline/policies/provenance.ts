import type { Policies, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { plain } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";
import { CLUSTER_TYPES } from "./pod-security";
import { undecidedAt } from "./support";
import { field, isUnknown, listOf, Obj } from "./workloads";

/*
 * Image provenance at admission (docs/decisions/0017-image-provenance.md): the preview-time rules
 * (allowed-registries, image-pinned) judge only what the Pulumi program declares; what Helm charts and
 * later deployments create is judged by the cluster. This stack policy checks that the cluster's
 * judge is in place: the Kyverno release and the ClusterPolicy that admits only images of the
 * platform's registry, by digest, with a verified signature, and that it enforces where the
 * environment's pack config requires it (staging, prod; dev audits).
 */

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CLUSTER_POLICY = "kubernetes:kyverno.io/v1:ClusterPolicy";

interface ProvenanceConfig {
    requireEnforce: boolean;
    policyName: string;
    chart: string;
}

/**
 * Whether the stack creates the cluster the verification must guard: the stack that owns a cluster
 * installs its admission controller (as admission-policies-enforced decides). Kubernetes objects
 * without a cluster (a component on its own, a chart into a cluster made elsewhere) are not judged.
 */
function hasCluster(resources: PolicyResource[]): boolean {
    return resources.some((r) => CLUSTER_TYPES.includes(r.type));
}

/** The problems of a verifyImages entry that make it admit what it must refuse; [] when it verifies. */
export function verifyImagesProblems(entry: unknown, requireEnforce: boolean, specAction: unknown): string[] {
    const problems: string[] = [];
    if (field(entry, "required") !== true) {
        problems.push("required must be true (an image without a verified signature is refused)");
    }
    if (field(entry, "verifyDigest") !== true) {
        problems.push("verifyDigest must be true (images by digest only)");
    }
    if (field(entry, "mutateDigest") !== false) {
        // Kyverno's default is true: unset rewrites a tag into its digest and admits it.
        problems.push("mutateDigest must be false (true, the default, turns a tag into a digest and admits it)");
    }
    const attestors = listOf(field(entry, "attestors"));
    const entries = isUnknown(attestors) ? [] : attestors.flatMap((a) => (isUnknown(listOf(field(a, "entries"))) ? [] : (listOf(field(a, "entries")) as unknown[])));
    const pinned = entries.some((e) => {
        const keyless = field(e, "keyless");
        return (typeof field(keyless, "subject") === "string" && typeof field(keyless, "issuer") === "string") || field(e, "keys") !== undefined || field(e, "certificates") !== undefined;
    });
    if (!isUnknown(attestors) && !pinned) {
        problems.push("an attestor must pin the signing identity (keyless issuer and subject, or keys)");
    }
    const action = field(entry, "failureAction") ?? specAction ?? "Audit";
    if (requireEnforce && action !== "Enforce") {
        problems.push(`failureAction is ${JSON.stringify(action)}; set "Enforce"`);
    }
    return problems;
}

export const imageProvenanceEnforced: StackValidationPolicy = {
    name: "image-provenance-enforced",
    description: "Checks whether the cluster verifies image provenance at admission: the Kyverno release and the platform's image verification ClusterPolicy, enforcing where required.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "image-provenance-enforced", "Only signed images of the platform registry, by digest, are admitted"),
    tags: [],
    remediationSteps:
        "Create the ImageProvenance component (components/kubernetes/provenance.ts) in the workload stack with the shared stack's imageSigningIdentity, " +
        "and keep platform:imageProvenance.mode at \"enforce\" (its default) in staging and prod.",
    configSchema: {
        properties: {
            requireEnforce: { type: "boolean", default: true, description: "The policy must deny (failureAction Enforce, failurePolicy Fail); false accepts audit mode (dev)." },
            policyName: { type: "string", default: "platform-image-provenance", description: "Name of the Kyverno ClusterPolicy that verifies images." },
            chart: { type: "string", default: "kyverno", description: "Chart of the admission controller's Helm release." },
        },
    },
    validateStack: (args, report) => {
        if (!hasCluster(args.resources)) {
            args.notApplicable("no EKS cluster in the stack");
        }
        const v = new Verdicts(report);
        const cfg = args.getConfig<ProvenanceConfig>();
        const stackUrn = args.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
        const releases = args.resources.filter((r) => r.type === RELEASE && (plain(r.props) as Obj).chart === cfg.chart);
        if (releases.length === 0) {
            v.fail(`No Helm release of the "${cfg.chart}" chart: nothing verifies images at admission. Install it with the ImageProvenance component.`, stackUrn);
        }
        const policies = args.resources.filter((r) => {
            if (r.type !== CLUSTER_POLICY) {
                return false;
            }
            const name = field((plain(r.props) as Obj).metadata, "name");
            return name === cfg.policyName || isUnknown(name);
        });
        if (policies.length === 0) {
            v.fail(`No Kyverno ClusterPolicy "${cfg.policyName}": images of the platform's registry are admitted without a signature check.`, stackUrn);
            v.settle();
            return;
        }
        for (const p of policies) {
            const spec = field(plain(p.props), "spec");
            // Known only after apply: the policy can't decide before apply, it does not pass.
            if (isUnknown(spec)) {
                v.note(undecidedAt(p.props, ["spec"]));
                continue;
            }
            const specAction = field(spec, "validationFailureAction");
            const rules = listOf(field(spec, "rules"));
            if (isUnknown(rules)) {
                v.note(undecidedAt(p.props, ["spec", "rules"]));
                continue;
            }
            let verifyUnknown = false;
            const verify = rules.flatMap((r, i) => {
                const list = listOf(field(r, "verifyImages"));
                if (isUnknown(list)) {
                    verifyUnknown = true;
                    v.note(undecidedAt(p.props, ["spec", "rules", i, "verifyImages"]));
                    return [];
                }
                return list;
            });
            if (verify.length === 0 && !verifyUnknown) {
                v.fail(`ClusterPolicy "${cfg.policyName}" has no verifyImages rule: signatures are not checked.`, p.urn);
            }
            for (const entry of verify) {
                for (const problem of verifyImagesProblems(entry, cfg.requireEnforce !== false, specAction)) {
                    v.fail(`ClusterPolicy "${cfg.policyName}": ${problem}.`, p.urn);
                }
            }
            if (cfg.requireEnforce !== false) {
                rules.forEach((r, i) => {
                    const validate = field(r, "validate");
                    const action = field(validate, "failureAction") ?? specAction ?? "Audit";
                    if (isUnknown(validate) || isUnknown(action)) {
                        v.note(undecidedAt(p.props, isUnknown(validate) ? ["spec", "rules", i, "validate"] : isUnknown(specAction) && field(validate, "failureAction") === undefined ? ["spec", "validationFailureAction"] : ["spec", "rules", i, "validate", "failureAction"]));
                    } else if (validate !== undefined && action !== "Enforce") {
                        v.fail(`ClusterPolicy "${cfg.policyName}" rule ${JSON.stringify(field(r, "name"))}: failureAction is ${JSON.stringify(action)}; set "Enforce".`, p.urn);
                    }
                });
                if (field(spec, "failurePolicy") === "Ignore") {
                    v.fail(`ClusterPolicy "${cfg.policyName}": failurePolicy "Ignore" admits every pod while Kyverno is unavailable; set "Fail".`, p.urn);
                }
            }
        }
        v.settle();
    },
};

export const provenancePolicies: Policies = [imageProvenanceEnforced];
