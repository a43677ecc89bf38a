import type { Policies, PolicyComplianceFramework, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import { ofType, refersTo } from "../../lib/links";
import { control } from "../../lib/metadata";
import { peek, plain } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";
import { CheckId, CheckOptions, Level, minorOf, pssCheck, PodView, RESTRICTED_VOLUME_TYPES, runChecks } from "../pss";
import { DEFAULT_EXCLUDED_NAMESPACES, excludedNamespacesSchema, ExclusionConfig, isHelmRelease, listText, namespaceOf, stringList, validateWorkload } from "./support";
import { ContainerView, Obj, UNKNOWN, walkWorkload, WorkloadView, WORKLOAD_KINDS } from "./workloads";

/**
 * The Pod Security Standards as policies, at the Kubernetes version of the cluster each workload
 * runs on. The rules themselves are the pure check table in ../pss (one function per upstream
 * check and version, tested against Kubernetes' own admission fixtures); this module only finds
 * the workloads in the plan, the version of their cluster, and reports.
 *
 * Two sets, tagged by the upstream check they implement (`pss:baseline/<check>`,
 * `pss:restricted/<check>`): the baseline policies flag exactly what the baseline level rejects,
 * the restricted policies what restricted adds. A namespace enforced at restricted needs both sets.
 *
 * They are stack policies because a resource policy sees only its own resource and provider: the
 * version is the `version` input of the EKS cluster whose outputs the workload's Kubernetes
 * provider's kubeconfig is built from. A workload whose cluster the plan does not show (a provider
 * for a cluster made elsewhere) must pass at every version in `assumedVersions` (default: every
 * version the platform supports). Each policy exempts the namespaces in `excludedNamespaces`
 * (default kube-system).
 */

/** Cluster resource types whose `version` input is the Kubernetes minor (EKS; unset: the newest EKS offers). */
export const CLUSTER_TYPES = ["aws:eks/cluster:Cluster", "eks:index:Cluster"];

/** What an unset cluster `version` means: EKS creates the newest minor it offers, the newest the platform supports. */
const NEWEST_SUPPORTED = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];

export interface PodSecurityConfig extends ExclusionConfig {
    assumedVersions?: string[];
}

const assumedVersionsSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" },
    minItems: 1,
    default: [...SUPPORTED_VERSIONS],
    description: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
};

/** A workload in the plan, with the version of the cluster it runs on when the plan shows it. */
export interface PodSecurityTarget {
    resource: PolicyResource;
    workload: WorkloadView;
    /** The resource inputs as plain data (unknowns are `UNKNOWN`). */
    inputs: Obj;
    /** Keys from the inputs to the pod template (`metadata` and `spec`). */
    templateKeys: (string | number)[];
    /** The cluster's minor, or undefined when the plan does not show it (or it is unknown until apply). */
    version?: string;
}

const targetCache = new WeakMap<PolicyResource[], PodSecurityTarget[]>();

/** The version of the cluster a resource's Kubernetes provider talks to, when the plan shows it. */
export function clusterVersionOf(resource: PolicyResource, byUrn: Map<string, PolicyResource>, clusters: PolicyResource[]): string | undefined {
    const provider = resource.provider ? byUrn.get(resource.provider.urn) : undefined;
    if (!provider) {
        return undefined;
    }
    const cluster = clusters.find((c) => refersTo(provider, "kubeconfig", c));
    if (!cluster) {
        return undefined;
    }
    const version = peek<unknown>(cluster.props, "version");
    if (version.state === "unset") {
        return NEWEST_SUPPORTED;
    }
    return version.state === "known" && typeof version.value === "string" ? minorOf(version.value) : undefined;
}

