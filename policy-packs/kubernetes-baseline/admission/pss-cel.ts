import {
    BASELINE_CAPABILITIES,
    checksAt,
    CheckId,
    CheckOptions,
    Level,
    pssCheck,
    RESTRICTED_VOLUME_TYPES,
    revisionAt,
    SAFE_SYSCTLS_1_0,
    SAFE_SYSCTLS_1_27,
    SAFE_SYSCTLS_1_29,
    SAFE_SYSCTLS_1_32,
    SAFE_SYSCTLS_1_37,
    SELINUX_TYPES_1_0,
    SELINUX_TYPES_1_31,
} from "../pss";
import { atLeast } from "../pss/version";
import { celList, celString, CelValidation, containerCheck, POD_META, POD_SPEC, POD_CONTAINERS } from "./cel";

/**
 * The Pod Security Standards checks (../pss/checks.ts) as CEL, one validation per check and policy
 * version, over the pod template a request carries (`variables.podSpec`, `variables.podMeta`,
 * `variables.containers`: see ./cel.ts). Each expression is true when the pod passes the check; it
 * restates the check's TypeScript evaluator field for field, and the parity tests
 * (test/policy-packs/kubernetes-baseline/admission-pss.test.ts) run both over every upstream
 * fixture of every supported version, wrapped in every workload kind.
 *
 * Language features: optional field selection (`a.?b.orValue(x)`, Kubernetes 1.29+), the standard
 * macros, `startsWith` and the extended strings library's `join` (all versions), per
 * https://kubernetes.io/docs/reference/using-api/cel/ (read 2026-12-03). No Kubernetes-only
 * function is used, so a plain CEL implementation evaluates the same expressions.
 */

const SC = `${POD_SPEC}.?securityContext`;
/** `spec.os.name: windows` exempts a pod from the Linux-only restricted checks (1.25+). */
const WINDOWS = `${POD_SPEC}.?os.?name.orValue('') == 'windows'`;
/** `spec.hostUsers: false` (user namespace) relaxes some checks (1.35+). */
const USER_NAMESPACE = `${POD_SPEC}.?hostUsers.orValue(true) == false`;

const PROFILE_TYPES = celList(["RuntimeDefault", "Localhost"]);

/** A profile object (seccomp, AppArmor) at `at` is unset, or its type is RuntimeDefault or Localhost. */
const profileOk = (at: string) => `(!${at}.hasValue() || ${at}.?type.orValue('') in ${PROFILE_TYPES})`;

function seLinuxOk(at: string, types: string[]): string {
    return `(${at}.?type.orValue('') in ${celList(["", ...types])} && ${at}.?user.orValue('') == '' && ${at}.?role.orValue('') == '')`;
}

const HANDLERS = ["livenessProbe", "readinessProbe", "startupProbe", "lifecycle.?postStart", "lifecycle.?preStop"];

/** Exempts pods for which `exemption` holds (a Windows pod, a pod in a user namespace). */
function unless(exemption: string, v: CelValidation): CelValidation {
    return { ...v, expression: `${exemption} || (${v.expression})` };
}

function sysctlsAt(version: string): string[] {
    return atLeast(version, "1.37") ? SAFE_SYSCTLS_1_37 : atLeast(version, "1.32") ? SAFE_SYSCTLS_1_32 : atLeast(version, "1.29") ? SAFE_SYSCTLS_1_29 : atLeast(version, "1.27") ? SAFE_SYSCTLS_1_27 : SAFE_SYSCTLS_1_0;
}

const PREFIX = (id: CheckId, version: string) => `Pod Security ${pssCheck(id).level} check ${id} (Kubernetes ${version})`;

