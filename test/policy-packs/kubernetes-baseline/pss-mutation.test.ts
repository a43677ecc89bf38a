import { expect } from "chai";
import {
    baselineMisc,
    capabilitiesRestricted,
    noHostNamespacesOrPorts,
    noHostPath,
    noPrivileged,
    noPrivilegeEscalation,
    podSecurityBaselinePolicies,
    podSecurityRestrictedPolicies,
    procMountRestricted,
    restrictedVolumeTypes,
    runAsNonRoot,
    seccompRuntimeDefault,
} from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { SAFE_SYSCTLS_1_32 } from "../../../policy-packs/kubernetes-baseline/pss/checks";
import { C0, deployment, Inputs, onCluster, POD, run, withContainer } from "./fixtures";

/**
 * The Pod Security policies, one condition at a time (issue #15): the cases a weakened rule would
 * let through, and the allowed cases that must stay allowed (AppArmor runtime/default and
 * localhost/, namespace exclusions, safe sysctls, Windows pods, ephemeral containers). The rules
 * are the pure table in policy-packs/kubernetes-baseline/pss; pod-security-fixtures.test.ts runs
 * Kubernetes' own admission fixtures through them.
 */

const DEBUG = "container spec.template.spec.ephemeralContainers[0] (debug)";
const levels = (r: { findings: { enforcementLevel: string }[] }) => r.findings.map((f) => f.enforcementLevel);

/** A Deployment that breaks every check of both levels at once. */
function everythingWrong(namespace: string): ReturnType<typeof deployment> {
    return deployment((d, pod) => {
        d.metadata.namespace = namespace;
        pod.hostNetwork = true;
        pod.securityContext = { runAsUser: 0, seccompProfile: { type: "Unconfined" }, sysctls: [{ name: "kernel.msgmax", value: "1" }] };
        pod.volumes = [{ name: "host", hostPath: { path: "/" } }, { name: "nfs", nfs: { server: "x", path: "/" } }];
        pod.containers[0].securityContext = {
            privileged: true,
            allowPrivilegeEscalation: true,
            runAsNonRoot: false,
            procMount: "Unmasked",
            capabilities: { add: ["SYS_ADMIN"] },
            seLinuxOptions: { role: "sysadm_r" },
        };
    });
}

describe("Pod Security policies: namespace exclusions, each policy", () => {
    const policies = [...podSecurityBaselinePolicies, ...podSecurityRestrictedPolicies];
    it("covers the ten stack policies (four baseline, six restricted)", () => {
        expect(policies.map((p) => p.name)).to.deep.equal([
            "no-privileged",
            "no-host-namespaces-or-ports",
            "no-hostpath",
            "baseline-misc",
            "capabilities-restricted",
            "no-privilege-escalation",
            "run-as-non-root",
            "seccomp-runtime-default",
            "proc-mount-restricted",
            "restricted-volume-types",
        ]);
    });
    for (const policy of policies) {
        it(`${policy.name}: rejects the workload in team-a, exempts kube-system by default and exactly the configured namespaces otherwise`, async () => {
            expect((await run(policy, onCluster("1.35", everythingWrong("team-a")))).reported, "team-a").to.have.length.greaterThan(0);
            expect((await run(policy, onCluster("1.35", everythingWrong("kube-system")))).reported, "kube-system").to.deep.equal([]);
            expect((await run(policy, onCluster("1.35", everythingWrong("team-a")), { excludedNamespaces: ["team-a"] })).reported, "configured").to.deep.equal([]);
            expect((await run(policy, onCluster("1.35", everythingWrong("kube-system")), { excludedNamespaces: ["team-a"] })).reported, "kube-system not configured").to.have.length.greaterThan(0);
        });
    }
});