/** Every workload of the stack with its cluster version (computed once per stack and shared by the policies). */
export function podSecurityTargets(resources: PolicyResource[]): PodSecurityTarget[] {
    const cached = targetCache.get(resources);
    if (cached) {
        return cached;
    }
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const clusters = ofType(resources, ...CLUSTER_TYPES);
    const targets: PodSecurityTarget[] = [];
    for (const resource of resources) {
        if (isHelmRelease(resource.type)) {
            continue;
        }
        const inputs = plain(resource.props) as Obj;
        const workload = walkWorkload(resource.type, inputs);
        if (!workload || !WORKLOAD_KINDS.includes(workload.kind)) {
            continue;
        }
        targets.push({ resource, workload, inputs, templateKeys: workload.podSpecKeys.slice(0, -1), version: clusterVersionOf(resource, byUrn, clusters) });
    }
    targetCache.set(resources, targets);
    return targets;
}

interface PodSecurityPolicyDef {
    name: string;
    description: string;
    enforcementLevel: "mandatory" | "advisory";
    severity: "critical" | "high" | "medium" | "low";
    framework: PolicyComplianceFramework;
    /** The upstream checks this policy implements (all of one level). */
    checks: CheckId[];
    /** Controls besides the checks' own `pss:<level>/<check>` tags. */
    tags?: string[];
    remediationSteps: string;
    properties?: Record<string, PolicyConfigJSONSchema>;
    options?: (config: Record<string, unknown>) => CheckOptions;
}

/** The level of a policy's checks (they never mix levels). */
export function levelOf(checks: CheckId[]): Level {
    const levels = new Set(checks.map((id) => pssCheck(id).level));
    if (levels.size !== 1) {
        throw new Error(`a Pod Security policy implements checks of one level; got ${[...levels].join(", ")}`);
    }
    return [...levels][0];
}

/** A policy over the given checks, with the stack plumbing (targets, exemptions, versions, unknowns). */
function podSecurityPolicy(def: PodSecurityPolicyDef): StackValidationPolicy & { pssChecks: CheckId[]; pssLevel: Level } {
    const level = levelOf(def.checks);
    const primary = `${def.framework.name}:${def.framework.reference}`;
    const checkTags = def.checks.map((id) => `pss:${level}/${id}`).filter((t) => t !== primary);
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel,
        severity: def.severity,
        framework: def.framework,
        tags: [...checkTags, ...(def.tags ?? [])],
        remediationSteps: def.remediationSteps,
        configSchema: { properties: { ...def.properties, excludedNamespaces: excludedNamespacesSchema, assumedVersions: assumedVersionsSchema } },
        pssChecks: def.checks,
        pssLevel: level,
        validateStack: (args, report) => {
            const config = args.getConfig<PodSecurityConfig & Record<string, unknown>>();
            const excluded = config.excludedNamespaces ?? DEFAULT_EXCLUDED_NAMESPACES;
            const assumed = (config.assumedVersions ?? [...SUPPORTED_VERSIONS]).map((v) => minorOf(v) ?? v);
            const options = def.options?.(config) ?? {};
            const targets = podSecurityTargets(args.resources).filter((t) => {
                const ns = namespaceOf(t.workload);
                return ns === UNKNOWN || !excluded.includes(ns);
            });
            if (targets.length === 0) {
                args.notApplicable(`no workload (${WORKLOAD_KINDS.join(", ")}) outside excludedNamespaces (${excluded.join(", ")})`);
            }
            let failed = false;
            const verdicts: Verdicts[] = [];
            for (const t of targets) {
                const out = new Verdicts((message) => {
                    failed = true;
                    report(message, t.resource.urn);
                }, t.resource.props);
                verdicts.push(out);
                const versions = t.version ? [t.version] : assumed;
                const byMessage = new Map<string, string[]>();
                for (const version of versions) {
                    const pod = new PodView(t.inputs, t.templateKeys);
                    const found = runChecks(pod, def.checks, version, options).filter((v) => !(t.workload.patch && v.unset));
                    for (const v of found) {
                        byMessage.set(v.message, [...(byMessage.get(v.message) ?? []), version]);
                    }
                    pod.undecided.forEach((p) => out.unknown(p));
                }
                for (const [message, at] of byMessage) {
                    out.fail(at.length === versions.length ? message : `${message} (at Kubernetes ${listText(at)}; the plan does not show the workload's cluster, so it is checked at ${listText(versions)})`);
                }
            }
            if (!failed) {
                verdicts.forEach((v) => v.settle());
            }
        },
    };
}

