import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ADMISSION_MODES, AdmissionMode, admissionPolicies, GeneratedAdmissionPolicy, MIN_ADMISSION_VERSION } from "../../policy-packs/kubernetes-baseline/admission";
import { atLeast, minorOf } from "../../policy-packs/kubernetes-baseline/pss/version";
import type { PackConfigFile } from "../../tools/policy/config";
import { Problems } from "../common";
import { RESERVED_NAMESPACES } from "./namespaces";

/**
 * The kubernetes-baseline rules at admission (docs/decisions/0018-admission-policies.md): one
 * ValidatingAdmissionPolicy and one ValidatingAdmissionPolicyBinding per pack policy that CEL can
 * express, generated for the cluster's Kubernetes version from the environment's pack
 * configuration (policy-packs/kubernetes-baseline/admission). They live in the API server: no
 * controller, no webhook, nothing to keep running.
 */

/** Namespaces of the platform's add-ons: exempt from the rules marked so (allowed-registries), never from Pod Security. */
export const ADMISSION_PLATFORM_NAMESPACES: readonly string[] = RESERVED_NAMESPACES.filter((n) => n !== "default");

export interface AdmissionPoliciesArgs {
    /** The cluster's Kubernetes version (a supported minor, 1.30 or newer). */
    kubernetesVersion: string;
    /** The environment's kubernetes-baseline pack configuration (policy-packs/config/<profile>/kubernetes-baseline.json). */
    packConfig: PackConfigFile;
    /** `deny` refuses what the pack config makes mandatory; `warn` only warns and audits. @default "deny" */
    mode?: AdmissionMode;
    /** @default ADMISSION_PLATFORM_NAMESPACES */
    platformNamespaces?: readonly string[];
}

export const ADMISSION_POLICIES_DEFAULTS = { mode: "deny" as AdmissionMode, platformNamespaces: ADMISSION_PLATFORM_NAMESPACES };

export function validateAdmissionPoliciesArgs(args: AdmissionPoliciesArgs): void {
    const p = new Problems();
    const minor = minorOf(args.kubernetesVersion);
    if (!minor || !atLeast(minor, MIN_ADMISSION_VERSION)) {
        p.add("kubernetesVersion", args.kubernetesVersion, `is not a Kubernetes version ${MIN_ADMISSION_VERSION} or newer (ValidatingAdmissionPolicy v1 with CEL optional types)`);
    }
    if (args.mode !== undefined) {
        p.oneOf("mode", args.mode, ADMISSION_MODES);
    }
    p.throwIfAny("AdmissionPolicies");
}

export class AdmissionPolicies extends pulumi.ComponentResource {
    /** The generated documents, as created (pack policy, level, actions, exemptions). */
    readonly generated: GeneratedAdmissionPolicy[];
    /** The ValidatingAdmissionPolicy names (`platform-<pack policy>`). */
    readonly policyNames: string[];

    constructor(name: string, args: AdmissionPoliciesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kubernetes:AdmissionPolicies", name, {}, opts);
        validateAdmissionPoliciesArgs(args);
        const d = ADMISSION_POLICIES_DEFAULTS;
        this.generated = admissionPolicies({
            kubernetesVersion: args.kubernetesVersion,
            packConfig: args.packConfig,
            mode: args.mode ?? d.mode,
            platformNamespaces: args.platformNamespaces ?? d.platformNamespaces,
        });
        for (const g of this.generated) {
            const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(`${name}-${g.packPolicy}`, { metadata: g.policy.metadata, spec: g.policy.spec }, { parent: this });
            new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(`${name}-${g.packPolicy}-binding`, { metadata: g.binding.metadata, spec: g.binding.spec }, { parent: this, dependsOn: [policy] });
        }
        this.policyNames = this.generated.map((g) => g.policy.metadata.name);
        this.registerOutputs({ policyNames: this.policyNames });
    }
}
