import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import {
    BASELINE_CAPABILITIES,
    CheckId,
    CheckOptions,
    minVersionOf,
    PodView,
    PSS_CHECKS,
    pssCheck,
    RESTRICTED_VOLUME_TYPES,
    runChecks,
    SAFE_SYSCTLS_1_0,
    SAFE_SYSCTLS_1_27,
    SAFE_SYSCTLS_1_29,
    SAFE_SYSCTLS_1_32,
    SAFE_SYSCTLS_1_37,
    SELINUX_TYPES_1_0,
    SELINUX_TYPES_1_31,
    UNKNOWN,
} from "../../../policy-packs/kubernetes-baseline/pss";

/**
 * The Pod Security Standards check table (pss/checks.ts), check by check and condition by
 * condition (issue #15): the exact violation (check, path, message) for each forbidden value,
 * every element of every allowed list staying allowed at the version it joined (and rejected the
 * version before), each exemption (Windows, user namespaces), and each value unknown until apply
 * recorded as undecided rather than passed. The upstream rules: pod-security-admission policy/
 * check_<id>.go at 8f84a87c (read 2026-12-03), the same revision as the vendored fixtures.
 */

type Doc = Record<string, any>;
const SC = "securityContext";
const POD = "pod spec";
const C0 = "container spec.containers[0] (app)";
const C0_KEYS = ["spec", "containers", 0];

/** One check (at its revision for `version`) over a Pod: its violations and the undecided paths. */
function check(id: CheckId, doc: Doc, version = "1.35", options?: CheckOptions) {
    const view = new PodView(doc);
    const violations = runChecks(view, [id], version, options);
    return { violations, undecided: view.undecided };
}

/** A Pod with one container `app` whose securityContext is `sc` (none when undefined), and `spec` merged in. */
function pod(sc?: Doc, spec: Doc = {}, metadata: Doc = {}): Doc {
    return { metadata, spec: { containers: [{ name: "app", image: "x", ...(sc === undefined ? {} : { securityContext: sc }) }], ...spec } };
}

const clean = { violations: [], undecided: [] };

describe("pss/checks.ts: the table", () => {
    it("titles each check as the kept control list does (policy-packs/controls/pss.json)", () => {
        const file = JSON.parse(readFileSync(path.resolve(__dirname, "../../../policy-packs/controls/pss.json"), "utf8")) as { controls: { id: string; title: string }[] };
        const byId = new Map(file.controls.map((c) => [c.id, c.title]));
        for (const c of PSS_CHECKS) {
            const prefix = `${c.level === "baseline" ? "Baseline" : "Restricted"}: ${c.title}: `;
            expect(byId.get(`${c.level}/${c.id}`), c.id).to.satisfy((t: string) => t.startsWith(prefix));
        }
        expect(PSS_CHECKS.map((c) => c.title)).to.include.members(["Host Namespaces", "Seccomp", "Capabilities", "/proc Mount Type", "Running as Non-root user"]);
    });
    it("gives each check's first version as registry.go does", () => {
        const first = Object.fromEntries(PSS_CHECKS.map((c) => [c.id, minVersionOf(c)]));
        expect(first).to.deep.equal({
            hostNamespaces: "1.0",
            privileged: "1.0",
            capabilities_baseline: "1.0",
            hostPathVolumes: "1.0",
            hostPorts: "1.0",
            hostProbesAndHostLifecycle: "1.34",
            appArmorProfile: "1.0",
            seLinuxOptions: "1.0",
            procMount: "1.0",
            seccompProfile_baseline: "1.0",
            sysctls: "1.0",
            windowsHostProcess: "1.0",
            restrictedVolumes: "1.0",
            allowPrivilegeEscalation: "1.8",
            runAsNonRoot: "1.0",
            runAsUser: "1.23",
            seccompProfile_restricted: "1.19",
            capabilities_restricted: "1.22",
            procMount_restricted: "1.35",
        });
    });
    it("records which baseline check each restricted revision replaces", () => {
        const overrides = PSS_CHECKS.flatMap((c) => c.versions.map((v) => `${c.id}@${v.minVersion}: ${(v.overrides ?? []).join(",")}`));
        expect(overrides.filter((o) => !o.endsWith(": "))).to.deep.equal([
            "restrictedVolumes@1.0: hostPathVolumes",
            "seccompProfile_restricted@1.19: seccompProfile_baseline",
            "seccompProfile_restricted@1.25: seccompProfile_baseline",
            "capabilities_restricted@1.22: capabilities_baseline",
            "capabilities_restricted@1.25: capabilities_baseline",
            "procMount_restricted@1.35: procMount",
        ]);
    });
    it("refuses an unknown check id, naming it", () => {
        expect(() => pssCheck("hostNetwork" as CheckId)).to.throw("unknown Pod Security Standards check hostNetwork");
        expect(pssCheck("sysctls").id).to.equal("sysctls");
    });
});

