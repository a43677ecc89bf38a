import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { excludedNamespacesSchema, ExclusionConfig, listText, stringList, validateWorkload } from "./support";
import { ContainerView, Effective, field, isObj, isUnknown, listOf, Obj, Path, UNKNOWN, Unknown, WorkloadView } from "./workloads";

/**
 * The Pod Security Standards (baseline and restricted) as resource policies over every workload
 * kind, so that a violation shows in the plan rather than as a rejected apply at admission.
 * Each policy exempts the namespaces in `excludedNamespaces` (default kube-system).
 */

const exclusionOnly = { properties: { excludedNamespaces: excludedNamespacesSchema } };

/** A container's own security setting; `UNKNOWN` (and noted) when it cannot be known yet. */
function own(c: ContainerView, key: string, out: Verdicts): unknown {
    if (c.securityContextUnknown) {
        out.unknown([...c.keys, "securityContext"]);
        return UNKNOWN;
    }
    const value = c.securityContext[key];
    return out.isUnknown(value, [...c.keys, "securityContext", key]) ? UNKNOWN : value;
}

/** An effective (pod or container) setting; `UNKNOWN` (and noted) when it cannot be known yet. */
function eff<T>(e: Effective<T>, out: Verdicts): T | undefined | Unknown {
    return out.isUnknown(e.value, e.path) ? UNKNOWN : e.value;
}

/** A pod-level setting; `UNKNOWN` (and noted) when it cannot be known yet. */
function podSetting(w: WorkloadView, path: string[], out: Verdicts): unknown {
    let cur: unknown = w.podSpec;
    const keys: Path = [...w.podSpecKeys];
    for (const k of path) {
        keys.push(k);
        cur = field(cur, k);
        if (out.isUnknown(cur, keys)) {
            return UNKNOWN;
        }
    }
    return cur;
}

/** PSS: a bad pod-level value is a violation even when every container overrides it. */
function nobodyInherits(w: WorkloadView, pick: (c: ContainerView) => Effective<unknown>): boolean {
    return w.containers.every((c) => pick(c).from !== "pod");
}

function capName(value: string): string {
    return value.toUpperCase().replace(/^CAP_/, "");
}

export const noPrivileged: ResourceValidationPolicy = {
    name: "no-privileged",
    description: "Checks whether any container runs privileged.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.1", "Minimize the admission of privileged containers"),
    tags: ["pss:baseline", "checkov:CKV_K8S_16"],
    remediationSteps: "Remove securityContext.privileged (or set it to false) on every container; a platform add-on that needs host access runs in a namespace listed in excludedNamespaces.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const c of w.containers) {
                if (own(c, "privileged", out) === true) {
                    out.fail(`${c.label} must not be privileged; remove securityContext.privileged or set it to false.`);
                }
            }
        },
    }),
};

const HOST_NAMESPACES: [string, string][] = [
    ["hostNetwork", "network"],
    ["hostPID", "process ID"],
    ["hostIPC", "IPC"],
];

export const noHostNamespacesOrPorts: ResourceValidationPolicy = {
    name: "no-host-namespaces-or-ports",
    description: "Checks whether pods share the host's network, process ID or IPC namespace, bind host ports or run as Windows HostProcess.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.2", "Minimize the admission of containers wishing to share the host process ID namespace"),
    tags: ["cis-eks:4.2.3", "cis-eks:4.2.4", "pss:baseline"],
    remediationSteps: "Remove hostNetwork, hostPID, hostIPC, ports[].hostPort and securityContext.windowsOptions.hostProcess; expose ports through a Service.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const [key, what] of HOST_NAMESPACES) {
                if (podSetting(w, [key], out) === true) {
                    out.fail(`${w.podLabel} must not share the host ${what} namespace; remove ${key} or set it to false.`);
                }
            }
            if (podSetting(w, ["securityContext", "windowsOptions", "hostProcess"], out) === true) {
                out.fail(`${w.podLabel} must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess or set it to false.`);
            }
            for (const c of w.containers) {
                const ports = listOf(c.container.ports);
                if (out.isUnknown(ports, [...c.keys, "ports"])) {
                    continue;
                }
                ports.forEach((p, i) => {
                    const hostPort = field(p, "hostPort");
                    if (out.isUnknown(hostPort, [...c.keys, "ports", i, "hostPort"])) {
                        return;
                    }
                    if (typeof hostPort === "number" && hostPort !== 0) {
                        out.fail(`${c.label} must not bind host port ${hostPort} (ports[${i}]); remove hostPort and expose the port through a Service.`);
                    }
                });
                const windowsOptions = own(c, "windowsOptions", out);
                const hostProcess = field(windowsOptions, "hostProcess");
                if (!out.isUnknown(hostProcess, [...c.keys, "securityContext", "windowsOptions", "hostProcess"]) && hostProcess === true) {
                    out.fail(`${c.label} must not run as a Windows HostProcess container; remove securityContext.windowsOptions.hostProcess or set it to false.`);
                }
            }
        },
    }),
};

