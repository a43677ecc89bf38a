import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { plain } from "../../lib/values";
import { HELM_NOT_APPLICABLE, isHelmRelease, noConfig } from "./support";
import { field, Obj, walkWorkload, WorkloadView } from "./workloads";

/**
 * Service account tokens. A resource policy cannot see which ServiceAccount a pod will use (its
 * name is often known only after apply), so both sides must say it themselves: a ServiceAccount
 * does not automount by default, and a pod states whether it wants the token (false, or true as
 * an explicit opt-in for pods that call the Kubernetes API). EKS Pod Identity and IRSA inject
 * their own projected token and work with automount off.
 */

const SERVICE_ACCOUNT = /^kubernetes:core\/v1:ServiceAccount(Patch)?$/;

function checkPod(w: WorkloadView, out: Verdicts): void {
    // A name known only after apply comes from a ServiceAccount resource: set, and not default.
    const sa = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
    if (sa === "default" || ((sa === undefined || sa === "") && !w.patch)) {
        out.fail(`${w.podLabel} must run as a dedicated ServiceAccount; set serviceAccountName (not "default").`);
    }
    const automount = w.podSpec.automountServiceAccountToken;
    if (!out.isUnknown(automount, [...w.podSpecKeys, "automountServiceAccountToken"]) && automount === undefined && !w.patch) {
        out.fail(`${w.podLabel} must set automountServiceAccountToken: false (or true only if it calls the Kubernetes API).`);
    }
}

export const serviceAccountToken: ResourceValidationPolicy = {
    name: "service-account-token",
    description: "Checks whether service account tokens are mounted only where needed and pods avoid the default ServiceAccount.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("cis-eks", "4.1.6", "Ensure that Service Account Tokens are only mounted where necessary"),
    tags: ["cis-eks:4.1.5"],
    remediationSteps:
        "Set automountServiceAccountToken: false on ServiceAccounts and on pod specs (true only on pods that call the Kubernetes API), and give each workload its own ServiceAccount through serviceAccountName.",
    configSchema: noConfig,
    validateResource: (args, report) => {
        if (isHelmRelease(args.type)) {
            args.notApplicable(HELM_NOT_APPLICABLE);
        }
        const inputs = plain(args.props) as Obj;
        const out = new Verdicts(report, args.props);
        const match = SERVICE_ACCOUNT.exec(args.type);
        if (match) {
            const automount = inputs.automountServiceAccountToken;
            if (!out.isUnknown(automount, ["automountServiceAccountToken"]) && automount !== false && !(automount === undefined && match[1])) {
                const name = field(inputs.metadata, "name");
                out.fail(
                    `ServiceAccount ${typeof name === "string" ? name : args.name} must set automountServiceAccountToken: false; pods that call the Kubernetes API opt in with automountServiceAccountToken: true on the pod spec.`,
                );
            }
        } else {
            const w = walkWorkload(args.type, inputs);
            if (!w) {
                args.notApplicable("applies to Kubernetes workloads and ServiceAccounts");
                return;
            }
            checkPod(w, out);
        }
        out.settle();
    },
};

export const serviceAccountPolicies: Policies = [serviceAccountToken];