describe("hostNamespaces", () => {
    const message = (what: string, key: string) => `${POD} must not share the host ${what} namespace; remove ${key} or set it to false.`;
    it("rejects each of hostNetwork, hostPID and hostIPC, naming the namespace", () => {
        expect(check("hostNamespaces", pod(undefined, { hostNetwork: true, hostPID: true, hostIPC: true })).violations).to.deep.equal([
            { check: "hostNamespaces", path: ["spec", "hostNetwork"], message: message("network", "hostNetwork") },
            { check: "hostNamespaces", path: ["spec", "hostPID"], message: message("process ID", "hostPID") },
            { check: "hostNamespaces", path: ["spec", "hostIPC"], message: message("IPC", "hostIPC") },
        ]);
        expect(check("hostNamespaces", pod(undefined, { hostIPC: true })).violations.map((v) => v.path)).to.deep.equal([["spec", "hostIPC"]]);
    });
    it("accepts false, and records a value unknown until apply", () => {
        expect(check("hostNamespaces", pod(undefined, { hostNetwork: false, hostPID: false }))).to.deep.equal(clean);
        expect(check("hostNamespaces", pod(undefined, { hostPID: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [["spec", "hostPID"]] });
    });
});

describe("privileged", () => {
    it("rejects privileged: true with the path to the flag", () => {
        expect(check("privileged", pod({ privileged: true })).violations).to.deep.equal([
            { check: "privileged", path: [...C0_KEYS, SC, "privileged"], message: `${C0} must not be privileged; remove securityContext.privileged or set it to false.` },
        ]);
    });
    it("accepts false, records unknown", () => {
        expect(check("privileged", pod({ privileged: false }))).to.deep.equal(clean);
        expect(check("privileged", pod({ privileged: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "privileged"]] });
    });
});

describe("capabilities_baseline", () => {
    it("keeps the baseline list of check_capabilities_baseline.go", () => {
        expect(BASELINE_CAPABILITIES).to.deep.equal(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
    });
    it("accepts each baseline capability alone", () => {
        for (const cap of BASELINE_CAPABILITIES) {
            expect(check("capabilities_baseline", pod({ capabilities: { add: [cap] } })), cap).to.deep.equal(clean);
        }
    });
    it("rejects the others once each, skipping non-strings and recording unknown entries", () => {
        const r = check("capabilities_baseline", pod({ capabilities: { add: ["NET_RAW", "CHOWN", "SYS_ADMIN", "NET_RAW", 5, UNKNOWN, "BPF"] } }));
        expect(r.violations).to.deep.equal([
            {
                check: "capabilities_baseline",
                path: [...C0_KEYS, SC, "capabilities", "add"],
                message: `${C0} must not add capabilities NET_RAW, SYS_ADMIN and BPF; remove them from securityContext.capabilities.add (baseline allows only ${BASELINE_CAPABILITIES.join(", ")}).`,
            },
        ]);
        expect(r.undecided).to.deep.equal([[...C0_KEYS, SC, "capabilities", "add", 5]]);
        expect(check("capabilities_baseline", pod({ capabilities: { add: [5, null] } }))).to.deep.equal(clean);
        expect(check("capabilities_baseline", pod({ capabilities: { add: ["SYS_ADMIN", "NET_RAW"] } })).violations[0].message).to.contain("must not add capabilities SYS_ADMIN and NET_RAW;");
        expect(check("capabilities_baseline", pod({ capabilities: { add: ["SYS_ADMIN"] } })).violations[0].message).to.contain("must not add capabilities SYS_ADMIN;");
    });
});

describe("hostPathVolumes", () => {
    const tail = "; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.";
    it("rejects a hostPath volume, naming it, its index and the path", () => {
        const r = check("hostPathVolumes", pod(undefined, { volumes: [{ name: "tmp", emptyDir: {} }, { name: "root", hostPath: { path: "/" } }, { hostPath: {} }, { name: 7, hostPath: { path: 8 } }] }));
        expect(r.violations).to.deep.equal([
            { check: "hostPathVolumes", path: ["spec", "volumes", 1, "hostPath"], message: `${POD} volume root (volumes[1]) must not be a hostPath volume (/)${tail}` },
            { check: "hostPathVolumes", path: ["spec", "volumes", 2, "hostPath"], message: `${POD} volume (volumes[2]) must not be a hostPath volume${tail}` },
            { check: "hostPathVolumes", path: ["spec", "volumes", 3, "hostPath"], message: `${POD} volume (volumes[3]) must not be a hostPath volume${tail}` },
        ]);
    });
    it("accepts a hostPath: null and a volume that is not an object", () => {
        expect(check("hostPathVolumes", pod(undefined, { volumes: [{ name: "a", hostPath: null, emptyDir: {} }, "b"] }))).to.deep.equal(clean);
    });
});

describe("hostPorts", () => {
    it("rejects a non-zero hostPort in any container kind, naming the port and its index", () => {
        const doc = pod(undefined, {
            initContainers: [{ name: "init", ports: [{ containerPort: 1, hostPort: 0 }, { containerPort: 80, hostPort: 80 }] }],
            ephemeralContainers: [{ name: "debug", ports: [{ hostPort: 9090 }] }],
        });
        doc.spec.containers[0].ports = [{ containerPort: 8080 }, { containerPort: 8080, hostPort: 8080 }, { hostPort: "80" }];
        expect(check("hostPorts", doc).violations).to.deep.equal([
            { check: "hostPorts", path: [...C0_KEYS, "ports", 1, "hostPort"], message: `${C0} must not bind host port 8080 (ports[1]); remove hostPort and expose the port through a Service.` },
            {
                check: "hostPorts",
                path: ["spec", "initContainers", 0, "ports", 1, "hostPort"],
                message: "container spec.initContainers[0] (init) must not bind host port 80 (ports[1]); remove hostPort and expose the port through a Service.",
            },
            {
                check: "hostPorts",
                path: ["spec", "ephemeralContainers", 0, "ports", 0, "hostPort"],
                message: "container spec.ephemeralContainers[0] (debug) must not bind host port 9090 (ports[0]); remove hostPort and expose the port through a Service.",
            },
        ]);
    });
    it("records a hostPort unknown until apply", () => {
        const doc = pod();
        doc.spec.containers[0].ports = [{ hostPort: UNKNOWN }];
        expect(check("hostPorts", doc)).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, "ports", 0, "hostPort"]] });
    });
});