/** Each volume with its index, skipping (and noting) what is unknown. */
function volumes(w: WorkloadView, out: Verdicts): { volume: Obj; index: number; label: string }[] {
    const list = listOf(w.podSpec.volumes);
    if (out.isUnknown(list, [...w.podSpecKeys, "volumes"])) {
        return [];
    }
    const result: { volume: Obj; index: number; label: string }[] = [];
    list.forEach((v, index) => {
        if (out.isUnknown(v, [...w.podSpecKeys, "volumes", index]) || !isObj(v)) {
            return;
        }
        const name = typeof v.name === "string" ? `${v.name} ` : "";
        result.push({ volume: v, index, label: `${w.podLabel} volume ${name}(volumes[${index}])` });
    });
    return result;
}

export const noHostPath: ResourceValidationPolicy = {
    name: "no-hostpath",
    description: "Checks whether pods mount hostPath volumes.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("pss", "baseline", "Baseline: HostPath volumes must be forbidden"),
    tags: ["pss:baseline", "checkov:CKV_K8S_27"],
    remediationSteps: "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const { volume, label } of volumes(w, out)) {
                if (volume.hostPath !== undefined && volume.hostPath !== null) {
                    const path = field(volume.hostPath, "path");
                    const shown = typeof path === "string" ? ` (${path})` : "";
                    out.fail(`${label} must not be a hostPath volume${shown}; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`);
                }
            }
        },
    }),
};

export interface CapabilitiesConfig extends ExclusionConfig {
    allowedCapabilities?: string[];
}

export const capabilitiesRestricted: ResourceValidationPolicy = {
    name: "capabilities-restricted",
    description: "Checks whether every container drops all Linux capabilities and adds back only allowed ones.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.2.7", "Minimize the admission of containers with added capabilities"),
    tags: ["cis-eks:4.2.8", "pss:restricted"],
    remediationSteps: 'Set securityContext.capabilities.drop: ["ALL"] on every container and add back only capabilities in allowedCapabilities (default NET_BIND_SERVICE).',
    configSchema: {
        properties: {
            allowedCapabilities: stringList(["NET_BIND_SERVICE"], "Capabilities a container may add back (Pod Security Standards restricted allows only NET_BIND_SERVICE)."),
            excludedNamespaces: excludedNamespacesSchema,
        },
    },
    validateResource: validateWorkload<CapabilitiesConfig>({
        exclusions: true,
        check: (w, config, out) => {
            const allowed = (config.allowedCapabilities ?? ["NET_BIND_SERVICE"]).map(capName);
            for (const c of w.containers) {
                const caps = own(c, "capabilities", out);
                if (caps === UNKNOWN) {
                    continue;
                }
                const capsPath = [...c.keys, "securityContext", "capabilities"];
                const drop = listOf(field(caps, "drop"));
                const dropSet = field(caps, "drop") !== undefined;
                if (!out.isUnknown(drop, [...capsPath, "drop"]) && !w.windows && !(w.patch && !dropSet)) {
                    const names = drop.filter((d): d is string => typeof d === "string").map(capName);
                    if (!names.includes("ALL")) {
                        if (drop.some(isUnknown)) {
                            out.unknown([...capsPath, "drop", drop.findIndex(isUnknown)]);
                        } else {
                            out.fail(`${c.label} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`);
                        }
                    }
                }
                const add = listOf(field(caps, "add"));
                if (out.isUnknown(add, [...capsPath, "add"])) {
                    continue;
                }
                add.forEach((a, i) => out.isUnknown(a, [...capsPath, "add", i]));
                const extra = add.filter((a): a is string => typeof a === "string" && !allowed.includes(capName(a)));
                if (extra.length > 0) {
                    out.fail(
                        `${c.label} must not add capabilities ${listText(extra)}; remove them from securityContext.capabilities.add (allowed: ${allowed.length > 0 ? allowed.join(", ") : "none"}).`,
                    );
                }
            }
        },
    }),
};

