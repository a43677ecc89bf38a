import { expect } from "chai";
import { pssValidation, pssValidations } from "../../../policy-packs/kubernetes-baseline/admission";
import {
    BASELINE_CAPABILITIES,
    CheckId,
    CheckOptions,
    evaluatePod,
    pssCheck,
    RESTRICTED_VOLUME_TYPES,
    SAFE_SYSCTLS_1_0,
    SAFE_SYSCTLS_1_27,
    SAFE_SYSCTLS_1_29,
    SAFE_SYSCTLS_1_32,
    SAFE_SYSCTLS_1_37,
} from "../../../policy-packs/kubernetes-baseline/pss";
import { asKind, evaluatePodValidations } from "./admission-harness";

/**
 * The Pod Security checks as CEL (admission/pss-cel.ts), one condition at a time (issue #15):
 * each field each check reads, on the pod and on the container, each list element, each version
 * boundary, and the exemptions (Windows pods, user namespaces), with the exact message the API
 * server returns. Every case is also run through the pack's own check table (../pss), which must
 * agree: admission-pss.test.ts does that on Kubernetes' fixtures, these are the cases the fixtures
 * leave out.
 */

type Pod = { metadata?: Record<string, any>; spec: Record<string, any> };

/** The CEL's failure messages for a Pod at a version, after checking the pack agrees on pass or fail. */
function cel(id: CheckId, pod: Pod, version = "1.33", options: CheckOptions = {}): string[] {
    const doc = asKind("Pod", pod);
    const messages = evaluatePodValidations([pssValidation(id, version, options)], doc).map((f) => f.message);
    const pack = evaluatePod(doc, pssCheck(id).level, version, options).violations.filter((v) => v.check === id);
    expect(pack.length > 0, `the pack's ${id} at ${version} on ${JSON.stringify(pod)}`).to.equal(messages.length > 0);
    return messages;
}

const at = (id: CheckId, version = "1.33") => `Pod Security ${pssCheck(id).level} check ${id} (Kubernetes ${version})`;
const c = (securityContext: Record<string, any>, extra: Record<string, any> = {}) => ({ name: "app", securityContext, ...extra });
const spec = (s: Record<string, any>) => ({ spec: { containers: [{ name: "app" }], ...s } });
const container = (securityContext: Record<string, any>, extra: Record<string, any> = {}) => ({ spec: { containers: [c(securityContext, extra)] } });