describe("hostProbesAndHostLifecycle", () => {
    const handlers: [string[], string][] = [
        [["livenessProbe"], "livenessProbe"],
        [["readinessProbe"], "readinessProbe"],
        [["startupProbe"], "startupProbe"],
        [["lifecycle", "postStart"], "lifecycle.postStart"],
        [["lifecycle", "preStop"], "lifecycle.preStop"],
    ];
    for (const [keys, where] of handlers) {
        for (const action of ["httpGet", "tcpSocket"]) {
            it(`rejects a host in ${where}.${action} from 1.34, not before`, () => {
                const container: Doc = { name: "app" };
                let at = container;
                for (const k of keys) {
                    at = at[k] = {};
                }
                at[action] = { host: "169.254.169.254", port: 80 };
                const doc = { spec: { containers: [container] } };
                expect(check("hostProbesAndHostLifecycle", doc).violations).to.deep.equal([
                    {
                        check: "hostProbesAndHostLifecycle",
                        path: [...C0_KEYS, ...keys, action, "host"],
                        message: `${C0} must not send ${where}.${action} to host 169.254.169.254; remove ${where}.${action}.host so that the kubelet connects to the pod itself.`,
                    },
                ]);
                expect(check("hostProbesAndHostLifecycle", doc, "1.33")).to.deep.equal(clean);
            });
        }
    }
    it("accepts an empty host and no host, records an unknown one", () => {
        expect(check("hostProbesAndHostLifecycle", { spec: { containers: [{ name: "app", livenessProbe: { httpGet: { host: "" } }, readinessProbe: { tcpSocket: { port: 1 } } }] } })).to.deep.equal(clean);
        expect(check("hostProbesAndHostLifecycle", { spec: { containers: [{ name: "app", startupProbe: { tcpSocket: { host: UNKNOWN } } }] } })).to.deep.equal({
            violations: [],
            undecided: [[...C0_KEYS, "startupProbe", "tcpSocket", "host"]],
        });
    });
});