export const noPrivilegeEscalation: ResourceValidationPolicy = {
    name: "no-privilege-escalation",
    description: "Checks whether every container forbids privilege escalation explicitly.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.2.5", "Minimize the admission of containers with allowPrivilegeEscalation"),
    tags: ["pss:restricted"],
    remediationSteps: "Set securityContext.allowPrivilegeEscalation: false on every container (unset means true).",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            if (w.windows) {
                return;
            }
            for (const c of w.containers) {
                const value = own(c, "allowPrivilegeEscalation", out);
                if (value === true) {
                    out.fail(`${c.label} must not allow privilege escalation; set securityContext.allowPrivilegeEscalation: false.`);
                } else if (value === undefined && !w.patch) {
                    out.fail(`${c.label} must set securityContext.allowPrivilegeEscalation: false (unset means true).`);
                }
            }
        },
    }),
};

export const runAsNonRoot: ResourceValidationPolicy = {
    name: "run-as-non-root",
    description: "Checks whether every container is required to run as a non-root user.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.2.6", "Minimize the admission of root containers"),
    tags: ["pss:restricted"],
    remediationSteps: "Set securityContext.runAsNonRoot: true on the pod (or every container) and never runAsUser: 0; build images with a numeric non-root USER.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const c of w.containers) {
                const nonRoot = eff(c.effective.runAsNonRoot, out);
                if (nonRoot === false) {
                    out.fail(`${c.label} must run as non-root; set securityContext.runAsNonRoot: true (it is false).`);
                } else if (nonRoot === undefined && !w.patch) {
                    out.fail(`${c.label} must run as non-root; set securityContext.runAsNonRoot: true on the pod or the container.`);
                }
                if (eff(c.effective.runAsUser, out) === 0) {
                    out.fail(`${c.label} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.`);
                }
            }
            if (w.podSecurityContext.runAsNonRoot === false && nobodyInherits(w, (c) => c.effective.runAsNonRoot)) {
                out.fail(`${w.podLabel} must not set securityContext.runAsNonRoot: false; set it to true.`);
            }
            if (w.podSecurityContext.runAsUser === 0 && nobodyInherits(w, (c) => c.effective.runAsUser)) {
                out.fail(`${w.podLabel} must not set securityContext.runAsUser: 0; use a non-zero UID.`);
            }
        },
    }),
};

const SECCOMP_ALLOWED = ["RuntimeDefault", "Localhost"];

export const seccompRuntimeDefault: ResourceValidationPolicy = {
    name: "seccomp-runtime-default",
    description: "Checks whether every container runs under the RuntimeDefault or a Localhost seccomp profile.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "4.5.2", "Apply Security Context to Your Pods and Containers"),
    tags: ["pss:restricted", "pss:baseline"],
    remediationSteps: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (containers inherit it); never Unconfined.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            if (w.windows) {
                return;
            }
            for (const c of w.containers) {
                const type = eff(c.effective.seccompProfileType, out);
                if (type === UNKNOWN) {
                    continue;
                }
                if (type === undefined) {
                    if (!w.patch) {
                        out.fail(`${c.label} must set a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`);
                    }
                } else if (!SECCOMP_ALLOWED.includes(type)) {
                    out.fail(`${c.label} must use seccomp profile RuntimeDefault or Localhost, not ${type}; set securityContext.seccompProfile.type: RuntimeDefault.`);
                }
            }
            const podType = field(w.podSecurityContext.seccompProfile, "type");
            if (typeof podType === "string" && !SECCOMP_ALLOWED.includes(podType) && nobodyInherits(w, (c) => c.effective.seccompProfileType)) {
                out.fail(`${w.podLabel} must not set seccomp profile ${podType}; set securityContext.seccompProfile.type: RuntimeDefault.`);
            }
        },
    }),
};

/** PSS baseline SELinux types; container_engine_t joined the list in Kubernetes 1.31. */
export const SELINUX_TYPES = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/** PSS baseline safe sysctls (Kubernetes 1.29+). */
export const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