const BASELINE = (id: CheckId) => control("pss", `baseline/${id}`, `Baseline: ${pssCheck(id).title}`);
const RESTRICTED = (id: CheckId) => control("pss", `restricted/${id}`, `Restricted: ${pssCheck(id).title}`);

// --- Baseline -----------------------------------------------------------------------------------

export const noPrivileged = podSecurityPolicy({
    name: "no-privileged",
    description: "Checks whether any container runs privileged.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.1", "Minimize the admission of privileged containers"),
    checks: ["privileged"],
    tags: ["checkov:CKV_K8S_16"],
    remediationSteps: "Remove securityContext.privileged (or set it to false) on every container; a platform add-on that needs host access runs in a namespace listed in excludedNamespaces.",
});

export const noHostNamespacesOrPorts = podSecurityPolicy({
    name: "no-host-namespaces-or-ports",
    description: "Checks whether pods share the host's network, process ID or IPC namespace, bind host ports, send probes or lifecycle hooks to another host (Kubernetes 1.34+) or run as Windows HostProcess.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.2", "Minimize the admission of containers wishing to share the host process ID namespace"),
    checks: ["hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle", "windowsHostProcess"],
    tags: ["cis-eks:4.2.3", "cis-eks:4.2.4"],
    remediationSteps:
        "Remove hostNetwork, hostPID, hostIPC, ports[].hostPort, the host of httpGet/tcpSocket probes and lifecycle hooks, and securityContext.windowsOptions.hostProcess; expose ports through a Service.",
});

export const noHostPath = podSecurityPolicy({
    name: "no-hostpath",
    description: "Checks whether pods mount hostPath volumes.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: BASELINE("hostPathVolumes"),
    checks: ["hostPathVolumes"],
    tags: ["checkov:CKV_K8S_27"],
    remediationSteps: "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.",
});

export const baselineMisc = podSecurityPolicy({
    name: "baseline-misc",
    description: "Checks whether pods keep the Pod Security Standards baseline for capabilities, /proc mounts, SELinux, AppArmor, seccomp and sysctls.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: BASELINE("procMount"),
    checks: ["capabilities_baseline", "appArmorProfile", "seLinuxOptions", "procMount", "seccompProfile_baseline", "sysctls"],
    remediationSteps:
        "Add only the baseline capabilities; remove securityContext.procMount (or set Default; any type is allowed with hostUsers: false from Kubernetes 1.35), custom SELinux types, users and roles, AppArmor and seccomp Unconfined, and sysctls outside the safe set of the cluster's version.",
});

// --- Restricted ---------------------------------------------------------------------------------

export interface CapabilitiesConfig extends PodSecurityConfig {
    allowedCapabilities?: string[];
}

export const capabilitiesRestricted = podSecurityPolicy({
    name: "capabilities-restricted",
    description: "Checks whether every container drops all Linux capabilities and adds back only allowed ones.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.7", "Minimize the admission of containers with added capabilities"),
    checks: ["capabilities_restricted"],
    tags: ["cis-eks:4.2.8"],
    remediationSteps: 'Set securityContext.capabilities.drop: ["ALL"] on every container and add back only capabilities in allowedCapabilities (default NET_BIND_SERVICE).',
    properties: {
        allowedCapabilities: stringList(["NET_BIND_SERVICE"], "Capabilities a container may add back, spelled as in the pod spec (the restricted level allows only NET_BIND_SERVICE; anything more is a documented deviation)."),
    },
    options: (config) => ({ restrictedAddableCapabilities: (config as CapabilitiesConfig).allowedCapabilities }),
});

export const noPrivilegeEscalation = podSecurityPolicy({
    name: "no-privilege-escalation",
    description: "Checks whether every container forbids privilege escalation explicitly.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.2.5", "Minimize the admission of containers with allowPrivilegeEscalation"),
    checks: ["allowPrivilegeEscalation"],
    remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container (unset means true).",
});

