import { isObj, Path, PodView, UNKNOWN, Unknown } from "./pod";

/**
 * The Pod Security Standards as data: every check of Kubernetes' Pod Security Admission, with its
 * level, the policy versions its revisions apply from, and the baseline checks a restricted check
 * replaces. Each revision is a pure function over one pod template, so the same rules can drive the
 * CrossGuard policies (policies/pod-security.ts), the fixture tests and generated admission policies.
 *
 * The specification is the admission controller's own source, read 2026-12-03:
 * https://github.com/kubernetes/pod-security-admission/tree/8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8/policy
 * (check_<id>.go per check, registry.go for versions and overrides), and the published standard
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ (read 2026-12-03).
 * The upstream fixtures for 1.31–1.35 are vendored in test/fixtures/pod-security-admission/.
 *
 * Where the objects a policy sees differ from what admission sees: admission judges the pod after
 * API defaulting, so a volume with no source (defaulted to emptyDir) is allowed here too.
 */

export type Level = "baseline" | "restricted";

export const BASELINE_CHECK_IDS = [
    "hostNamespaces",
    "privileged",
    "capabilities_baseline",
    "hostPathVolumes",
    "hostPorts",
    "hostProbesAndHostLifecycle",
    "appArmorProfile",
    "seLinuxOptions",
    "procMount",
    "seccompProfile_baseline",
    "sysctls",
    "windowsHostProcess",
] as const;

export const RESTRICTED_CHECK_IDS = [
    "restrictedVolumes",
    "allowPrivilegeEscalation",
    "runAsNonRoot",
    "runAsUser",
    "seccompProfile_restricted",
    "capabilities_restricted",
    "procMount_restricted",
] as const;

export type CheckId = (typeof BASELINE_CHECK_IDS)[number] | (typeof RESTRICTED_CHECK_IDS)[number];

export interface Violation {
    check: CheckId;
    /** Keys from the document root to the offending field, or to where a required field must be set. */
    path: Path;
    /** The object, the rule and the fix. */
    message: string;
    /** A required field left unset (rather than a forbidden value): a patch that leaves the field alone is not judged on it. */
    unset?: boolean;
}

/** Settings that narrow or widen a check on purpose; the defaults are the standard's. */
export interface CheckOptions {
    /** Capabilities restricted lets a container add back. @default ["NET_BIND_SERVICE"] */
    restrictedAddableCapabilities?: string[];
}

export type CheckFn = (pod: PodView, options: CheckOptions) => Violation[];

export interface VersionedCheck {
    /** The first policy version this revision applies to (`1.34`). */
    minVersion: string;
    evaluate: CheckFn;
    /** Baseline checks this restricted revision replaces at the restricted level. */
    overrides?: CheckId[];
}

export interface PssCheck {
    id: CheckId;
    level: Level;
    /** The control's name on the Pod Security Standards page. */
    title: string;
    /** Revisions, oldest first; a revision applies until the next one's minimum version. */
    versions: VersionedCheck[];
}

const SC = "securityContext";

function listText(items: string[], conjunction: "and" | "or" = "and"): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

function uniq(items: string[]): string[] {
    return [...new Set(items)];
}

/**
 * Runs `check` unless `exempt` says the pod is exempt. When the exemption cannot be known yet and
 * the check would fail, the check is undecided (the exemption's field is recorded), never failed.
 */
function unlessExempt(exempt: (pod: PodView) => boolean | Unknown, field: Path, check: CheckFn): CheckFn {
    return (pod, options) => {
        const e = exempt(pod);
        if (e === true) {
            return [];
        }
        const found = check(pod, options);
        if (e === UNKNOWN && found.length > 0) {
            pod.note([...pod.specKeys, ...field]);
            return [];
        }
        return found;
    };
}

/** Windows pods are exempt from the Linux-only restricted checks from 1.25 (spec.os.name). */
const unlessWindows = (check: CheckFn) => unlessExempt((pod) => pod.windows(), ["os", "name"], check);
/** Pods in a user namespace (`hostUsers: false`) are exempt from some checks from 1.35 (KEP-127). */
const unlessUserNamespace = (check: CheckFn) => unlessExempt((pod) => pod.userNamespace(), ["hostUsers"], check);

