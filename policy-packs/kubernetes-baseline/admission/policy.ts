import type { Policies, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { plain } from "../../lib/values";
import { field, isUnknown, listOf, Obj } from "../policies/workloads";

/*
 * The admission layer is in place (docs/decisions/0018-admission-policies.md): a stack with an EKS
 * cluster carries the ValidatingAdmissionPolicies generated from this pack, each with its binding,
 * and, where the environment's config requires it (staging, prod), the bindings of the mandatory
 * rules deny. `platform:admissionPolicies.mode: warn` (dev) binds them with [Warn, Audit]; this
 * policy is what flags that setting where it is not accepted.
 */

const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const CLUSTERS = ["aws:eks/cluster:Cluster", "eks:index:Cluster"];
const PACK_LABEL = "platform/policy-pack";

interface AdmissionEnforcedConfig {
    requireDeny?: boolean;
}

export const admissionPoliciesEnforced: StackValidationPolicy = {
    name: "admission-policies-enforced",
    description: "Checks whether each EKS cluster's stack carries the ValidatingAdmissionPolicies generated from kubernetes-baseline, each bound, and denying for mandatory rules where required.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "admission-policies-enforced", "The baseline is enforced at admission by generated ValidatingAdmissionPolicies"),
    tags: [],
    remediationSteps:
        "Create the cluster's AdmissionPolicies component (components/kubernetes/admission-policies.ts) and keep platform:admissionPolicies.mode at deny (the default); warn is for dev, whose pack config sets requireDeny: false.",
    configSchema: {
        properties: {
            requireDeny: { type: "boolean", default: true, description: "Whether the bindings of mandatory rules must deny (false: warn and audit accepted, dev)." },
        },
    },
    validateStack: (args, report) => {
        if (!args.resources.some((r) => CLUSTERS.includes(r.type))) {
            args.notApplicable("no EKS cluster in the stack");
            return;
        }
        const requireDeny = args.getConfig<AdmissionEnforcedConfig>().requireDeny ?? true;
        const policies = args.resources.filter((r) => r.type === VAP).map((r) => ({ r, inputs: plain(r.props) as Obj }));
        const ours = policies.filter((p) => field(field(p.inputs.metadata, "labels"), PACK_LABEL) === "kubernetes-baseline");
        if (ours.length === 0) {
            report("the stack has an EKS cluster but no ValidatingAdmissionPolicy generated from kubernetes-baseline; create the AdmissionPolicies component for the cluster.");
            return;
        }
        const bindings = args.resources.filter((r) => r.type === BINDING).map((r) => plain(r.props) as Obj);
        for (const p of ours) {
            const name = field(p.inputs.metadata, "name");
            if (typeof name !== "string") {
                continue;
            }
            const bound = bindings.filter((b) => field(b.spec, "policyName") === name);
            if (bound.length === 0) {
                report(`ValidatingAdmissionPolicy ${name} has no ValidatingAdmissionPolicyBinding; without one it judges nothing.`, p.r.urn);
                continue;
            }
            const mandatory = field(field(p.inputs.metadata, "annotations"), "platform/enforcement-level") === "mandatory";
            const denies = bound.some((b) => {
                const actions = listOf(field(b.spec, "validationActions"));
                return isUnknown(actions) || actions.includes("Deny");
            });
            if (requireDeny && mandatory && !denies) {
                report(`ValidatingAdmissionPolicy ${name} enforces a mandatory rule but its binding only warns and audits; set platform:admissionPolicies.mode: deny (the default).`, p.r.urn);
            }
        }
    },
};

export const admissionPolicyPolicies: Policies = [admissionPoliciesEnforced];