export const runAsNonRoot = podSecurityPolicy({
    name: "run-as-non-root",
    description: "Checks whether every container is required to run as a non-root user.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.2.6", "Minimize the admission of root containers"),
    checks: ["runAsNonRoot", "runAsUser"],
    remediationSteps:
        "Set securityContext.runAsNonRoot: true on the pod (or every container) and never runAsUser: 0; build images with a numeric non-root USER. From Kubernetes 1.35 a pod with hostUsers: false is exempt.",
});

export const seccompRuntimeDefault = podSecurityPolicy({
    name: "seccomp-runtime-default",
    description: "Checks whether every container runs under the RuntimeDefault or a Localhost seccomp profile.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.5.2", "Apply Security Context to Your Pods and Containers"),
    checks: ["seccompProfile_restricted"],
    remediationSteps: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (containers inherit it); never Unconfined.",
});

export const procMountRestricted = podSecurityPolicy({
    name: "proc-mount-restricted",
    description: "Checks whether every container keeps the default /proc mount even in a user namespace (restricted, Kubernetes 1.35+).",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: RESTRICTED("procMount_restricted"),
    checks: ["procMount_restricted"],
    remediationSteps: "Remove securityContext.procMount or set it to Default; hostUsers: false relaxes only the baseline level.",
});

export const restrictedVolumeTypes = podSecurityPolicy({
    name: "restricted-volume-types",
    description: "Checks whether pods use only the volume types the Pod Security Standards restricted profile allows.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: RESTRICTED("restrictedVolumes"),
    checks: ["restrictedVolumes"],
    remediationSteps: `Use only ${listText(RESTRICTED_VOLUME_TYPES)} volumes; reach network storage through a CSI driver and a PersistentVolumeClaim.`,
});

// --- Not part of the Pod Security Standards ---------------------------------------------------------

/** A container's own security setting; `UNKNOWN` (and noted) when it cannot be known yet. */
function own(c: ContainerView, key: string, out: Verdicts): unknown {
    if (c.securityContextUnknown) {
        out.unknown([...c.keys, "securityContext"]);
        return UNKNOWN;
    }
    const value = c.securityContext[key];
    return out.isUnknown(value, [...c.keys, "securityContext", key]) ? UNKNOWN : value;
}

const exclusionOnly = { properties: { excludedNamespaces: excludedNamespacesSchema } };

export const readOnlyRootFs: ResourceValidationPolicy = {
    name: "read-only-root-fs",
    description: "Checks whether containers run with a read-only root filesystem.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "k8s.read-only-root-fs", "Containers run with a read-only root filesystem"),
    tags: ["checkov:CKV_K8S_22"],
    remediationSteps: "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the process writes (/tmp, caches).",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const c of w.containers.filter((x) => x.group !== "ephemeralContainers")) {
                const value = own(c, "readOnlyRootFilesystem", out);
                if (value === UNKNOWN || value === true || (value === undefined && w.patch)) {
                    continue;
                }
                out.fail(`${c.label} must have a read-only root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes.`);
            }
        },
    }),
};

/** The baseline set: every baseline check, each in exactly one policy. */
export const podSecurityBaselinePolicies = [noPrivileged, noHostNamespacesOrPorts, noHostPath, baselineMisc];

/** The restricted set: every restricted check, each in exactly one policy. */
export const podSecurityRestrictedPolicies = [capabilitiesRestricted, noPrivilegeEscalation, runAsNonRoot, seccompRuntimeDefault, procMountRestricted, restrictedVolumeTypes];

export const podSecurityPolicies: Policies = [
    noPrivileged,
    noHostNamespacesOrPorts,
    noHostPath,
    capabilitiesRestricted,
    noPrivilegeEscalation,
    runAsNonRoot,
    seccompRuntimeDefault,
    baselineMisc,
    restrictedVolumeTypes,
    readOnlyRootFs,
    procMountRestricted,
];