// ---------------------------------------------------------------------------------------------
// Baseline

const HOST_NAMESPACES: [string, string][] = [
    ["hostNetwork", "network"],
    ["hostPID", "process ID"],
    ["hostIPC", "IPC"],
];

const hostNamespaces: CheckFn = (pod) => {
    const out: Violation[] = [];
    for (const [key, what] of HOST_NAMESPACES) {
        if (pod.spec([key]) === true) {
            out.push({ check: "hostNamespaces", path: [...pod.specKeys, key], message: `${pod.podLabel} must not share the host ${what} namespace; remove ${key} or set it to false.` });
        }
    }
    return out;
};

const privileged: CheckFn = (pod) =>
    pod
        .containers()
        .filter((c) => pod.read([...c.keys, SC, "privileged"]) === true)
        .map((c) => ({ check: "privileged", path: [...c.keys, SC, "privileged"], message: `${c.label} must not be privileged; remove securityContext.privileged or set it to false.` }));

/** The capabilities a baseline container may add (check_capabilities_baseline.go). */
export const BASELINE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

/** The strings in a container's `capabilities.add` (unknown entries recorded and skipped). */
function added(pod: PodView, keys: Path): string[] {
    return pod
        .list([...keys, SC, "capabilities", "add"])
        .map((e) => e.value)
        .filter((v): v is string => typeof v === "string");
}

const capabilitiesBaseline: CheckFn = (pod) =>
    pod.containers().flatMap((c): Violation[] => {
        const bad = uniq(added(pod, c.keys).filter((cap) => !BASELINE_CAPABILITIES.includes(cap)));
        return bad.length === 0
            ? []
            : [
                  {
                      check: "capabilities_baseline",
                      path: [...c.keys, SC, "capabilities", "add"],
                      message: `${c.label} must not add capabilities ${listText(bad)}; remove them from securityContext.capabilities.add (baseline allows only ${BASELINE_CAPABILITIES.join(", ")}).`,
                  },
              ];
    });

const hostPathVolumes: CheckFn = (pod) =>
    pod.list([...pod.specKeys, "volumes"]).flatMap(({ value, keys, index }): Violation[] => {
        if (!isObj(value) || value.hostPath === undefined || value.hostPath === null) {
            return [];
        }
        const name = typeof value.name === "string" ? `${value.name} ` : "";
        const p = isObj(value.hostPath) ? value.hostPath.path : undefined;
        const shown = typeof p === "string" ? ` (${p})` : "";
        return [
            {
                check: "hostPathVolumes",
                path: [...keys, "hostPath"],
                message: `${pod.podLabel} volume ${name}(volumes[${index}]) must not be a hostPath volume${shown}; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`,
            },
        ];
    });

const hostPorts: CheckFn = (pod) =>
    pod.containers().flatMap((c) =>
        pod.list([...c.keys, "ports"]).flatMap(({ keys, index }): Violation[] => {
            const hostPort = pod.read([...keys, "hostPort"]);
            return typeof hostPort === "number" && hostPort !== 0
                ? [{ check: "hostPorts", path: [...keys, "hostPort"], message: `${c.label} must not bind host port ${hostPort} (ports[${index}]); remove hostPort and expose the port through a Service.` }]
                : [];
        }),
    );

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];
const LIFECYCLE_HANDLERS = ["postStart", "preStop"];

const hostProbesAndHostLifecycle: CheckFn = (pod) =>
    pod.containers().flatMap((c) => {
        const handlers: Path[] = [...PROBES.map((p) => [p]), ...LIFECYCLE_HANDLERS.map((h) => ["lifecycle", h])];
        const out: Violation[] = [];
        for (const handler of handlers) {
            for (const action of ["httpGet", "tcpSocket"]) {
                const keys = [...c.keys, ...handler, action, "host"];
                const host = pod.read(keys);
                if (typeof host === "string" && host !== "") {
                    const where = [...handler, action].join(".");
                    out.push({
                        check: "hostProbesAndHostLifecycle",
                        path: keys,
                        message: `${c.label} must not send ${where} to host ${host}; remove ${where}.host so that the kubelet connects to the pod itself.`,
                    });
                }
            }
        }
        return out;
    });

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const APPARMOR_TYPES = ["RuntimeDefault", "Localhost"];