describe("Pod Security as CEL: hostNamespaces, privileged, hostPorts, hostPathVolumes", () => {
    it("refuses each of hostNetwork, hostPID and hostIPC; admits them false", () => {
        const msg = `${at("hostNamespaces")}: the pod must not share the host's network, PID or IPC namespace; remove hostNetwork, hostPID and hostIPC.`;
        for (const k of ["hostNetwork", "hostPID", "hostIPC"]) {
            expect(cel("hostNamespaces", spec({ [k]: true })), k).to.deep.equal([msg]);
        }
        expect(cel("hostNamespaces", spec({ hostNetwork: false, hostPID: false, hostIPC: false }))).to.deep.equal([]);
    });
    it("refuses a privileged container, naming it; admits privileged: false", () => {
        expect(cel("privileged", container({ privileged: true }))).to.deep.equal([`${at("privileged")}: containers must not be privileged; remove securityContext.privileged; failing containers: app`]);
        expect(cel("privileged", container({ privileged: false }))).to.deep.equal([]);
    });
    it("refuses a host port, admits port 0 and ports without one", () => {
        expect(cel("hostPorts", container({}, { ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }] }))).to.deep.equal([
            `${at("hostPorts")}: containers must not bind host ports; remove hostPort and use a Service; failing containers: app`,
        ]);
        expect(cel("hostPorts", container({}, { ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] }))).to.deep.equal([]);
    });
    it("refuses hostPath volumes, naming each; admits the others", () => {
        const volumes = [{ name: "a", hostPath: { path: "/" } }, { name: "tmp", emptyDir: {} }, { name: "b", hostPath: { path: "/var" } }];
        expect(cel("hostPathVolumes", spec({ volumes }))).to.deep.equal([
            `${at("hostPathVolumes")}: volumes a, b must not be hostPath volumes; use emptyDir, configMap, secret or persistentVolumeClaim volumes.`,
        ]);
        expect(cel("hostPathVolumes", spec({ volumes: [volumes[1]] }))).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: capabilities", () => {
    it("baseline admits every capability of its list at once, refuses any other", () => {
        expect(cel("capabilities_baseline", container({ capabilities: { add: BASELINE_CAPABILITIES } }))).to.deep.equal([]);
        expect(cel("capabilities_baseline", container({ capabilities: { add: ["CHOWN", "SYS_ADMIN"] } }))).to.deep.equal([
            `${at("capabilities_baseline")}: containers may add only ${BASELINE_CAPABILITIES.join(", ")}; failing containers: app`,
        ]);
    });
    it("restricted: ALL must be dropped, only NET_BIND_SERVICE added back by default", () => {
        const msg = `${at("capabilities_restricted")}: containers must drop ALL capabilities and add back only NET_BIND_SERVICE; failing containers: app`;
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }))).to.deep.equal([]);
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["NET_RAW"] } }))).to.deep.equal([msg]);
        expect(cel("capabilities_restricted", container({}))).to.deep.equal([msg]);
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["CHOWN"] } }))).to.deep.equal([msg]);
    });
    it("restricted with the configured list, or none", () => {
        const time = { restrictedAddableCapabilities: ["SYS_TIME"] };
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["SYS_TIME"] } }), "1.33", time)).to.deep.equal([]);
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }), "1.33", time)).to.deep.equal([
            `${at("capabilities_restricted")}: containers must drop ALL capabilities and add back only SYS_TIME; failing containers: app`,
        ]);
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }), "1.33", { restrictedAddableCapabilities: [] })).to.deep.equal([
            `${at("capabilities_restricted")}: containers must drop ALL capabilities and add back only none; failing containers: app`,
        ]);
        const two = { restrictedAddableCapabilities: ["SYS_TIME", "NET_BIND_SERVICE"] };
        expect(cel("capabilities_restricted", container({ capabilities: { drop: ["ALL"], add: ["CHOWN"] } }), "1.33", two)).to.deep.equal([
            `${at("capabilities_restricted")}: containers must drop ALL capabilities and add back only SYS_TIME, NET_BIND_SERVICE; failing containers: app`,
        ]);
        expect(pssValidations("restricted", "1.33", time).find((v) => v.check === "capabilities_restricted")!.message).to.contain("add back only SYS_TIME");
    });
    it("restricted exempts a Windows pod", () => {
        expect(cel("capabilities_restricted", { spec: { os: { name: "windows" }, containers: [c({})] } })).to.deep.equal([]);
        expect(cel("capabilities_restricted", { spec: { os: { name: "linux" }, containers: [c({})] } })).to.have.length(1);
    });
});

describe("Pod Security as CEL: probe and lifecycle hosts (1.34+)", () => {
    const msg = `${at("hostProbesAndHostLifecycle", "1.34")}: probes and lifecycle hooks must not name a host; remove httpGet.host and tcpSocket.host; failing containers: app`;
    for (const handler of ["livenessProbe", "readinessProbe", "startupProbe", "postStart", "preStop"]) {
        for (const action of ["httpGet", "tcpSocket"]) {
            it(`refuses ${handler}.${action}.host, admits it empty`, () => {
                const set = (host: string) => {
                    const h = { [action]: { port: 80, host } };
                    return container({}, handler.startsWith("p") && !handler.endsWith("Probe") ? { lifecycle: { [handler]: h } } : { [handler]: h });
                };
                expect(cel("hostProbesAndHostLifecycle", set("10.0.0.1"), "1.34")).to.deep.equal([msg]);
                expect(cel("hostProbesAndHostLifecycle", set(""), "1.34")).to.deep.equal([]);
            });
        }
    }
});