function checkSeLinux(who: string, options: unknown, path: Path, out: Verdicts): void {
    if (out.isUnknown(options, path) || !isObj(options)) {
        return;
    }
    const type = options.type;
    if (!out.isUnknown(type, [...path, "type"]) && typeof type === "string" && type !== "" && !SELINUX_TYPES.includes(type)) {
        out.fail(`${who} must not use SELinux type ${type}; use ${listText(SELINUX_TYPES, "or")}, or leave securityContext.seLinuxOptions.type unset.`);
    }
    const custom = ["user", "role"].filter((k) => typeof options[k] === "string" && options[k] !== "");
    if (custom.length > 0) {
        out.fail(`${who} must not set securityContext.seLinuxOptions.${custom.join(" or ")}; remove ${custom.length > 1 ? "them" : "it"}.`);
    }
}

function checkAppArmor(who: string, profile: unknown, path: Path, out: Verdicts): void {
    const type = field(profile, "type");
    if (!out.isUnknown(profile, path) && !out.isUnknown(type, [...path, "type"]) && type === "Unconfined") {
        out.fail(`${who} must not run AppArmor Unconfined; set securityContext.appArmorProfile.type: RuntimeDefault or leave it unset.`);
    }
}

export const baselineMisc: ResourceValidationPolicy = {
    name: "baseline-misc",
    description: "Checks whether pods keep the Pod Security Standards baseline for /proc mounts, SELinux, AppArmor and sysctls.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("pss", "baseline", "Baseline: /proc mount type, SELinux, AppArmor and sysctls"),
    tags: ["pss:baseline"],
    remediationSteps: "Remove securityContext.procMount (or set Default), custom SELinux types, users and roles, AppArmor Unconfined, and sysctls outside the safe set.",
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            const scKeys = [...w.podSpecKeys, "securityContext"];
            checkSeLinux(w.podLabel, w.podSecurityContext.seLinuxOptions, [...scKeys, "seLinuxOptions"], out);
            checkAppArmor(w.podLabel, w.podSecurityContext.appArmorProfile, [...scKeys, "appArmorProfile"], out);
            const sysctls = listOf(w.podSecurityContext.sysctls);
            if (!out.isUnknown(sysctls, [...scKeys, "sysctls"])) {
                const unsafe = sysctls.map((s) => field(s, "name")).filter((n): n is string => typeof n === "string" && !SAFE_SYSCTLS.includes(n));
                if (unsafe.length > 0) {
                    out.fail(`${w.podLabel} must not set unsafe sysctls ${listText(unsafe)}; remove them from securityContext.sysctls (only the Pod Security Standards safe set is allowed).`);
                }
            }
            const annotations = w.podAnnotations;
            if (isObj(annotations)) {
                for (const [key, value] of Object.entries(annotations)) {
                    if (key.startsWith(APPARMOR_ANNOTATION) && typeof value === "string" && value !== "runtime/default" && !value.startsWith("localhost/")) {
                        out.fail(`${w.podLabel} annotation ${key} must not be ${value}; use runtime/default or localhost/<profile>.`);
                    }
                }
            }
            for (const c of w.containers) {
                const procMount = own(c, "procMount", out);
                if (typeof procMount === "string" && procMount !== "Default") {
                    out.fail(`${c.label} must use the default /proc mount; remove securityContext.procMount or set it to Default.`);
                }
                const cKeys = [...c.keys, "securityContext"];
                checkSeLinux(c.label, c.securityContext.seLinuxOptions, [...cKeys, "seLinuxOptions"], out);
                checkAppArmor(c.label, c.securityContext.appArmorProfile, [...cKeys, "appArmorProfile"], out);
            }
        },
    }),
};

/** PSS restricted volume types. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

export const restrictedVolumeTypes: ResourceValidationPolicy = {
    name: "restricted-volume-types",
    description: "Checks whether pods use only the volume types the Pod Security Standards restricted profile allows.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("pss", "restricted", "Restricted: volume types"),
    tags: ["pss:restricted"],
    remediationSteps: `Use only ${listText(RESTRICTED_VOLUME_TYPES)} volumes; reach network storage through a CSI driver and a PersistentVolumeClaim.`,
    configSchema: exclusionOnly,
    validateResource: validateWorkload<ExclusionConfig>({
        exclusions: true,
        check: (w, _config, out) => {
            for (const { volume, label } of volumes(w, out)) {
                const source = Object.keys(volume).find((k) => k !== "name" && volume[k] !== undefined && volume[k] !== null);
                if (source && !RESTRICTED_VOLUME_TYPES.includes(source)) {
                    out.fail(`${label} must use an allowed volume type, not ${source}; use ${listText(RESTRICTED_VOLUME_TYPES, "or")}.`);
                }
            }
        },
    }),
};

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
];