function appArmorField(pod: PodView, who: string, keys: Path): Violation[] {
    const profile = pod.read(keys);
    if (profile === UNKNOWN || profile === undefined) {
        return [];
    }
    const type = pod.read([...keys, "type"]);
    if (type === UNKNOWN || (typeof type === "string" && APPARMOR_TYPES.includes(type))) {
        return [];
    }
    const shown = typeof type === "string" && type !== "" ? type : "unset";
    return [
        {
            check: "appArmorProfile",
            path: [...keys, "type"],
            message: `${who} must not use AppArmor profile type ${shown}; set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or leave appArmorProfile unset.`,
        },
    ];
}

const appArmorProfile: CheckFn = (pod) => {
    const out = appArmorField(pod, pod.podLabel, [...pod.specKeys, SC, "appArmorProfile"]);
    for (const c of pod.containers()) {
        out.push(...appArmorField(pod, c.label, [...c.keys, SC, "appArmorProfile"]));
    }
    const annotationKeys = [...pod.metadataKeys, "annotations"];
    const annotations = pod.read(annotationKeys);
    if (isObj(annotations)) {
        for (const [key, value] of Object.entries(annotations)) {
            if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
                continue;
            }
            if (value === UNKNOWN) {
                pod.note([...annotationKeys, key]);
            } else if (typeof value === "string" && value !== "" && value !== "runtime/default" && !value.startsWith("localhost/")) {
                out.push({
                    check: "appArmorProfile",
                    path: [...annotationKeys, key],
                    message: `${pod.podLabel} annotation ${key} must not be ${value}; use runtime/default or localhost/<profile>, or set securityContext.appArmorProfile instead.`,
                });
            }
        }
    }
    return out;
};

/** SELinux types baseline allows (an unset type is allowed), per version (check_seLinuxOptions.go). */
export const SELINUX_TYPES_1_0 = ["container_t", "container_init_t", "container_kvm_t"];
export const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, "container_engine_t"];

function seLinuxField(pod: PodView, who: string, keys: Path, types: string[]): Violation[] {
    const options = pod.read(keys);
    if (!isObj(options)) {
        return [];
    }
    const out: Violation[] = [];
    const type = pod.read([...keys, "type"]);
    if (typeof type === "string" && type !== "" && !types.includes(type)) {
        out.push({
            check: "seLinuxOptions",
            path: [...keys, "type"],
            message: `${who} must not use SELinux type ${type}; use ${listText(types, "or")}, or leave securityContext.seLinuxOptions.type unset.`,
        });
    }
    for (const k of ["user", "role"]) {
        const v = pod.read([...keys, k]);
        if (typeof v === "string" && v !== "") {
            out.push({ check: "seLinuxOptions", path: [...keys, k], message: `${who} must not set securityContext.seLinuxOptions.${k}; remove it.` });
        }
    }
    return out;
}

const seLinuxOptions =
    (types: string[]): CheckFn =>
    (pod) => [
        ...seLinuxField(pod, pod.podLabel, [...pod.specKeys, SC, "seLinuxOptions"], types),
        ...pod.containers().flatMap((c) => seLinuxField(pod, c.label, [...c.keys, SC, "seLinuxOptions"], types)),
    ];

const procMountOf =
    (check: CheckId): CheckFn =>
    (pod) =>
        pod.containers().flatMap((c): Violation[] => {
            const keys = [...c.keys, SC, "procMount"];
            const value = pod.read(keys);
            return typeof value === "string" && value !== "Default"
                ? [{ check, path: keys, message: `${c.label} must use the default /proc mount, not ${value || "an empty type"}; remove securityContext.procMount or set it to Default.` }]
                : [];
        });

