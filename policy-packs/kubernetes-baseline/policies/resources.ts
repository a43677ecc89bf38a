import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { noConfig, validateWorkload } from "./support";
import { field } from "./workloads";

/** Scheduling hygiene: resource requests and limits, and probes on long-running workloads. */

const REQUIRED: [string, string][] = [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "memory"],
];

export const resourcesRequestsLimits: ResourceValidationPolicy = {
    name: "resources-requests-limits",
    description: "Checks whether containers request CPU and memory and limit memory.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "k8s.resources", "Containers declare CPU and memory requests and a memory limit"),
    tags: ["checkov:CKV_K8S_10", "checkov:CKV_K8S_12", "checkov:CKV_K8S_13"],
    remediationSteps: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container and init container (the namespace LimitRange only fills gaps at admission).",
    configSchema: noConfig,
    validateResource: validateWorkload({
        exclusions: false,
        check: (w, _config, out) => {
            if (w.patch) {
                return;
            }
            // Ephemeral containers may not declare resources.
            for (const c of w.containers.filter((x) => x.group !== "ephemeralContainers")) {
                const resources = c.container.resources;
                if (out.isUnknown(resources, [...c.keys, "resources"])) {
                    continue;
                }
                const missing = REQUIRED.filter(([section, key]) => {
                    const s = field(resources, section);
                    if (out.isUnknown(s, [...c.keys, "resources", section])) {
                        return false;
                    }
                    const v = field(s, key);
                    return v === undefined || v === null || v === "";
                }).map(([section, key]) => `resources.${section}.${key}`);
                if (missing.length > 0) {
                    out.fail(`${c.label} must set ${missing.join(", ")}.`);
                }
            }
        },
    }),
};

export const probes: ResourceValidationPolicy = {
    name: "probes",
    description: "Checks whether long-running containers define a readiness probe and a liveness or startup probe.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("own", "k8s.probes", "Long-running containers declare health probes"),
    tags: ["checkov:CKV_K8S_9"],
    remediationSteps: "Add a readinessProbe and a livenessProbe (or a startupProbe for slow starters) to every container of a Deployment, StatefulSet or DaemonSet.",
    configSchema: noConfig,
    validateResource: validateWorkload({
        kinds: ["Deployment", "StatefulSet", "DaemonSet"],
        exclusions: false,
        check: (w, _config, out) => {
            if (w.patch) {
                return;
            }
            for (const c of w.containers.filter((x) => x.group === "containers")) {
                if (c.container.readinessProbe === undefined || c.container.readinessProbe === null) {
                    out.fail(`${c.label} must define a readinessProbe.`);
                }
                const hasLiveness = ["livenessProbe", "startupProbe"].some((k) => c.container[k] !== undefined && c.container[k] !== null);
                if (!hasLiveness) {
                    out.fail(`${c.label} must define a livenessProbe or a startupProbe.`);
                }
            }
        },
    }),
};

export const resourcePolicies: Policies = [resourcesRequestsLimits, probes];