describe("Pod Security as CEL: AppArmor", () => {
    const msg = `${at("appArmorProfile")}: AppArmor profiles must be RuntimeDefault or Localhost (annotations runtime/default or localhost/<profile>); never Unconfined.`;
    const KEY = "container.apparmor.security.beta.kubernetes.io/app";
    it("refuses Unconfined on the pod or a container; admits RuntimeDefault and Localhost", () => {
        expect(cel("appArmorProfile", spec({ securityContext: { appArmorProfile: { type: "Unconfined" } } }))).to.deep.equal([msg]);
        expect(cel("appArmorProfile", container({ appArmorProfile: { type: "Unconfined" } }))).to.deep.equal([msg]);
        expect(cel("appArmorProfile", spec({ securityContext: { appArmorProfile: { type: "RuntimeDefault" } } }))).to.deep.equal([]);
        expect(cel("appArmorProfile", container({ appArmorProfile: { type: "Localhost", localhostProfile: "p" } }))).to.deep.equal([]);
    });
    it("annotations: refuses unconfined, admits empty, runtime/default and localhost/<profile>, ignores other keys", () => {
        const withAnnotation = (key: string, value: string) => ({ metadata: { annotations: { [key]: value } }, spec: { containers: [{ name: "app" }] } });
        expect(cel("appArmorProfile", withAnnotation(KEY, "unconfined"))).to.deep.equal([msg]);
        expect(cel("appArmorProfile", withAnnotation(KEY, "localhost"))).to.deep.equal([msg]);
        for (const ok of ["", "runtime/default", "localhost/p"]) {
            expect(cel("appArmorProfile", withAnnotation(KEY, ok)), ok).to.deep.equal([]);
        }
        expect(cel("appArmorProfile", withAnnotation("example.com/apparmor", "unconfined"))).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: SELinux", () => {
    const msg = (version = "1.33", types = "container_t, container_init_t, container_kvm_t, container_engine_t") =>
        `${at("seLinuxOptions", version)}: SELinux type must be unset or one of ${types}, and user and role unset.`;
    it("admits each allowed type and an unset one, refuses another type, on the pod and on the container", () => {
        for (const type of ["container_t", "container_init_t", "container_kvm_t", ""]) {
            expect(cel("seLinuxOptions", spec({ securityContext: { seLinuxOptions: { type, level: "s0:c1" } } })), type).to.deep.equal([]);
            expect(cel("seLinuxOptions", container({ seLinuxOptions: { type } })), type).to.deep.equal([]);
        }
        expect(cel("seLinuxOptions", spec({ securityContext: { seLinuxOptions: { type: "spc_t" } } }))).to.deep.equal([msg()]);
        expect(cel("seLinuxOptions", container({ seLinuxOptions: { type: "spc_t" } }))).to.deep.equal([msg()]);
    });
    it("refuses user or role, on the pod and on the container", () => {
        for (const k of ["user", "role"]) {
            expect(cel("seLinuxOptions", spec({ securityContext: { seLinuxOptions: { [k]: "x" } } })), k).to.deep.equal([msg()]);
            expect(cel("seLinuxOptions", container({ seLinuxOptions: { [k]: "x" } })), k).to.deep.equal([msg()]);
        }
    });
    it("container_engine_t from 1.31 only", () => {
        const engine = container({ seLinuxOptions: { type: "container_engine_t" } });
        expect(cel("seLinuxOptions", engine, "1.30")).to.deep.equal([msg("1.30", "container_t, container_init_t, container_kvm_t")]);
        expect(cel("seLinuxOptions", engine, "1.31")).to.deep.equal([]);
        expect(cel("seLinuxOptions", container({ seLinuxOptions: { type: "spc_t" } }), "1.31")).to.deep.equal([msg("1.31")]);
    });
});

describe("Pod Security as CEL: procMount", () => {
    const unmasked = (hostUsers?: boolean) => ({ spec: { ...(hostUsers === undefined ? {} : { hostUsers }), containers: [c({ procMount: "Unmasked" })] } });
    it("baseline refuses Unmasked, admits Default; from 1.35 a pod in a user namespace is exempt", () => {
        expect(cel("procMount", unmasked())).to.deep.equal([`${at("procMount")}: containers must use the default /proc mount; remove securityContext.procMount; failing containers: app`]);
        expect(cel("procMount", container({ procMount: "Default" }))).to.deep.equal([]);
        expect(cel("procMount", unmasked(false), "1.35")).to.deep.equal([]);
        expect(cel("procMount", unmasked(true), "1.35")).to.have.length(1);
        expect(cel("procMount", unmasked(false), "1.34")).to.have.length(1);
    });
    it("restricted (1.35) refuses Unmasked even in a user namespace", () => {
        expect(cel("procMount_restricted", unmasked(false), "1.35")).to.deep.equal([
            `${at("procMount_restricted", "1.35")}: containers must use the default /proc mount even with hostUsers: false; failing containers: app`,
        ]);
        expect(cel("procMount_restricted", container({ procMount: "Default" }), "1.35")).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: seccomp", () => {
    const profile = (type?: string) => (type === undefined ? {} : { seccompProfile: { type } });
    const both = (pod?: string, ctr?: string) => ({ spec: { securityContext: profile(pod), containers: [c(profile(ctr))] } });
    it("baseline: refuses Unconfined on the pod or a container, admits unset, RuntimeDefault and Localhost", () => {
        const msg = `${at("seccompProfile_baseline")}: seccomp profiles must be RuntimeDefault or Localhost; never Unconfined.`;
        expect(cel("seccompProfile_baseline", both("Unconfined"))).to.deep.equal([msg]);
        expect(cel("seccompProfile_baseline", both(undefined, "Unconfined"))).to.deep.equal([msg]);
        expect(cel("seccompProfile_baseline", both())).to.deep.equal([]);
        expect(cel("seccompProfile_baseline", both("RuntimeDefault", "Localhost"))).to.deep.equal([]);
    });
    it("restricted: the pod's profile or each container's; Unconfined anywhere refused; Windows exempt", () => {
        const msg = `${at("seccompProfile_restricted")}: set securityContext.seccompProfile.type to RuntimeDefault or Localhost on the pod or every container.`;
        expect(cel("seccompProfile_restricted", both("RuntimeDefault"))).to.deep.equal([]);
        expect(cel("seccompProfile_restricted", both(undefined, "Localhost"))).to.deep.equal([]);
        expect(cel("seccompProfile_restricted", both())).to.deep.equal([msg]);
        expect(cel("seccompProfile_restricted", both("RuntimeDefault", "Unconfined"))).to.deep.equal([msg]);
        expect(cel("seccompProfile_restricted", both("Unconfined", "RuntimeDefault"))).to.deep.equal([msg]);
        expect(cel("seccompProfile_restricted", { spec: { os: { name: "windows" }, containers: [c({})] } })).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: sysctls, per version", () => {
    const with_ = (...names: string[]) => spec({ securityContext: { sysctls: names.map((name) => ({ name, value: "1" })) } });
    const cases: [string, string[]][] = [
        ["1.25", SAFE_SYSCTLS_1_0],
        ["1.27", SAFE_SYSCTLS_1_27],
        ["1.29", SAFE_SYSCTLS_1_29],
        ["1.32", SAFE_SYSCTLS_1_32],
        ["1.37", SAFE_SYSCTLS_1_37],
    ];
    for (const [version, safe] of cases) {
        it(`${version}: admits each safe sysctl, refuses the next version's and any other, naming them`, () => {
            expect(cel("sysctls", with_(...safe), version)).to.deep.equal([]);
            const next = cases.find(([, s]) => s.length > safe.length)?.[1].find((n) => !safe.includes(n)) ?? "kernel.msgmax";
            expect(cel("sysctls", with_(safe[0], next, "kernel.sem"), version)).to.deep.equal([`${at("sysctls", version)}: sysctls ${next}, kernel.sem are not in the safe set; remove them.`]);
        });
    }
    it("the message without a messageExpression lists the safe set", () => {
        expect(pssValidation("sysctls", "1.32").message).to.equal(`${at("sysctls", "1.32")}: only the safe sysctls ${SAFE_SYSCTLS_1_32.join(", ")} may be set.`);
    });
    it("a sysctl without a name is no violation", () => {
        expect(evaluatePodValidations([pssValidation("sysctls", "1.33")], asKind("Pod", spec({ securityContext: { sysctls: [{ value: "1" }] } })))).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: Windows HostProcess, volumes, privilege escalation", () => {
    it("refuses hostProcess on the pod or a container, admits false", () => {
        const msg = `${at("windowsHostProcess")}: the pod must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess.`;
        expect(cel("windowsHostProcess", spec({ securityContext: { windowsOptions: { hostProcess: true } } }))).to.deep.equal([msg]);
        expect(cel("windowsHostProcess", container({ windowsOptions: { hostProcess: true } }))).to.deep.equal([msg]);
        expect(cel("windowsHostProcess", { spec: { securityContext: { windowsOptions: { hostProcess: false } }, containers: [c({ windowsOptions: { hostProcess: false } })] } })).to.deep.equal([]);
    });
    it("admits each restricted volume type and a volume with a name only; refuses the others", () => {
        for (const type of RESTRICTED_VOLUME_TYPES) {
            expect(cel("restrictedVolumes", spec({ volumes: [{ name: "v", [type]: {} }] })), type).to.deep.equal([]);
        }
        expect(cel("restrictedVolumes", spec({ volumes: [{ name: "v" }] }))).to.deep.equal([]);
        const msg = `${at("restrictedVolumes")}: volumes must be of the types ${RESTRICTED_VOLUME_TYPES.join(", ")}.`;
        for (const type of ["nfs", "hostPath", "awsElasticBlockStore", "gitRepo"]) {
            expect(cel("restrictedVolumes", spec({ volumes: [{ name: "ok", emptyDir: {} }, { name: "v", [type]: {} }] })), type).to.deep.equal([msg]);
        }
    });
    it("allowPrivilegeEscalation: must be false (unset means true); Windows exempt", () => {
        const msg = `${at("allowPrivilegeEscalation")}: containers must set securityContext.allowPrivilegeEscalation: false (unset means true); failing containers: app`;
        expect(cel("allowPrivilegeEscalation", container({}))).to.deep.equal([msg]);
        expect(cel("allowPrivilegeEscalation", container({ allowPrivilegeEscalation: true }))).to.deep.equal([msg]);
        expect(cel("allowPrivilegeEscalation", container({ allowPrivilegeEscalation: false }))).to.deep.equal([]);
        expect(cel("allowPrivilegeEscalation", { spec: { os: { name: "windows" }, containers: [c({})] } })).to.deep.equal([]);
    });
});

describe("Pod Security as CEL: runAsNonRoot and runAsUser", () => {
    const pod = (podSc: Record<string, any>, ctrSc: Record<string, any>, hostUsers?: boolean) => ({
        spec: { ...(hostUsers === undefined ? {} : { hostUsers }), securityContext: podSc, containers: [c(ctrSc)] },
    });
    const nonRoot = (v = "1.33") => `${at("runAsNonRoot", v)}: set securityContext.runAsNonRoot: true on the pod or every container, and never false.`;
    it("runAsNonRoot: true on the pod or on the container; false anywhere or unset everywhere refused", () => {
        expect(cel("runAsNonRoot", pod({ runAsNonRoot: true }, {}))).to.deep.equal([]);
        expect(cel("runAsNonRoot", pod({}, { runAsNonRoot: true }))).to.deep.equal([]);
        expect(cel("runAsNonRoot", pod({}, {}))).to.deep.equal([nonRoot()]);
        expect(cel("runAsNonRoot", pod({ runAsNonRoot: false }, { runAsNonRoot: true }))).to.deep.equal([nonRoot()]);
        expect(cel("runAsNonRoot", pod({ runAsNonRoot: true }, { runAsNonRoot: false }))).to.deep.equal([nonRoot()]);
    });
    it("runAsNonRoot: a user namespace exempts from 1.35", () => {
        expect(cel("runAsNonRoot", pod({}, {}, false), "1.35")).to.deep.equal([]);
        expect(cel("runAsNonRoot", pod({}, {}, false), "1.34")).to.deep.equal([nonRoot("1.34")]);
        expect(cel("runAsNonRoot", pod({}, {}, true), "1.35")).to.deep.equal([nonRoot("1.35")]);
    });
    it("runAsUser: 0 on the pod or a container refused; other users and unset admitted; a user namespace exempts from 1.35", () => {
        const msg = (v = "1.33") => `${at("runAsUser", v)}: runAsUser must not be 0 on the pod or any container.`;
        expect(cel("runAsUser", pod({ runAsUser: 0 }, {}))).to.deep.equal([msg()]);
        expect(cel("runAsUser", pod({ runAsUser: 1000 }, { runAsUser: 0 }))).to.deep.equal([msg()]);
        expect(cel("runAsUser", pod({ runAsUser: 1000 }, { runAsUser: 1 }))).to.deep.equal([]);
        expect(cel("runAsUser", pod({}, {}))).to.deep.equal([]);
        expect(cel("runAsUser", pod({ runAsUser: 0 }, {}, false), "1.35")).to.deep.equal([]);
        expect(cel("runAsUser", pod({ runAsUser: 0 }, {}, false), "1.34")).to.deep.equal([msg("1.34")]);
    });
});

describe("Pod Security as CEL: versions it cannot serve", () => {
    it("refuses a version before 1.25, and a check before it joined the standard", () => {
        expect(() => pssValidation("privileged", "1.24")).to.throw("admission policies are generated for Kubernetes 1.25 and newer (Windows and capability revisions); got 1.24");
        expect(() => pssValidation("procMount_restricted", "1.34")).to.throw("Pod Security check procMount_restricted does not apply at Kubernetes 1.34");
    });
    it("pssValidations passes the options on and gives one validation per check, in the table's order", () => {
        const ids = pssValidations("baseline", "1.33").map((v) => v.check);
        expect(ids).to.include.members(["privileged", "hostNamespaces", "sysctls"]);
        expect(pssValidations("restricted", "1.33", { restrictedAddableCapabilities: [] }).find((v) => v.check === "capabilities_restricted")!.message).to.contain("add back only none");
    });
});