const SECCOMP_TYPES = ["RuntimeDefault", "Localhost"];
const SECCOMP_ANNOTATION_POD = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_ANNOTATION_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** A seccomp profile set (explicitly) to a type other than RuntimeDefault or Localhost. */
function badSeccomp(pod: PodView, check: CheckId, who: string, keys: Path): Violation[] {
    const profile = pod.read(keys);
    if (profile === UNKNOWN || profile === undefined) {
        return [];
    }
    const type = pod.read([...keys, "type"]);
    if (type === UNKNOWN || (typeof type === "string" && SECCOMP_TYPES.includes(type))) {
        return [];
    }
    const shown = typeof type === "string" && type !== "" ? type : "unset";
    return [{ check, path: [...keys, "type"], message: `${who} must not use seccomp profile type ${shown}; set securityContext.seccompProfile.type: RuntimeDefault (or Localhost).` }];
}

/** Before 1.19: the alpha annotations (check_seccompProfile_baseline.go seccompProfileBaseline_1_0). */
const seccompBaselineAnnotations: CheckFn = (pod) => {
    const keys = [...pod.metadataKeys, "annotations"];
    const annotations = pod.read(keys);
    if (!isObj(annotations)) {
        return [];
    }
    const names = pod.containers().map((c) => pod.peek([...c.keys, "name"]));
    const out: Violation[] = [];
    for (const [key, value] of Object.entries(annotations)) {
        const applies = key === SECCOMP_ANNOTATION_POD || (key.startsWith(SECCOMP_ANNOTATION_CONTAINER_PREFIX) && names.includes(key.slice(SECCOMP_ANNOTATION_CONTAINER_PREFIX.length)));
        if (!applies) {
            continue;
        }
        if (value === UNKNOWN) {
            pod.note([...keys, key]);
        } else if (typeof value === "string" && value !== "runtime/default" && value !== "docker/default" && !value.startsWith("localhost/")) {
            out.push({ check: "seccompProfile_baseline", path: [...keys, key], message: `${pod.podLabel} annotation ${key} must not be ${value}; use runtime/default or localhost/<profile>.` });
        }
    }
    return out;
};

const seccompBaseline: CheckFn = (pod) => [
    ...badSeccomp(pod, "seccompProfile_baseline", pod.podLabel, [...pod.specKeys, SC, "seccompProfile"]),
    ...pod.containers().flatMap((c) => badSeccomp(pod, "seccompProfile_baseline", c.label, [...c.keys, SC, "seccompProfile"])),
];