/** The CEL of one check at one version; throws for a revision older than the CEL table (before 1.25). */
export function pssValidation(id: CheckId, version: string, options: CheckOptions = {}): CelValidation {
    const revision = revisionAt(pssCheck(id), version);
    if (!revision) {
        throw new Error(`Pod Security check ${id} does not apply at Kubernetes ${version}`);
    }
    if (!atLeast(version, "1.25")) {
        throw new Error(`admission policies are generated for Kubernetes 1.25 and newer (Windows and capability revisions); got ${version}`);
    }
    const at = PREFIX(id, version);
    const userNamespaceExempt = atLeast(version, "1.35");
    switch (id) {
        case "hostNamespaces":
            return {
                check: id,
                expression: ["hostNetwork", "hostPID", "hostIPC"].map((k) => `${POD_SPEC}.?${k}.orValue(false) != true`).join(" && "),
                message: `${at}: the pod must not share the host's network, PID or IPC namespace; remove hostNetwork, hostPID and hostIPC.`,
            };
        case "privileged":
            return containerCheck(id, `c.?securityContext.?privileged.orValue(false) != true`, `${at}: containers must not be privileged; remove securityContext.privileged`);
        case "capabilities_baseline":
            return containerCheck(
                id,
                `c.?securityContext.?capabilities.?add.orValue([]).all(a, a in ${celList(BASELINE_CAPABILITIES)})`,
                `${at}: containers may add only ${BASELINE_CAPABILITIES.join(", ")}`,
            );
        case "hostPathVolumes":
            return {
                check: id,
                expression: `${POD_SPEC}.?volumes.orValue([]).all(v, !has(v.hostPath))`,
                message: `${at}: the pod must not mount hostPath volumes; use emptyDir, configMap, secret or persistentVolumeClaim volumes.`,
                messageExpression: `${celString(`${at}: volumes `)} + ${POD_SPEC}.?volumes.orValue([]).filter(v, has(v.hostPath)).map(v, v.name).join(', ') + ' must not be hostPath volumes; use emptyDir, configMap, secret or persistentVolumeClaim volumes.'`,
            };
        case "hostPorts":
            return containerCheck(id, `c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0)`, `${at}: containers must not bind host ports; remove hostPort and use a Service`);
        case "hostProbesAndHostLifecycle":
            return containerCheck(
                id,
                HANDLERS.flatMap((h) => ["httpGet", "tcpSocket"].map((a) => `c.?${h}.?${a}.?host.orValue('') == ''`)).join(" && "),
                `${at}: probes and lifecycle hooks must not name a host; remove httpGet.host and tcpSocket.host`,
            );
        case "appArmorProfile": {
            const annotations = `${POD_META}.?annotations.orValue({})`;
            const prefix = "container.apparmor.security.beta.kubernetes.io/";
            return {
                check: id,
                expression:
                    `${profileOk(`${SC}.?appArmorProfile`)} && ${POD_CONTAINERS}.all(c, ${profileOk("c.?securityContext.?appArmorProfile")}) && ` +
                    `${annotations}.all(k, !k.startsWith('${prefix}') || ${annotations}[k] in ['', 'runtime/default'] || ${annotations}[k].startsWith('localhost/'))`,
                message: `${at}: AppArmor profiles must be RuntimeDefault or Localhost (annotations runtime/default or localhost/<profile>); never Unconfined.`,
            };
        }
        case "seLinuxOptions": {
            const types = atLeast(version, "1.31") ? SELINUX_TYPES_1_31 : SELINUX_TYPES_1_0;
            return {
                check: id,
                expression: `${seLinuxOk(`${SC}.?seLinuxOptions`, types)} && ${POD_CONTAINERS}.all(c, ${seLinuxOk("c.?securityContext.?seLinuxOptions", types)})`,
                message: `${at}: SELinux type must be unset or one of ${types.join(", ")}, and user and role unset.`,
            };
        }
        case "procMount": {
            const v = containerCheck(id, `c.?securityContext.?procMount.orValue('Default') == 'Default'`, `${at}: containers must use the default /proc mount; remove securityContext.procMount`);
            return userNamespaceExempt ? unless(USER_NAMESPACE, v) : v;
        }
        case "procMount_restricted":
            return containerCheck(id, `c.?securityContext.?procMount.orValue('Default') == 'Default'`, `${at}: containers must use the default /proc mount even with hostUsers: false`);
        case "seccompProfile_baseline":
            return {
                check: id,
                expression: `${profileOk(`${SC}.?seccompProfile`)} && ${POD_CONTAINERS}.all(c, ${profileOk("c.?securityContext.?seccompProfile")})`,
                message: `${at}: seccomp profiles must be RuntimeDefault or Localhost; never Unconfined.`,
            };
        case "sysctls": {
            const safe = sysctlsAt(version);
            return {
                check: id,
                expression: `${SC}.?sysctls.orValue([]).all(s, !has(s.name) || s.name in ${celList(safe)})`,
                message: `${at}: only the safe sysctls ${safe.join(", ")} may be set.`,
                messageExpression: `${celString(`${at}: sysctls `)} + ${SC}.?sysctls.orValue([]).filter(s, has(s.name) && !(s.name in ${celList(safe)})).map(s, s.name).join(', ') + ' are not in the safe set; remove them.'`,
            };
        }
        case "windowsHostProcess":
            return {
                check: id,
                expression: `${SC}.?windowsOptions.?hostProcess.orValue(false) != true && ${POD_CONTAINERS}.all(c, c.?securityContext.?windowsOptions.?hostProcess.orValue(false) != true)`,
                message: `${at}: the pod must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess.`,
            };
        case "restrictedVolumes":
            return {
                check: id,
                expression: `${POD_SPEC}.?volumes.orValue([]).all(v, v.all(k, k == 'name') || v.exists(k, k in ${celList(RESTRICTED_VOLUME_TYPES)}))`,
                message: `${at}: volumes must be of the types ${RESTRICTED_VOLUME_TYPES.join(", ")}.`,
            };
        case "allowPrivilegeEscalation":
            return unless(
                WINDOWS,
                containerCheck(
                    id,
                    `c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false`,
                    `${at}: containers must set securityContext.allowPrivilegeEscalation: false (unset means true)`,
                ),
            );
        case "runAsNonRoot": {
            const pod = `${SC}.?runAsNonRoot`;
            const v: CelValidation = {
                check: id,
                expression: `${pod}.orValue(true) != false && ${POD_CONTAINERS}.all(c, c.?securityContext.?runAsNonRoot.orValue(${pod}.orValue(false)) == true)`,
                message: `${at}: set securityContext.runAsNonRoot: true on the pod or every container, and never false.`,
            };
            return userNamespaceExempt ? unless(USER_NAMESPACE, v) : v;
        }
        case "runAsUser": {
            const v: CelValidation = {
                check: id,
                expression: `${SC}.?runAsUser.orValue(1) != 0 && ${POD_CONTAINERS}.all(c, c.?securityContext.?runAsUser.orValue(1) != 0)`,
                message: `${at}: runAsUser must not be 0 on the pod or any container.`,
            };
            return userNamespaceExempt ? unless(USER_NAMESPACE, v) : v;
        }
        case "seccompProfile_restricted": {
            const pod = `${SC}.?seccompProfile`;
            const own = "c.?securityContext.?seccompProfile";
            return unless(WINDOWS, {
                check: id,
                expression: `${profileOk(pod)} && ${POD_CONTAINERS}.all(c, ${own}.hasValue() ? ${own}.?type.orValue('') in ${PROFILE_TYPES} : ${pod}.?type.orValue('') in ${PROFILE_TYPES})`,
                message: `${at}: set securityContext.seccompProfile.type to RuntimeDefault or Localhost on the pod or every container.`,
            });
        }
        case "capabilities_restricted": {
            const allowed = options.restrictedAddableCapabilities ?? ["NET_BIND_SERVICE"];
            return unless(
                WINDOWS,
                containerCheck(
                    id,
                    `'ALL' in c.?securityContext.?capabilities.?drop.orValue([]) && c.?securityContext.?capabilities.?add.orValue([]).all(a, a in ${celList(allowed)})`,
                    `${at}: containers must drop ALL capabilities and add back only ${allowed.length > 0 ? allowed.join(", ") : "none"}`,
                ),
            );
        }
    }
}

/** Every check admission runs for a level at a version (restricted: restricted plus the baseline checks it does not override). */
export function pssValidations(level: Level, version: string, options: CheckOptions = {}): CelValidation[] {
    return checksAt(level, version).map(({ check }) => pssValidation(check.id, version, options));
}