describe("baseline-misc, condition by condition", () => {
    const misc = async (mutate: (d: Inputs, pod: Inputs) => void, version = "1.35") => (await run(baselineMisc, onCluster(version, deployment(mutate)))).reported;

    it("rejects seLinuxOptions.role set, on the container and on the pod", async () => {
        expect(await misc((_d, pod) => (pod.containers[0].securityContext.seLinuxOptions = { role: "sysadm_r" }))).to.deep.equal([
            `${C0} must not set securityContext.seLinuxOptions.role; remove it.`,
        ]);
        expect(await misc((_d, pod) => (pod.securityContext.seLinuxOptions = { role: "object_r" }))).to.deep.equal([`${POD} must not set securityContext.seLinuxOptions.role; remove it.`]);
    });
    it("rejects seLinuxOptions.user on a container, and accepts an empty role and user", async () => {
        expect(await misc((_d, pod) => (pod.containers[0].securityContext.seLinuxOptions = { user: "system_u" }))).to.deep.equal([
            `${C0} must not set securityContext.seLinuxOptions.user; remove it.`,
        ]);
        expect(await misc((_d, pod) => (pod.containers[0].securityContext.seLinuxOptions = { user: "", role: "" }))).to.deep.equal([]);
    });
    it("accepts each allowed SELinux type", async () => {
        for (const type of ["container_t", "container_init_t", "container_kvm_t", "container_engine_t", ""]) {
            expect(await misc((_d, pod) => (pod.containers[0].securityContext.seLinuxOptions = { type })), type).to.deep.equal([]);
        }
    });
    it("accepts the AppArmor annotations runtime/default and localhost/<profile>, and the Localhost and RuntimeDefault profile types", async () => {
        const annotation = "container.apparmor.security.beta.kubernetes.io/app";
        for (const value of ["runtime/default", "localhost/k8s-apparmor-example", ""]) {
            expect(await misc((d) => (d.spec.template.metadata.annotations = { [annotation]: value })), value).to.deep.equal([]);
        }
        for (const type of ["RuntimeDefault", "Localhost"]) {
            expect(await misc((_d, pod) => (pod.containers[0].securityContext.appArmorProfile = { type, localhostProfile: "p" })), type).to.deep.equal([]);
            expect(await misc((_d, pod) => (pod.securityContext.appArmorProfile = { type, localhostProfile: "p" })), `pod ${type}`).to.deep.equal([]);
        }
    });
    it("rejects an AppArmor annotation that is neither runtime/default nor localhost/ (a profile named like one included)", async () => {
        const annotation = "container.apparmor.security.beta.kubernetes.io/app";
        for (const value of ["unconfined", "localhost", "runtime/default2"]) {
            expect(await misc((d) => (d.spec.template.metadata.annotations = { [annotation]: value })), value).to.have.length(1);
        }
        expect(await misc((_d, pod) => (pod.securityContext.appArmorProfile = { type: "Unconfined" }))).to.deep.equal([
            `${POD} must not use AppArmor profile type Unconfined; set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or leave appArmorProfile unset.`,
        ]);
    });
    it("accepts each safe sysctl on 1.35, alone", async () => {
        expect(SAFE_SYSCTLS_1_32).to.have.length(12);
        for (const name of SAFE_SYSCTLS_1_32) {
            expect(await misc((_d, pod) => (pod.securityContext.sysctls = [{ name, value: "1" }])), name).to.deep.equal([]);
        }
    });
    it("rejects a sysctl one character off a safe one, and a name with a safe one as prefix", async () => {
        for (const name of ["net.ipv4.tcp_syncookie", "net.ipv4.tcp_syncookies.x", "kernel.shm_rmid_forced2"]) {
            expect(await misc((_d, pod) => (pod.securityContext.sysctls = [{ name, value: "1" }])), name).to.have.length(1);
        }
    });
    it("accepts every capability the baseline allows, and rejects one outside it", async () => {
        const allowed = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
        expect(await misc((_d, pod) => (pod.containers[0].securityContext.capabilities.add = allowed))).to.deep.equal([]);
        for (const cap of ["NET_RAW", "SYS_ADMIN", "ALL", "chown"]) {
            expect(await misc((_d, pod) => (pod.containers[0].securityContext.capabilities.add = [cap])), cap).to.have.length(1);
        }
    });
    it("rejects an unsafe sysctl in an ephemeral container's pod and an ephemeral container's unmasked /proc", async () => {
        const r = await misc((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36", securityContext: { procMount: "Unmasked" } }]));
        expect(r).to.deep.equal([`${DEBUG} must use the default /proc mount, not Unmasked; remove securityContext.procMount or set it to Default.`]);
    });
    it("can't decide before apply when a sysctl name is unknown (advisory, not a pass)", async () => {
        const r = await run(baselineMisc, onCluster("1.35", deployment((_d, pod) => (pod.securityContext.sysctls = [{ name: "<computed>", value: "1" }]))));
        expect(levels(r)).to.deep.equal(["advisory"]);
    });
});

describe("capabilities-restricted, condition by condition", () => {
    const DROP = `${C0} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`;
    const patch = (container: Inputs) => ({
        type: "kubernetes:apps/v1:DeploymentPatch",
        name: "api",
        inputs: { metadata: { name: "api", namespace: "team-a" }, spec: { template: { spec: { containers: [{ name: "app", ...container }] } } } },
    });

    it("rejects a patch that drops NET_RAW without ALL", async () => {
        expect((await run(capabilitiesRestricted, patch({ securityContext: { capabilities: { drop: ["NET_RAW"] } } }))).reported).to.deep.equal([DROP]);
    });
    it("passes a patch that drops ALL, and one that leaves capabilities alone", async () => {
        expect((await run(capabilitiesRestricted, patch({ securityContext: { capabilities: { drop: ["ALL"] } } }))).reported).to.deep.equal([]);
        expect((await run(capabilitiesRestricted, patch({ image: "x:2" }))).reported).to.deep.equal([]);
    });
    it("passes ALL among other dropped capabilities", async () => {
        expect((await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.drop = ["NET_RAW", "ALL"])))).reported).to.deep.equal([]);
    });
    it("rejects an ephemeral container that drops nothing", async () => {
        const r = await run(capabilitiesRestricted, deployment((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36" }])));
        expect(r.reported).to.deep.equal([`${DEBUG} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`]);
    });
    it("can't decide before apply when os.name is unknown and the pod would fail (Windows exemption undecided)", async () => {
        const r = await run(
            capabilitiesRestricted,
            deployment((_d, pod) => {
                pod.os = { name: "<computed>" };
                delete pod.containers[0].securityContext.capabilities;
            }),
        );
        expect(levels(r)).to.deep.equal(["advisory"]);
    });
    it("does not exempt a Linux pod that names its OS", async () => {
        const r = await run(
            capabilitiesRestricted,
            deployment((_d, pod) => {
                pod.os = { name: "linux" };
                delete pod.containers[0].securityContext.capabilities;
            }),
        );
        expect(r.reported).to.deep.equal([DROP]);
    });
});

describe("Windows pods: exempt from the Linux-only restricted checks, not from the others", () => {
    const windows = (mutate: (pod: Inputs) => void) =>
        deployment((_d, pod) => {
            pod.os = { name: "windows" };
            mutate(pod);
        });
    it("exempts seccomp and privilege escalation", async () => {
        expect((await run(seccompRuntimeDefault, windows((pod) => delete pod.securityContext.seccompProfile))).reported).to.deep.equal([]);
        expect((await run(noPrivilegeEscalation, windows((pod) => (pod.containers[0].securityContext.allowPrivilegeEscalation = true)))).reported).to.deep.equal([]);
    });
    it("still applies run-as-non-root and the baseline", async () => {
        expect((await run(runAsNonRoot, windows((pod) => (pod.securityContext.runAsUser = 0)))).reported).to.have.length(1);
        expect((await run(noPrivileged, windows((pod) => (pod.containers[0].securityContext.privileged = true)))).reported).to.have.length(1);
    });
    it("rejects a Windows HostProcess container (no-host-namespaces-or-ports)", async () => {
        const r = await run(noHostNamespacesOrPorts, windows((pod) => (pod.containers[0].securityContext.windowsOptions = { hostProcess: true })));
        expect(r.reported).to.have.length(1);
    });
});

describe("ephemeral containers are checked like the others", () => {
    const debug = (securityContext: Inputs) => deployment((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36", securityContext }]));
    it("run-as-non-root, seccomp and proc-mount-restricted see an ephemeral container's settings", async () => {
        expect((await run(runAsNonRoot, debug({ runAsUser: 0 }))).reported).to.deep.equal([`${DEBUG} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.`]);
        expect((await run(seccompRuntimeDefault, debug({ seccompProfile: { type: "Unconfined" } }))).reported).to.have.length(1);
        expect((await run(procMountRestricted, onCluster("1.35", debug({ procMount: "Unmasked" })))).reported).to.have.length(1);
    });
    it("a compliant ephemeral container passes every restricted policy", async () => {
        const ok = debug({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true });
        for (const policy of podSecurityRestrictedPolicies) {
            expect((await run(policy, onCluster("1.35", ok))).reported, policy.name).to.deep.equal([]);
        }
    });
});

describe("host paths and volumes", () => {
    it("no-hostpath rejects a hostPath among other volumes; restricted-volume-types names the nfs one", async () => {
        const r = await run(noHostPath, everythingWrong("team-a"));
        expect(r.reported).to.have.length(1);
        expect((await run(restrictedVolumeTypes, everythingWrong("team-a"))).reported.join("\n")).to.contain("nfs");
    });
});