/** Sysctls baseline allows, per version (check_sysctls.go). */
export const SAFE_SYSCTLS_1_0 = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"];
export const SAFE_SYSCTLS_1_27 = [...SAFE_SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
export const SAFE_SYSCTLS_1_29 = [...SAFE_SYSCTLS_1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
export const SAFE_SYSCTLS_1_32 = [...SAFE_SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
export const SAFE_SYSCTLS_1_37 = [...SAFE_SYSCTLS_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

const sysctls =
    (safe: string[]): CheckFn =>
    (pod) => {
        const keys = [...pod.specKeys, SC, "sysctls"];
        const unsafe = pod
            .list(keys)
            .map((e) => (isObj(e.value) ? pod.read([...e.keys, "name"]) : undefined))
            .filter((n): n is string => typeof n === "string" && !safe.includes(n));
        return unsafe.length === 0
            ? []
            : [
                  {
                      check: "sysctls",
                      path: keys,
                      message: `${pod.podLabel} must not set unsafe sysctls ${listText(uniq(unsafe))}; remove them from securityContext.sysctls (the baseline allows ${listText(safe)}).`,
                  },
              ];
    };

const windowsHostProcess: CheckFn = (pod) => {
    const out: Violation[] = [];
    const podKeys = [...pod.specKeys, SC, "windowsOptions", "hostProcess"];
    if (pod.read(podKeys) === true) {
        out.push({ check: "windowsHostProcess", path: podKeys, message: `${pod.podLabel} must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess or set it to false.` });
    }
    for (const c of pod.containers()) {
        const keys = [...c.keys, SC, "windowsOptions", "hostProcess"];
        if (pod.read(keys) === true) {
            out.push({ check: "windowsHostProcess", path: keys, message: `${c.label} must not run as a Windows HostProcess container; remove securityContext.windowsOptions.hostProcess or set it to false.` });
        }
    }
    return out;
};

// ---------------------------------------------------------------------------------------------
// Restricted

/** Volume sources restricted allows (check_restrictedVolumes.go); a volume with none is defaulted to emptyDir. */
export const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"];

const restrictedVolumes: CheckFn = (pod) =>
    pod.list([...pod.specKeys, "volumes"]).flatMap(({ value, keys, index }): Violation[] => {
        if (!isObj(value)) {
            return [];
        }
        const sources = Object.keys(value).filter((k) => k !== "name" && value[k] !== undefined && value[k] !== null);
        if (sources.length === 0 || sources.some((s) => RESTRICTED_VOLUME_TYPES.includes(s))) {
            return [];
        }
        const name = typeof value.name === "string" ? `${value.name} ` : "";
        return [
            {
                check: "restrictedVolumes",
                path: [...keys, sources[0]],
                message: `${pod.podLabel} volume ${name}(volumes[${index}]) must use an allowed volume type, not ${sources[0]}; use ${listText(RESTRICTED_VOLUME_TYPES, "or")}.`,
            },
        ];
    });

const allowPrivilegeEscalation: CheckFn = (pod) =>
    pod.containers().flatMap((c): Violation[] => {
        const keys = [...c.keys, SC, "allowPrivilegeEscalation"];
        const value = pod.read(keys);
        if (value === UNKNOWN || value === false) {
            return [];
        }
        return value === true
            ? [{ check: "allowPrivilegeEscalation", path: keys, message: `${c.label} must not allow privilege escalation; set securityContext.allowPrivilegeEscalation: false.` }]
            : [{ check: "allowPrivilegeEscalation", path: keys, unset: true, message: `${c.label} must set securityContext.allowPrivilegeEscalation: false (unset means true).` }];
    });

/**
 * A restricted setting the pod sets for its containers: explicitly bad values (pod or container)
 * are reported; only when there are none, containers that neither set it nor inherit a good pod
 * value are (check_runAsNonRoot.go, check_seccompProfile_restricted.go).
 */
function podOrContainer(
    pod: PodView,
    sub: Path,
    judge: (pod: PodView, keys: Path) => "good" | "bad" | "unset" | Unknown,
    messages: { bad: (who: string) => string; unset: (who: string) => string },
    check: CheckId,
): Violation[] {
    const podKeys = [...pod.specKeys, SC, ...sub];
    const podVerdict = judge(pod, podKeys);
    const explicit: Violation[] = podVerdict === "bad" ? [{ check, path: podKeys, message: messages.bad(pod.podLabel) }] : [];
    const implicit: Violation[] = [];
    for (const c of pod.containers()) {
        const keys = [...c.keys, SC, ...sub];
        const v = judge(pod, keys);
        if (v === "bad") {
            explicit.push({ check, path: keys, message: messages.bad(c.label) });
        } else if (v === "unset") {
            if (podVerdict === UNKNOWN) {
                pod.note(podKeys);
            } else if (podVerdict !== "good") {
                implicit.push({ check, path: keys, unset: true, message: messages.unset(c.label) });
            }
        }
    }
    return explicit.length > 0 ? explicit : implicit;
}

const runAsNonRoot: CheckFn = (pod) =>
    podOrContainer(
        pod,
        ["runAsNonRoot"],
        (p, keys) => {
            const v = p.read(keys);
            return v === UNKNOWN ? UNKNOWN : v === undefined ? "unset" : v === true ? "good" : "bad";
        },
        {
            bad: (who) => `${who} must run as non-root; set securityContext.runAsNonRoot: true (it is false).`,
            unset: (who) => `${who} must run as non-root; set securityContext.runAsNonRoot: true on the pod or the container.`,
        },
        "runAsNonRoot",
    );

const runAsUser: CheckFn = (pod) => {
    const out: Violation[] = [];
    const podKeys = [...pod.specKeys, SC, "runAsUser"];
    if (pod.read(podKeys) === 0) {
        out.push({ check: "runAsUser", path: podKeys, message: `${pod.podLabel} must not set securityContext.runAsUser: 0; use a non-zero UID.` });
    }
    for (const c of pod.containers()) {
        const keys = [...c.keys, SC, "runAsUser"];
        if (pod.read(keys) === 0) {
            out.push({ check: "runAsUser", path: keys, message: `${c.label} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.` });
        }
    }
    return out;
};

const seccompRestricted: CheckFn = (pod) =>
    podOrContainer(
        pod,
        ["seccompProfile"],
        (p, keys) => {
            const profile = p.read(keys);
            if (profile === UNKNOWN) {
                return UNKNOWN;
            }
            if (profile === undefined) {
                return "unset";
            }
            const type = p.read([...keys, "type"]);
            return type === UNKNOWN ? UNKNOWN : typeof type === "string" && SECCOMP_TYPES.includes(type) ? "good" : "bad";
        },
        {
            bad: (who) => `${who} must use seccomp profile type RuntimeDefault or Localhost; set securityContext.seccompProfile.type: RuntimeDefault.`,
            unset: (who) => `${who} must set a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`,
        },
        "seccompProfile_restricted",
    );

const capabilitiesRestricted: CheckFn = (pod, options) => {
    const allowed = options.restrictedAddableCapabilities ?? ["NET_BIND_SERVICE"];
    return pod.containers().flatMap((c): Violation[] => {
        const capsKeys = [...c.keys, SC, "capabilities"];
        const caps = pod.read(capsKeys);
        if (caps === UNKNOWN) {
            return [];
        }
        const out: Violation[] = [];
        const dropKeys = [...capsKeys, "drop"];
        const drop = pod.read(dropKeys);
        if (drop !== UNKNOWN) {
            const entries = pod.list(dropKeys);
            const dropsAll = entries.some((e) => e.value === "ALL");
            const undecided = Array.isArray(drop) && drop.some((d) => d === UNKNOWN);
            if (!dropsAll && !undecided) {
                out.push({ check: "capabilities_restricted", path: dropKeys, unset: drop === undefined, message: `${c.label} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].` });
            }
        }
        const extra = uniq(added(pod, c.keys).filter((cap) => !allowed.includes(cap)));
        if (extra.length > 0) {
            out.push({
                check: "capabilities_restricted",
                path: [...capsKeys, "add"],
                message: `${c.label} must not add capabilities ${listText(extra)}; remove them from securityContext.capabilities.add (allowed: ${allowed.length > 0 ? allowed.join(", ") : "none"}).`,
            });
        }
        return out;
    });
};

// ---------------------------------------------------------------------------------------------
// The table

/** Every check, baseline first, in the order of the Pod Security Standards page. */
export const PSS_CHECKS: readonly PssCheck[] = [
    { id: "hostNamespaces", level: "baseline", title: "Host Namespaces", versions: [{ minVersion: "1.0", evaluate: hostNamespaces }] },
    { id: "privileged", level: "baseline", title: "Privileged Containers", versions: [{ minVersion: "1.0", evaluate: privileged }] },
    { id: "capabilities_baseline", level: "baseline", title: "Capabilities", versions: [{ minVersion: "1.0", evaluate: capabilitiesBaseline }] },
    { id: "hostPathVolumes", level: "baseline", title: "HostPath Volumes", versions: [{ minVersion: "1.0", evaluate: hostPathVolumes }] },
    { id: "hostPorts", level: "baseline", title: "Host Ports", versions: [{ minVersion: "1.0", evaluate: hostPorts }] },
    { id: "hostProbesAndHostLifecycle", level: "baseline", title: "Host Probes / Lifecycle Hooks", versions: [{ minVersion: "1.34", evaluate: hostProbesAndHostLifecycle }] },
    { id: "appArmorProfile", level: "baseline", title: "AppArmor", versions: [{ minVersion: "1.0", evaluate: appArmorProfile }] },
    {
        id: "seLinuxOptions",
        level: "baseline",
        title: "SELinux",
        versions: [
            { minVersion: "1.0", evaluate: seLinuxOptions(SELINUX_TYPES_1_0) },
            { minVersion: "1.31", evaluate: seLinuxOptions(SELINUX_TYPES_1_31) },
        ],
    },
    {
        id: "procMount",
        level: "baseline",
        title: "/proc Mount Type",
        versions: [
            { minVersion: "1.0", evaluate: procMountOf("procMount") },
            { minVersion: "1.35", evaluate: unlessUserNamespace(procMountOf("procMount")) },
        ],
    },
    {
        id: "seccompProfile_baseline",
        level: "baseline",
        title: "Seccomp",
        versions: [
            { minVersion: "1.0", evaluate: seccompBaselineAnnotations },
            { minVersion: "1.19", evaluate: seccompBaseline },
        ],
    },
    {
        id: "sysctls",
        level: "baseline",
        title: "Sysctls",
        versions: [
            { minVersion: "1.0", evaluate: sysctls(SAFE_SYSCTLS_1_0) },
            { minVersion: "1.27", evaluate: sysctls(SAFE_SYSCTLS_1_27) },
            { minVersion: "1.29", evaluate: sysctls(SAFE_SYSCTLS_1_29) },
            { minVersion: "1.32", evaluate: sysctls(SAFE_SYSCTLS_1_32) },
            { minVersion: "1.37", evaluate: sysctls(SAFE_SYSCTLS_1_37) },
        ],
    },
    { id: "windowsHostProcess", level: "baseline", title: "HostProcess", versions: [{ minVersion: "1.0", evaluate: windowsHostProcess }] },

    { id: "restrictedVolumes", level: "restricted", title: "Volume Types", versions: [{ minVersion: "1.0", evaluate: restrictedVolumes, overrides: ["hostPathVolumes"] }] },
    {
        id: "allowPrivilegeEscalation",
        level: "restricted",
        title: "Privilege Escalation",
        versions: [
            { minVersion: "1.8", evaluate: allowPrivilegeEscalation },
            { minVersion: "1.25", evaluate: unlessWindows(allowPrivilegeEscalation) },
        ],
    },
    {
        id: "runAsNonRoot",
        level: "restricted",
        title: "Running as Non-root",
        versions: [
            { minVersion: "1.0", evaluate: runAsNonRoot },
            { minVersion: "1.35", evaluate: unlessUserNamespace(runAsNonRoot) },
        ],
    },
    {
        id: "runAsUser",
        level: "restricted",
        title: "Running as Non-root user",
        versions: [
            { minVersion: "1.23", evaluate: runAsUser },
            { minVersion: "1.35", evaluate: unlessUserNamespace(runAsUser) },
        ],
    },
    {
        id: "seccompProfile_restricted",
        level: "restricted",
        title: "Seccomp",
        versions: [
            { minVersion: "1.19", evaluate: seccompRestricted, overrides: ["seccompProfile_baseline"] },
            { minVersion: "1.25", evaluate: unlessWindows(seccompRestricted), overrides: ["seccompProfile_baseline"] },
        ],
    },
    {
        id: "capabilities_restricted",
        level: "restricted",
        title: "Capabilities",
        versions: [
            { minVersion: "1.22", evaluate: capabilitiesRestricted, overrides: ["capabilities_baseline"] },
            { minVersion: "1.25", evaluate: unlessWindows(capabilitiesRestricted), overrides: ["capabilities_baseline"] },
        ],
    },
    {
        id: "procMount_restricted",
        level: "restricted",
        title: "/proc Mount Type",
        versions: [{ minVersion: "1.35", evaluate: procMountOf("procMount_restricted"), overrides: ["procMount"] }],
    },
];

export function pssCheck(id: CheckId): PssCheck {
    const check = PSS_CHECKS.find((c) => c.id === id);
    if (!check) {
        throw new Error(`unknown Pod Security Standards check ${id}`);
    }
    return check;
}

/** The check's first version (when it joined the standard). */
export function minVersionOf(check: PssCheck): string {
    return check.versions[0].minVersion;
}