describe("appArmorProfile", () => {
    const podKeys = ["spec", SC, "appArmorProfile"];
    const fieldMessage = (who: string, type: string) =>
        `${who} must not use AppArmor profile type ${type}; set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or leave appArmorProfile unset.`;
    it("rejects a type other than RuntimeDefault and Localhost, on the pod and on a container", () => {
        expect(check("appArmorProfile", pod({ appArmorProfile: { type: "Unconfined" } }, { securityContext: { appArmorProfile: { type: "runtimedefault" } } })).violations).to.deep.equal([
            { check: "appArmorProfile", path: [...podKeys, "type"], message: fieldMessage(POD, "runtimedefault") },
            { check: "appArmorProfile", path: [...C0_KEYS, SC, "appArmorProfile", "type"], message: fieldMessage(C0, "Unconfined") },
        ]);
    });
    it("rejects a profile without a type or with an empty one, shown as unset", () => {
        expect(check("appArmorProfile", pod({ appArmorProfile: {} })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
        expect(check("appArmorProfile", pod({ appArmorProfile: { type: "" } })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
        expect(check("appArmorProfile", pod({ appArmorProfile: { type: 3 } })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
    });
    it("accepts RuntimeDefault and Localhost, and no profile", () => {
        for (const type of ["RuntimeDefault", "Localhost"]) {
            expect(check("appArmorProfile", pod({ appArmorProfile: { type } }, { securityContext: { appArmorProfile: { type } } })), type).to.deep.equal(clean);
        }
        expect(check("appArmorProfile", pod({}))).to.deep.equal(clean);
    });
    it("records a profile or a type unknown until apply, without failing", () => {
        expect(check("appArmorProfile", pod(undefined, { securityContext: { appArmorProfile: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [podKeys] });
        expect(check("appArmorProfile", pod({ appArmorProfile: { type: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "appArmorProfile", "type"]] });
    });

    describe("the beta annotations", () => {
        const key = "container.apparmor.security.beta.kubernetes.io/app";
        const annotated = (annotations: unknown) => check("appArmorProfile", pod(undefined, {}, annotations as Doc));
        it("rejects a value other than runtime/default and localhost/<profile>, naming the annotation", () => {
            expect(annotated({ annotations: { [key]: "unconfined" } }).violations).to.deep.equal([
                {
                    check: "appArmorProfile",
                    path: ["metadata", "annotations", key],
                    message: `${POD} annotation ${key} must not be unconfined; use runtime/default or localhost/<profile>, or set securityContext.appArmorProfile instead.`,
                },
            ]);
            for (const value of ["runtime/default/x", "docker/default", "profiles/localhost/", "localhost"]) {
                expect(annotated({ annotations: { [key]: value } }).violations, value).to.have.length(1);
            }
        });
        it("accepts runtime/default, localhost/<profile> and an empty value; ignores other annotations and non-string values", () => {
            for (const value of ["runtime/default", "localhost/k8s-apparmor-example", ""]) {
                expect(annotated({ annotations: { [key]: value } }), value).to.deep.equal(clean);
            }
            expect(annotated({ annotations: { "apparmor.example.com/app": "unconfined", "container.apparmor.security.beta.kubernetes.io": "unconfined" } })).to.deep.equal(clean);
            expect(annotated({ annotations: { [key]: 1 } })).to.deep.equal(clean);
            expect(annotated({ annotations: "x" })).to.deep.equal(clean);
        });
        it("records an annotation value, or all annotations, unknown until apply", () => {
            expect(annotated({ annotations: { [key]: UNKNOWN, other: UNKNOWN } })).to.deep.equal({ violations: [], undecided: [["metadata", "annotations", key]] });
            expect(annotated({ annotations: UNKNOWN })).to.deep.equal({ violations: [], undecided: [["metadata", "annotations"]] });
        });
    });
});

describe("seLinuxOptions", () => {
    it("keeps the types of check_seLinuxOptions.go, container_engine_t from 1.31", () => {
        expect(SELINUX_TYPES_1_0).to.deep.equal(["container_t", "container_init_t", "container_kvm_t"]);
        expect(SELINUX_TYPES_1_31).to.deep.equal(["container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);
    });
    it("accepts each allowed type (and an unset or empty one) on the pod and a container", () => {
        for (const type of [...SELINUX_TYPES_1_31, "", undefined]) {
            expect(check("seLinuxOptions", pod({ seLinuxOptions: { type } }, { securityContext: { seLinuxOptions: { type, level: "s0:c123,c456" } } })), String(type)).to.deep.equal(clean);
        }
        for (const type of SELINUX_TYPES_1_0) {
            expect(check("seLinuxOptions", pod({ seLinuxOptions: { type } }), "1.30"), type).to.deep.equal(clean);
        }
    });
    it("rejects another type, naming the allowed ones of the version (container_engine_t only from 1.31)", () => {
        expect(check("seLinuxOptions", pod(undefined, { securityContext: { seLinuxOptions: { type: "spc_t" } } })).violations).to.deep.equal([
            {
                check: "seLinuxOptions",
                path: ["spec", SC, "seLinuxOptions", "type"],
                message: `${POD} must not use SELinux type spc_t; use container_t, container_init_t, container_kvm_t or container_engine_t, or leave securityContext.seLinuxOptions.type unset.`,
            },
        ]);
        expect(check("seLinuxOptions", pod({ seLinuxOptions: { type: "container_engine_t" } }), "1.30").violations).to.deep.equal([
            {
                check: "seLinuxOptions",
                path: [...C0_KEYS, SC, "seLinuxOptions", "type"],
                message: `${C0} must not use SELinux type container_engine_t; use container_t, container_init_t or container_kvm_t, or leave securityContext.seLinuxOptions.type unset.`,
            },
        ]);
    });
    it("rejects a user and a role, each on its own path", () => {
        expect(check("seLinuxOptions", pod({ seLinuxOptions: { user: "system_u", role: "sysadm_r" } })).violations).to.deep.equal([
            { check: "seLinuxOptions", path: [...C0_KEYS, SC, "seLinuxOptions", "user"], message: `${C0} must not set securityContext.seLinuxOptions.user; remove it.` },
            { check: "seLinuxOptions", path: [...C0_KEYS, SC, "seLinuxOptions", "role"], message: `${C0} must not set securityContext.seLinuxOptions.role; remove it.` },
        ]);
        expect(check("seLinuxOptions", pod(undefined, { securityContext: { seLinuxOptions: { role: "r" } } })).violations.map((v) => v.path)).to.deep.equal([["spec", SC, "seLinuxOptions", "role"]]);
    });
    it("records unknown options once (not their fields) and ignores options that are not an object", () => {
        expect(check("seLinuxOptions", pod({ seLinuxOptions: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "seLinuxOptions"]] });
        expect(check("seLinuxOptions", pod({ seLinuxOptions: { type: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "seLinuxOptions", "type"]] });
        expect(check("seLinuxOptions", pod({ seLinuxOptions: "spc_t" }))).to.deep.equal(clean);
    });
    it("accepts an empty user and role, and ignores non-string values", () => {
        expect(check("seLinuxOptions", pod({ seLinuxOptions: { user: "", role: "", type: "" } }))).to.deep.equal(clean);
        expect(check("seLinuxOptions", pod({ seLinuxOptions: { user: 1, role: 2, type: 3 } }))).to.deep.equal(clean);
    });
});

describe("procMount and procMount_restricted", () => {
    const message = (shown: string) => `${C0} must use the default /proc mount, not ${shown}; remove securityContext.procMount or set it to Default.`;
    const keys = [...C0_KEYS, SC, "procMount"];
    it("rejects any type but Default, an empty one by name", () => {
        expect(check("procMount", pod({ procMount: "Unmasked" })).violations).to.deep.equal([{ check: "procMount", path: keys, message: message("Unmasked") }]);
        expect(check("procMount", pod({ procMount: "" })).violations).to.deep.equal([{ check: "procMount", path: keys, message: message("an empty type") }]);
        expect(check("procMount", pod({ procMount: "Default" }))).to.deep.equal(clean);
        expect(check("procMount", pod({ procMount: 1 }))).to.deep.equal(clean);
        expect(check("procMount", pod({ procMount: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [keys] });
    });
    it("baseline exempts a pod in a user namespace from 1.35 only; undecided while hostUsers is unknown", () => {
        expect(check("procMount", pod({ procMount: "Unmasked" }, { hostUsers: false }))).to.deep.equal(clean);
        expect(check("procMount", pod({ procMount: "Unmasked" }, { hostUsers: false }), "1.34").violations).to.deep.equal([{ check: "procMount", path: keys, message: message("Unmasked") }]);
        expect(check("procMount", pod({ procMount: "Unmasked" }, { hostUsers: true })).violations).to.have.length(1);
        expect(check("procMount", pod({ procMount: "Unmasked" }, { hostUsers: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [["spec", "hostUsers"]] });
        // Nothing to exempt: an unknown hostUsers does not matter.
        expect(check("procMount", pod({ procMount: "Default" }, { hostUsers: UNKNOWN }))).to.deep.equal(clean);
    });
    it("restricted rejects it from 1.35 whatever hostUsers says", () => {
        expect(check("procMount_restricted", pod({ procMount: "Unmasked" }, { hostUsers: false })).violations).to.deep.equal([{ check: "procMount_restricted", path: keys, message: message("Unmasked") }]);
        expect(check("procMount_restricted", pod({ procMount: "Unmasked" }), "1.34")).to.deep.equal(clean);
    });
});

describe("seccompProfile_baseline", () => {
    const fieldMessage = (who: string, type: string) => `${who} must not use seccomp profile type ${type}; set securityContext.seccompProfile.type: RuntimeDefault (or Localhost).`;
    it("from 1.19 rejects an explicit type other than RuntimeDefault and Localhost, on the pod and on a container", () => {
        expect(check("seccompProfile_baseline", pod({ seccompProfile: { type: "Unconfined" } }, { securityContext: { seccompProfile: { type: "unconfined" } } }), "1.19").violations).to.deep.equal([
            { check: "seccompProfile_baseline", path: ["spec", SC, "seccompProfile", "type"], message: fieldMessage(POD, "unconfined") },
            { check: "seccompProfile_baseline", path: [...C0_KEYS, SC, "seccompProfile", "type"], message: fieldMessage(C0, "Unconfined") },
        ]);
        expect(check("seccompProfile_baseline", pod({ seccompProfile: {} })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
        expect(check("seccompProfile_baseline", pod({ seccompProfile: { type: "" } })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
        expect(check("seccompProfile_baseline", pod({ seccompProfile: { type: 3 } })).violations.map((v) => v.message)).to.deep.equal([fieldMessage(C0, "unset")]);
    });
    it("accepts RuntimeDefault, Localhost and no profile; records unknowns", () => {
        for (const type of ["RuntimeDefault", "Localhost"]) {
            expect(check("seccompProfile_baseline", pod({ seccompProfile: { type } }, { securityContext: { seccompProfile: { type } } })), type).to.deep.equal(clean);
        }
        expect(check("seccompProfile_baseline", pod())).to.deep.equal(clean);
        expect(check("seccompProfile_baseline", pod({ seccompProfile: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "seccompProfile"]] });
        expect(check("seccompProfile_baseline", pod({ seccompProfile: { type: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "seccompProfile", "type"]] });
    });

    describe("before 1.19: the alpha annotations", () => {
        const POD_KEY = "seccomp.security.alpha.kubernetes.io/pod";
        const APP_KEY = "container.seccomp.security.alpha.kubernetes.io/app";
        const old = (annotations: unknown, sc?: Doc) => check("seccompProfile_baseline", pod(sc, {}, { annotations }), "1.18");
        const message = (key: string, value: string) => `${POD} annotation ${key} must not be ${value}; use runtime/default or localhost/<profile>.`;
        it("rejects the pod annotation and a container's annotation set to anything else (empty included)", () => {
            expect(old({ [POD_KEY]: "unconfined", [APP_KEY]: "" }).violations).to.deep.equal([
                { check: "seccompProfile_baseline", path: ["metadata", "annotations", POD_KEY], message: message(POD_KEY, "unconfined") },
                { check: "seccompProfile_baseline", path: ["metadata", "annotations", APP_KEY], message: message(APP_KEY, "") },
            ]);
            for (const value of ["runtime/default2", "docker/defaults", "my/localhost/x", "localhost"]) {
                expect(old({ [APP_KEY]: value }).violations, value).to.have.length(1);
            }
        });
        it("accepts runtime/default, docker/default and localhost/<profile>", () => {
            for (const value of ["runtime/default", "docker/default", "localhost/profile.json"]) {
                expect(old({ [POD_KEY]: value, [APP_KEY]: value }), value).to.deep.equal(clean);
            }
        });
        it("ignores annotations of containers the pod does not have, other keys and non-string values", () => {
            expect(old({ "container.seccomp.security.alpha.kubernetes.io/other": "unconfined" })).to.deep.equal(clean);
            expect(old({ "seccomp.security.alpha.kubernetes.io/pods": "unconfined", "x/app": "unconfined", [POD_KEY]: 1 })).to.deep.equal(clean);
            expect(old("unconfined")).to.deep.equal(clean);
            expect(old(undefined)).to.deep.equal(clean);
        });
        it("records an annotation unknown until apply", () => {
            expect(old({ [POD_KEY]: UNKNOWN })).to.deep.equal({ violations: [], undecided: [["metadata", "annotations", POD_KEY]] });
        });
        it("does not read the fields before 1.19, nor the annotations from 1.19", () => {
            expect(old({}, { seccompProfile: { type: "Unconfined" } })).to.deep.equal(clean);
            expect(check("seccompProfile_baseline", pod(undefined, {}, { annotations: { [POD_KEY]: "unconfined" } }), "1.19")).to.deep.equal(clean);
        });
    });
});

describe("sysctls", () => {
    it("keeps the safe sets of check_sysctls.go per version", () => {
        expect(SAFE_SYSCTLS_1_0).to.deep.equal(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"]);
        expect(SAFE_SYSCTLS_1_27.slice(SAFE_SYSCTLS_1_0.length)).to.deep.equal(["net.ipv4.ip_local_reserved_ports"]);
        expect(SAFE_SYSCTLS_1_29.slice(SAFE_SYSCTLS_1_27.length)).to.deep.equal(["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);
        expect(SAFE_SYSCTLS_1_32.slice(SAFE_SYSCTLS_1_29.length)).to.deep.equal(["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]);
        expect(SAFE_SYSCTLS_1_37.slice(SAFE_SYSCTLS_1_32.length)).to.deep.equal(["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]);
    });
    const sysctl = (names: unknown[], version: string) => check("sysctls", pod(undefined, { securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) } }), version);
    // Each safe sysctl is accepted alone from the version that added it, and rejected the version before.
    const added: [string, string, string[]][] = [
        ["1.0", "1.0", SAFE_SYSCTLS_1_0],
        ["1.27", "1.26", SAFE_SYSCTLS_1_27.slice(SAFE_SYSCTLS_1_0.length)],
        ["1.29", "1.28", SAFE_SYSCTLS_1_29.slice(SAFE_SYSCTLS_1_27.length)],
        ["1.32", "1.31", SAFE_SYSCTLS_1_32.slice(SAFE_SYSCTLS_1_29.length)],
        ["1.37", "1.36", SAFE_SYSCTLS_1_37.slice(SAFE_SYSCTLS_1_32.length)],
    ];
    for (const [from, before, names] of added) {
        it(`accepts ${names.join(", ")} from ${from}${from === "1.0" ? "" : `, not on ${before}`}`, () => {
            for (const name of names) {
                expect(sysctl([name], from), `${name}@${from}`).to.deep.equal(clean);
                expect(sysctl([name], "1.40"), `${name}@1.40`).to.deep.equal(clean);
                if (from !== "1.0") {
                    expect(sysctl([name], before).violations, `${name}@${before}`).to.have.length(1);
                }
            }
        });
    }
    it("rejects the unsafe ones once each in one violation, listing the safe set of the version", () => {
        expect(sysctl(["kernel.msgmax", "net.ipv4.tcp_syncookies", "kernel.msgmax", "kernel.sem"], "1.35").violations).to.deep.equal([
            {
                check: "sysctls",
                path: ["spec", SC, "sysctls"],
                message:
                    `${POD} must not set unsafe sysctls kernel.msgmax and kernel.sem; remove them from securityContext.sysctls (the baseline allows kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ` +
                    "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, " +
                    "net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem and net.ipv4.tcp_wmem).",
            },
        ]);
    });
    it("skips entries that are not objects or have no string name; records an unknown name", () => {
        expect(check("sysctls", pod(undefined, { securityContext: { sysctls: ["kernel.msgmax", { value: "1" }, { name: 5 }] } }))).to.deep.equal(clean);
        expect(sysctl([UNKNOWN], "1.35")).to.deep.equal({ violations: [], undecided: [["spec", SC, "sysctls", 0, "name"]] });
    });
});

describe("windowsHostProcess", () => {
    it("rejects hostProcess on the pod and on a container, each on its path", () => {
        expect(check("windowsHostProcess", pod({ windowsOptions: { hostProcess: true } }, { securityContext: { windowsOptions: { hostProcess: true } } })).violations).to.deep.equal([
            {
                check: "windowsHostProcess",
                path: ["spec", SC, "windowsOptions", "hostProcess"],
                message: `${POD} must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess or set it to false.`,
            },
            {
                check: "windowsHostProcess",
                path: [...C0_KEYS, SC, "windowsOptions", "hostProcess"],
                message: `${C0} must not run as a Windows HostProcess container; remove securityContext.windowsOptions.hostProcess or set it to false.`,
            },
        ]);
    });
    it("accepts hostProcess false", () => {
        expect(check("windowsHostProcess", pod({ windowsOptions: { hostProcess: false } }, { securityContext: { windowsOptions: { hostProcess: false } } }))).to.deep.equal(clean);
    });
});

describe("restrictedVolumes", () => {
    const volumes = (...list: unknown[]) => check("restrictedVolumes", pod(undefined, { volumes: list }));
    it("keeps the allowed types of check_restrictedVolumes.go and accepts each", () => {
        expect(RESTRICTED_VOLUME_TYPES).to.deep.equal(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"]);
        for (const type of RESTRICTED_VOLUME_TYPES) {
            expect(volumes({ name: "v", [type]: {} }), type).to.deep.equal(clean);
        }
    });
    it("rejects every other type, naming the volume, its index and the type", () => {
        const tail = "use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.";
        expect(volumes({ name: "tmp", emptyDir: {} }, { name: "share", nfs: { server: "x", path: "/" } }, { awsElasticBlockStore: { volumeID: "v" } }, { name: 3, hostPath: { path: "/" } }).violations).to.deep.equal([
            { check: "restrictedVolumes", path: ["spec", "volumes", 1, "nfs"], message: `${POD} volume share (volumes[1]) must use an allowed volume type, not nfs; ${tail}` },
            { check: "restrictedVolumes", path: ["spec", "volumes", 2, "awsElasticBlockStore"], message: `${POD} volume (volumes[2]) must use an allowed volume type, not awsElasticBlockStore; ${tail}` },
            { check: "restrictedVolumes", path: ["spec", "volumes", 3, "hostPath"], message: `${POD} volume (volumes[3]) must use an allowed volume type, not hostPath; ${tail}` },
        ]);
        for (const type of ["hostPath", "gcePersistentDisk", "iscsi", "rbd", "cephfs", "flexVolume", "azureDisk", "glusterfs", "fc", "portworxVolume"]) {
            expect(volumes({ name: "v", [type]: {} }).violations, type).to.have.length(1);
        }
    });
    it("accepts a volume with no source (the API defaults it to emptyDir), null sources ignored, and one with an allowed source among others (admission's switch)", () => {
        expect(volumes({ name: "v" }, { name: "w", nfs: null, hostPath: undefined }, { name: "x", configMap: { name: "c" }, nfs: { server: "s" } })).to.deep.equal(clean);
        expect(volumes({ name: "v", nfs: null, emptyDir: {} })).to.deep.equal(clean);
        expect(volumes({ name: "v", nfs: {}, emptyDir: null }).violations.map((v) => v.path)).to.deep.equal([["spec", "volumes", 0, "nfs"]]);
    });
    it("does not judge a volume entry that is not an object", () => {
        expect(volumes("nfs")).to.deep.equal(clean);
    });
});

describe("allowPrivilegeEscalation", () => {
    const keys = [...C0_KEYS, SC, "allowPrivilegeEscalation"];
    it("rejects true, and unset (which means true) as a required field", () => {
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true })).violations).to.deep.equal([
            { check: "allowPrivilegeEscalation", path: keys, message: `${C0} must not allow privilege escalation; set securityContext.allowPrivilegeEscalation: false.` },
        ]);
        expect(check("allowPrivilegeEscalation", pod()).violations).to.deep.equal([
            { check: "allowPrivilegeEscalation", path: keys, unset: true, message: `${C0} must set securityContext.allowPrivilegeEscalation: false (unset means true).` },
        ]);
    });
    it("accepts false; records unknown", () => {
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: false }))).to.deep.equal(clean);
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [keys] });
    });
    it("exempts Windows pods from 1.25 only, and is undecided while os.name is unknown", () => {
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true }, { os: { name: "windows" } }))).to.deep.equal(clean);
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true }, { os: { name: "windows" } }), "1.24").violations).to.have.length(1);
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true }, { os: { name: "linux" } })).violations).to.have.length(1);
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true }, { os: { name: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [["spec", "os", "name"]] });
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: false }, { os: { name: UNKNOWN } }))).to.deep.equal(clean);
        expect(check("allowPrivilegeEscalation", pod({ allowPrivilegeEscalation: true }), "1.7")).to.deep.equal(clean);
    });
});

describe("runAsNonRoot", () => {
    const bad = (who: string) => `${who} must run as non-root; set securityContext.runAsNonRoot: true (it is false).`;
    const unset = (who: string) => `${who} must run as non-root; set securityContext.runAsNonRoot: true on the pod or the container.`;
    const podKeys = ["spec", SC, "runAsNonRoot"];
    const cKeys = [...C0_KEYS, SC, "runAsNonRoot"];
    it("accepts true on the pod or on every container", () => {
        expect(check("runAsNonRoot", pod(undefined, { securityContext: { runAsNonRoot: true } }))).to.deep.equal(clean);
        expect(check("runAsNonRoot", pod({ runAsNonRoot: true }))).to.deep.equal(clean);
    });
    it("rejects a container that sets nothing when the pod sets nothing (a required field)", () => {
        expect(check("runAsNonRoot", pod()).violations).to.deep.equal([{ check: "runAsNonRoot", path: cKeys, unset: true, message: unset(C0) }]);
    });
    it("rejects false on the pod (even when containers say true) and on a container, and then only the explicit ones", () => {
        expect(check("runAsNonRoot", pod({ runAsNonRoot: true }, { securityContext: { runAsNonRoot: false } })).violations).to.deep.equal([{ check: "runAsNonRoot", path: podKeys, message: bad(POD) }]);
        const doc = pod({ runAsNonRoot: false });
        doc.spec.initContainers = [{ name: "init" }];
        expect(check("runAsNonRoot", doc).violations).to.deep.equal([{ check: "runAsNonRoot", path: cKeys, message: bad(C0) }]);
        expect(check("runAsNonRoot", pod({ runAsNonRoot: "true" })).violations).to.deep.equal([{ check: "runAsNonRoot", path: cKeys, message: bad(C0) }]);
    });
    it("records the pod's value when it is unknown and a container relies on it; records a container's unknown value", () => {
        expect(check("runAsNonRoot", pod(undefined, { securityContext: { runAsNonRoot: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [podKeys] });
        expect(check("runAsNonRoot", pod({ runAsNonRoot: true }, { securityContext: { runAsNonRoot: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [podKeys] });
        expect(check("runAsNonRoot", pod({ runAsNonRoot: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [cKeys] });
    });
    it("exempts a pod in a user namespace from 1.35 only", () => {
        expect(check("runAsNonRoot", pod(undefined, { hostUsers: false }))).to.deep.equal(clean);
        expect(check("runAsNonRoot", pod(undefined, { hostUsers: false }), "1.34").violations).to.have.length(1);
    });
});

describe("runAsUser", () => {
    it("rejects UID 0 on the pod and on a container, from 1.23", () => {
        const doc = pod({ runAsUser: 0 }, { securityContext: { runAsUser: 0 } });
        expect(check("runAsUser", doc).violations).to.deep.equal([
            { check: "runAsUser", path: ["spec", SC, "runAsUser"], message: `${POD} must not set securityContext.runAsUser: 0; use a non-zero UID.` },
            { check: "runAsUser", path: [...C0_KEYS, SC, "runAsUser"], message: `${C0} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.` },
        ]);
        expect(check("runAsUser", doc, "1.23").violations).to.have.length(2);
        expect(check("runAsUser", doc, "1.22")).to.deep.equal(clean);
    });
    it("accepts a non-zero UID; exempts a user namespace from 1.35", () => {
        expect(check("runAsUser", pod({ runAsUser: 1000 }, { securityContext: { runAsUser: 1 } }))).to.deep.equal(clean);
        expect(check("runAsUser", pod({ runAsUser: 0 }, { hostUsers: false }))).to.deep.equal(clean);
        expect(check("runAsUser", pod({ runAsUser: 0 }, { hostUsers: false }), "1.34").violations).to.have.length(1);
    });
});

describe("seccompProfile_restricted", () => {
    const bad = (who: string) => `${who} must use seccomp profile type RuntimeDefault or Localhost; set securityContext.seccompProfile.type: RuntimeDefault.`;
    const unset = (who: string) => `${who} must set a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`;
    const podKeys = ["spec", SC, "seccompProfile"];
    const cKeys = [...C0_KEYS, SC, "seccompProfile"];
    it("accepts RuntimeDefault or Localhost on the pod, or on the container alone", () => {
        for (const type of ["RuntimeDefault", "Localhost"]) {
            expect(check("seccompProfile_restricted", pod(undefined, { securityContext: { seccompProfile: { type } } })), type).to.deep.equal(clean);
            expect(check("seccompProfile_restricted", pod({ seccompProfile: { type } })), type).to.deep.equal(clean);
        }
    });
    it("rejects no profile anywhere, a bad or missing type (explicit ones first)", () => {
        expect(check("seccompProfile_restricted", pod()).violations).to.deep.equal([{ check: "seccompProfile_restricted", path: cKeys, unset: true, message: unset(C0) }]);
        expect(check("seccompProfile_restricted", pod({ seccompProfile: {} })).violations).to.deep.equal([{ check: "seccompProfile_restricted", path: cKeys, message: bad(C0) }]);
        expect(check("seccompProfile_restricted", pod({ seccompProfile: { type: "RuntimeDefault" } }, { securityContext: { seccompProfile: { type: "Unconfined" } } })).violations).to.deep.equal([
            { check: "seccompProfile_restricted", path: podKeys, message: bad(POD) },
        ]);
    });
    it("records an unknown profile or type instead of judging it", () => {
        expect(check("seccompProfile_restricted", pod(undefined, { securityContext: { seccompProfile: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [podKeys] });
        expect(check("seccompProfile_restricted", pod(undefined, { securityContext: { seccompProfile: { type: UNKNOWN } } }))).to.deep.equal({ violations: [], undecided: [[...podKeys, "type"], podKeys] });
        expect(check("seccompProfile_restricted", pod({ seccompProfile: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [cKeys] });
    });
    it("exempts Windows pods from 1.25; not in force before 1.19", () => {
        expect(check("seccompProfile_restricted", pod(undefined, { os: { name: "windows" } }))).to.deep.equal(clean);
        expect(check("seccompProfile_restricted", pod(undefined, { os: { name: "windows" } }), "1.24").violations).to.have.length(1);
        expect(check("seccompProfile_restricted", pod(), "1.18")).to.deep.equal(clean);
    });
});

describe("capabilities_restricted", () => {
    const dropKeys = [...C0_KEYS, SC, "capabilities", "drop"];
    const DROP = `${C0} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`;
    it("accepts drop ALL (among others) and adding NET_BIND_SERVICE", () => {
        expect(check("capabilities_restricted", pod({ capabilities: { drop: ["NET_RAW", "ALL"], add: ["NET_BIND_SERVICE"] } }))).to.deep.equal(clean);
    });
    it("rejects a drop list without ALL, and no capabilities at all as a required field", () => {
        expect(check("capabilities_restricted", pod({ capabilities: { drop: ["NET_RAW", "all"] } })).violations).to.deep.equal([
            { check: "capabilities_restricted", path: dropKeys, unset: false, message: DROP },
        ]);
        expect(check("capabilities_restricted", pod()).violations).to.deep.equal([{ check: "capabilities_restricted", path: dropKeys, unset: true, message: DROP }]);
    });
    it("rejects added capabilities outside the allowed list, once each, naming the list (or none)", () => {
        const sc = { capabilities: { drop: ["ALL"], add: ["CHOWN", "NET_RAW", "CHOWN", "NET_BIND_SERVICE"] } };
        expect(check("capabilities_restricted", pod(sc)).violations).to.deep.equal([
            {
                check: "capabilities_restricted",
                path: [...C0_KEYS, SC, "capabilities", "add"],
                message: `${C0} must not add capabilities CHOWN and NET_RAW; remove them from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).`,
            },
        ]);
        expect(check("capabilities_restricted", pod(sc), "1.35", { restrictedAddableCapabilities: ["CHOWN", "NET_RAW"] }).violations.map((v) => v.message)).to.deep.equal([
            `${C0} must not add capabilities NET_BIND_SERVICE; remove them from securityContext.capabilities.add (allowed: CHOWN, NET_RAW).`,
        ]);
        expect(check("capabilities_restricted", pod(sc), "1.35", { restrictedAddableCapabilities: [] }).violations.map((v) => v.message)).to.deep.equal([
            `${C0} must not add capabilities CHOWN, NET_RAW and NET_BIND_SERVICE; remove them from securityContext.capabilities.add (allowed: none).`,
        ]);
    });
    it("records unknown capabilities, an unknown drop list or an unknown drop entry instead of failing", () => {
        expect(check("capabilities_restricted", pod({ capabilities: UNKNOWN }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "capabilities"]] });
        expect(check("capabilities_restricted", pod({ capabilities: { drop: UNKNOWN } }))).to.deep.equal({ violations: [], undecided: [dropKeys] });
        expect(check("capabilities_restricted", pod({ capabilities: { drop: ["NET_RAW", UNKNOWN] } }))).to.deep.equal({ violations: [], undecided: [[...dropKeys, 1]] });
        expect(check("capabilities_restricted", pod({ capabilities: { drop: ["ALL"], add: [UNKNOWN] } }))).to.deep.equal({ violations: [], undecided: [[...C0_KEYS, SC, "capabilities", "add", 0]] });
    });
    it("exempts Windows pods from 1.25; not in force before 1.22", () => {
        expect(check("capabilities_restricted", pod(undefined, { os: { name: "windows" } }))).to.deep.equal(clean);
        expect(check("capabilities_restricted", pod(undefined, { os: { name: "windows" } }), "1.24").violations).to.have.length(1);
        expect(check("capabilities_restricted", pod(), "1.21")).to.deep.equal(clean);
    });
});
