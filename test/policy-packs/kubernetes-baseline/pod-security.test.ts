import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import {
    baselineMisc,
    capabilitiesRestricted,
    noHostNamespacesOrPorts,
    noHostPath,
    noPrivileged,
    noPrivilegeEscalation,
    podSecurityBaselinePolicies,
    podSecurityPolicies,
    podSecurityRestrictedPolicies,
    procMountRestricted,
    readOnlyRootFs,
    restrictedVolumeTypes,
    runAsNonRoot,
    seccompRuntimeDefault,
} from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { BASELINE_CHECK_IDS, compareVersions, minVersionOf, PSS_CHECKS, RESTRICTED_CHECK_IDS } from "../../../policy-packs/kubernetes-baseline/pss";
import { FRAMEWORKS } from "../../../policy-packs/lib/metadata";
import { PACKS } from "../../../policy-packs/packs";
import { resolvePackConfig } from "../../../tools/policy/config";
import { ResourceSpec } from "../../support/policy";
import { C0, cronJob, deployment, onCluster, POD, restrictedContainer, run, withContainer } from "./fixtures";

const INIT = "container spec.template.spec.initContainers[0] (init)";
const DEBUG = "container spec.template.spec.ephemeralContainers[0] (debug)";
const REPO = path.resolve(__dirname, "../../..");

type Pss = (typeof podSecurityRestrictedPolicies)[number];

describe("no-privileged", () => {
    const priv = { ...restrictedContainer(), securityContext: { ...restrictedContainer().securityContext, privileged: true } };
    for (const [type, at, p] of [
        ["kubernetes:core/v1:PodTemplate", (spec: unknown) => ({ template: { spec } }), "template.spec"],
        ["kubernetes:core/v1:PodTemplatePatch", (spec: unknown) => ({ template: { spec } }), "template.spec"],
        ["kubernetes:apps/v1:StatefulSetPatch", (spec: unknown) => ({ spec: { template: { spec } } }), "spec.template.spec"],
        ["kubernetes:batch/v1:CronJobPatch", (spec: unknown) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }), "spec.jobTemplate.spec.template.spec"],
        ["kubernetes:core/v1:PodPatch", (spec: unknown) => ({ spec }), "spec"],
    ] as const) {
        it(`checks a ${type.split(":")[2]}: passes a restricted container, rejects a privileged one`, async () => {
            const spec = (containers: unknown[]) => ({ type, name: "x", inputs: { metadata: { name: "x", namespace: "team-a" }, ...at({ containers }) } });
            expect((await run(noPrivileged, spec([restrictedContainer()]))).messages).to.deep.equal([]);
            expect((await run(noPrivileged, spec([priv]))).reported).to.deep.equal([`container ${p}.containers[0] (app) must not be privileged; remove securityContext.privileged or set it to false.`]);
        });
    }
    it("passes the compliant restricted Deployment", async () => {
        const r = await run(noPrivileged, deployment());
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a privileged container with the description, the container path, the fix and the upstream check as control", async () => {
        const r = await run(noPrivileged, withContainer((c) => (c.securityContext.privileged = true)));
        expect(r.reported).to.deep.equal([`${C0} must not be privileged; remove securityContext.privileged or set it to false.`]);
        expect(r.messages[0]).to.equal(`Checks whether any container runs privileged.\n${r.reported[0]}`);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
        expect(r.findings[0].urn).to.equal("urn:pulumi:test::platform::kubernetes:apps/v1:Deployment::api");
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:4.2.1", "pss:baseline/privileged", "checkov:CKV_K8S_16"]);
    });
    it("reports each offending workload of the stack on its own URN", async () => {
        const bad = (name: string) => ({ ...withContainer((c) => (c.securityContext.privileged = true)), name });
        const r = await run(noPrivileged, [bad("a"), deployment(), bad("b")]);
        expect(r.findings.map((f) => f.resourceName)).to.deep.equal(["a", "b"]);
    });
    it("rejects a privileged init container", async () => {
        const r = await run(noPrivileged, deployment((_d, pod) => (pod.initContainers = [{ ...restrictedContainer("init"), securityContext: { privileged: true } }])));
        expect(r.reported).to.deep.equal([`${INIT} must not be privileged; remove securityContext.privileged or set it to false.`]);
    });
    it("rejects a privileged ephemeral container", async () => {
        const r = await run(noPrivileged, deployment((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36", securityContext: { privileged: true } }])));
        expect(r.reported).to.deep.equal([`${DEBUG} must not be privileged; remove securityContext.privileged or set it to false.`]);
    });
    it("names the CronJob pod spec path", async () => {
        const r = await run(noPrivileged, cronJob((pod) => (pod.containers[0].securityContext.privileged = true)));
        expect(r.reported).to.deep.equal(["container spec.jobTemplate.spec.template.spec.containers[0] (app) must not be privileged; remove securityContext.privileged or set it to false."]);
    });
    it("walks a bare Pod and a StatefulSet", async () => {
        const c = { ...restrictedContainer(), securityContext: { privileged: true } };
        const pod = await run(noPrivileged, { type: "kubernetes:core/v1:Pod", inputs: { metadata: { namespace: "team-a" }, spec: { containers: [c] } } });
        expect(pod.reported).to.deep.equal(["container spec.containers[0] (app) must not be privileged; remove securityContext.privileged or set it to false."]);
        const sts = await run(noPrivileged, { ...deployment((_d, p) => (p.containers[0].securityContext.privileged = true)), type: "kubernetes:apps/v1:StatefulSet" });
        expect(sts.reported).to.have.length(1);
    });
    it("exempts kube-system by default, and exactly the configured namespaces otherwise", async () => {
        const privilegedIn = (ns: string) =>
            deployment((d, pod) => {
                d.metadata.namespace = ns;
                pod.containers[0].securityContext.privileged = true;
            });
        expect((await run(noPrivileged, privilegedIn("kube-system"))).outcome).to.equal("notApplicable");
        expect((await run(noPrivileged, privilegedIn("monitoring"), { excludedNamespaces: ["monitoring"] })).outcome).to.equal("notApplicable");
        expect((await run(noPrivileged, privilegedIn("kube-system"), { excludedNamespaces: ["monitoring"] })).reported).to.have.length(1);
        // An exempt workload next to a checked one: only the checked one is judged.
        const mixed = await run(noPrivileged, [{ ...privilegedIn("kube-system"), name: "cni" }, { ...privilegedIn("team-a"), name: "app" }]);
        expect(mixed.findings.map((f) => f.resourceName)).to.deep.equal(["app"]);
    });
    it("checks a workload whose namespace is known only after apply", async () => {
        const r = await run(
            noPrivileged,
            deployment((d, pod) => {
                d.metadata.namespace = "<computed>";
                pod.containers[0].securityContext.privileged = true;
            }),
        );
        expect(r.reported).to.have.length(1);
    });
    it("reports a privileged flag known only after apply as advisory, never mandatory", async () => {
        const r = await run(noPrivileged, withContainer((c) => (c.securityContext.privileged = "<computed>")));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("still fails a decided violation when another workload's value is known only after apply", async () => {
        const unknown = { ...withContainer((c) => (c.securityContext.privileged = "<computed>")), name: "later" };
        const bad = { ...withContainer((c) => (c.securityContext.privileged = true)), name: "bad" };
        const r = await run(noPrivileged, [unknown, bad]);
        expect(r.findings.map((f) => [f.enforcementLevel, f.resourceName])).to.deep.equal([["mandatory", "bad"]]);
    });
    it("is not applicable to a stack without workloads, or with only Helm releases, whose objects it cannot see", async () => {
        expect((await run(noPrivileged, { type: "kubernetes:helm.sh/v3:Release", inputs: { chart: "x", namespace: "team-a" } })).outcome).to.equal("notApplicable");
        expect((await run(noPrivileged, { type: "kubernetes:core/v1:ConfigMap", inputs: {} })).outcome).to.equal("notApplicable");
    });
    it("checks only what a DeploymentPatch sets", async () => {
        const patch = (spec: unknown) => ({ type: "kubernetes:apps/v1:DeploymentPatch", inputs: { metadata: { name: "coredns", namespace: "team-a" }, spec } });
        expect((await run(noPrivileged, patch({ replicas: 3 }))).messages).to.deep.equal([]);
        const r = await run(noPrivileged, patch({ template: { spec: { containers: [{ name: "app", securityContext: { privileged: true } }] } } }));
        expect(r.reported).to.deep.equal([`${C0} must not be privileged; remove securityContext.privileged or set it to false.`]);
    });
});

describe("no-host-namespaces-or-ports", () => {
    it("passes the compliant Deployment", async () => {
        expect((await run(noHostNamespacesOrPorts, deployment())).messages).to.deep.equal([]);
    });
    const cases: [string, (pod: any) => void, string][] = [
        ["hostNetwork", (pod) => (pod.hostNetwork = true), `${POD} must not share the host network namespace; remove hostNetwork or set it to false.`],
        ["hostPID", (pod) => (pod.hostPID = true), `${POD} must not share the host process ID namespace; remove hostPID or set it to false.`],
        ["hostIPC", (pod) => (pod.hostIPC = true), `${POD} must not share the host IPC namespace; remove hostIPC or set it to false.`],
        ["a hostPort", (pod) => (pod.containers[0].ports[0].hostPort = 8080), `${C0} must not bind host port 8080 (ports[0]); remove hostPort and expose the port through a Service.`],
        [
            "a HostProcess pod",
            (pod) => (pod.securityContext.windowsOptions = { hostProcess: true }),
            `${POD} must not run as a Windows HostProcess pod; remove securityContext.windowsOptions.hostProcess or set it to false.`,
        ],
        [
            "a HostProcess container",
            (pod) => (pod.containers[0].securityContext.windowsOptions = { hostProcess: true }),
            `${C0} must not run as a Windows HostProcess container; remove securityContext.windowsOptions.hostProcess or set it to false.`,
        ],
    ];
    for (const [what, mutate, message] of cases) {
        it(`rejects ${what}`, async () => {
            const r = await run(noHostNamespacesOrPorts, onCluster("1.35", deployment((_d, pod) => mutate(pod))));
            expect(r.reported).to.deep.equal([message]);
        });
    }
    it("accepts hostNetwork: false and hostPort: 0", async () => {
        const r = await run(
            noHostNamespacesOrPorts,
            deployment((_d, pod) => {
                pod.hostNetwork = false;
                pod.containers[0].ports[0].hostPort = 0;
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });

    describe("host in probes and lifecycle hooks (baseline from Kubernetes 1.34)", () => {
        const probeHost = withContainer((c) => (c.readinessProbe.httpGet.host = "10.0.0.1"));
        const PROBE = `${C0} must not send readinessProbe.httpGet to host 10.0.0.1; remove readinessProbe.httpGet.host so that the kubelet connects to the pod itself.`;
        it("accepts a probe host on a 1.33 cluster, where the check is not in force", async () => {
            expect((await run(noHostNamespacesOrPorts, onCluster("1.33", probeHost))).messages).to.deep.equal([]);
        });
        it("rejects it on a 1.34 cluster, and on 1.35", async () => {
            expect((await run(noHostNamespacesOrPorts, onCluster("1.34", probeHost))).reported).to.deep.equal([PROBE]);
            expect((await run(noHostNamespacesOrPorts, onCluster("1.35", probeHost))).reported).to.deep.equal([PROBE]);
        });
        it("rejects a tcpSocket host in a preStop hook and in a startup probe", async () => {
            const spec = withContainer((c) => {
                c.lifecycle = { preStop: { tcpSocket: { host: "node.local", port: 22 } } };
                c.startupProbe = { tcpSocket: { host: "metadata", port: 80 } };
            });
            expect((await run(noHostNamespacesOrPorts, onCluster("1.34", spec))).reported).to.deep.equal([
                `${C0} must not send startupProbe.tcpSocket to host metadata; remove startupProbe.tcpSocket.host so that the kubelet connects to the pod itself.`,
                `${C0} must not send lifecycle.preStop.tcpSocket to host node.local; remove lifecycle.preStop.tcpSocket.host so that the kubelet connects to the pod itself.`,
            ]);
        });
        it("accepts an empty host", async () => {
            expect((await run(noHostNamespacesOrPorts, onCluster("1.35", withContainer((c) => (c.readinessProbe.httpGet.host = ""))))).messages).to.deep.equal([]);
        });
        it("checks a workload whose cluster the plan does not show at every supported version, naming where it fails", async () => {
            const r = await run(noHostNamespacesOrPorts, probeHost);
            expect(r.reported).to.deep.equal([
                `${PROBE} (at Kubernetes 1.34 and 1.35; the plan does not show the workload's cluster, so it is checked at ${SUPPORTED_VERSIONS.slice(0, -1).join(", ")} and ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]})`,
            ]);
        });
        it("takes the versions to assume from assumedVersions", async () => {
            expect((await run(noHostNamespacesOrPorts, probeHost, { assumedVersions: ["1.33"] })).messages).to.deep.equal([]);
            expect((await run(noHostNamespacesOrPorts, probeHost, { assumedVersions: ["v1.34"] })).reported).to.deep.equal([PROBE]);
        });
        it("reads an unset cluster version as the newest supported, and a version known only after apply as unknown", async () => {
            expect((await run(noHostNamespacesOrPorts, onCluster(undefined, probeHost))).reported).to.deep.equal([PROBE]);
            const computed = await run(noHostNamespacesOrPorts, onCluster("<computed>", probeHost), { assumedVersions: ["1.33"] });
            expect(computed.messages).to.deep.equal([]);
        });
    });
});

describe("no-hostpath", () => {
    it("passes emptyDir and configMap volumes", async () => {
        expect((await run(noHostPath, deployment())).messages).to.deep.equal([]);
    });
    it("rejects a hostPath volume, naming it and the path", async () => {
        const r = await run(noHostPath, deployment((_d, pod) => pod.volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock" } })));
        expect(r.reported).to.deep.equal([`${POD} volume docker (volumes[2]) must not be a hostPath volume (/var/run/docker.sock); use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`]);
        expect(r.findings[0].controls).to.deep.equal(["pss:baseline/hostPathVolumes", "checkov:CKV_K8S_27"]);
    });
    it("rejects a hostPath whose path is known only after apply", async () => {
        const r = await run(noHostPath, deployment((_d, pod) => pod.volumes.push({ name: "data", hostPath: { path: "<computed>" } })));
        expect(r.reported).to.deep.equal([`${POD} volume data (volumes[2]) must not be a hostPath volume; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`]);
    });
});

describe("baseline-misc", () => {
    it("passes the compliant Deployment, container_t and safe sysctls", async () => {
        const r = await run(
            baselineMisc,
            deployment((_d, pod) => {
                pod.securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" };
                pod.securityContext.sysctls = [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }];
                pod.containers[0].securityContext.procMount = "Default";
                pod.containers[0].securityContext.appArmorProfile = { type: "RuntimeDefault" };
                pod.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE", "CHOWN"];
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("passes a pod without any securityContext: seccomp unset, nothing dropped, root allowed at baseline", async () => {
        const r = await run(
            baselineMisc,
            deployment((_d, pod) => {
                delete pod.securityContext;
                delete pod.containers[0].securityContext;
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });
    const cases: [string, (pod: any, d: any) => void, string][] = [
        [
            "an unmasked /proc",
            (pod) => (pod.containers[0].securityContext.procMount = "Unmasked"),
            `${C0} must use the default /proc mount, not Unmasked; remove securityContext.procMount or set it to Default.`,
        ],
        [
            "an SELinux type outside the allow-list",
            (pod) => (pod.containers[0].securityContext.seLinuxOptions = { type: "spc_t" }),
            `${C0} must not use SELinux type spc_t; use container_t, container_init_t, container_kvm_t or container_engine_t, or leave securityContext.seLinuxOptions.type unset.`,
        ],
        ["a custom SELinux user", (pod) => (pod.securityContext.seLinuxOptions = { user: "system_u" }), `${POD} must not set securityContext.seLinuxOptions.user; remove it.`],
        [
            "unsafe sysctls",
            (pod) => (pod.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }, { name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "net.core.somaxconn", value: "1024" }]),
            `${POD} must not set unsafe sysctls kernel.msgmax and net.core.somaxconn; remove them from securityContext.sysctls (the baseline allows kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem and net.ipv4.tcp_wmem).`,
        ],
        [
            "AppArmor Unconfined",
            (pod) => (pod.containers[0].securityContext.appArmorProfile = { type: "Unconfined" }),
            `${C0} must not use AppArmor profile type Unconfined; set securityContext.appArmorProfile.type to RuntimeDefault or Localhost, or leave appArmorProfile unset.`,
        ],
        [
            "an unconfined AppArmor annotation",
            (_pod, d) => (d.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
            `${POD} annotation container.apparmor.security.beta.kubernetes.io/app must not be unconfined; use runtime/default or localhost/<profile>, or set securityContext.appArmorProfile instead.`,
        ],
        [
            "seccomp Unconfined on the pod",
            (pod) => (pod.securityContext.seccompProfile = { type: "Unconfined" }),
            `${POD} must not use seccomp profile type Unconfined; set securityContext.seccompProfile.type: RuntimeDefault (or Localhost).`,
        ],
        [
            "a capability the baseline does not allow",
            (pod) => (pod.containers[0].securityContext.capabilities.add = ["SYS_ADMIN", "CHOWN"]),
            `${C0} must not add capabilities SYS_ADMIN; remove them from securityContext.capabilities.add (baseline allows only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).`,
        ],
    ];
    for (const [what, mutate, message] of cases) {
        it(`rejects ${what}`, async () => {
            const r = await run(baselineMisc, onCluster("1.35", deployment((d, pod) => mutate(pod, d))));
            expect(r.reported).to.deep.equal([message]);
        });
    }
    it("tags each baseline check it implements", async () => {
        const r = await run(baselineMisc, onCluster("1.35", withContainer((c) => (c.securityContext.procMount = "Unmasked"))));
        expect(r.findings[0].controls).to.deep.equal([
            "pss:baseline/procMount",
            "pss:baseline/capabilities_baseline",
            "pss:baseline/appArmorProfile",
            "pss:baseline/seLinuxOptions",
            "pss:baseline/seccompProfile_baseline",
            "pss:baseline/sysctls",
        ]);
    });

    describe("sysctls by version (net.ipv4.tcp_rmem and tcp_wmem are safe from Kubernetes 1.32)", () => {
        const rmem = deployment((_d, pod) => (pod.securityContext.sysctls = [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }, { name: "net.ipv4.tcp_wmem", value: "4096 16384 4194304" }]));
        it("rejects them on a 1.31 cluster", async () => {
            const r = await run(baselineMisc, onCluster("1.31", rmem));
            expect(r.reported).to.have.length(1);
            expect(r.reported[0]).to.match(/^pod spec\.template\.spec must not set unsafe sysctls net\.ipv4\.tcp_rmem and net\.ipv4\.tcp_wmem; /);
        });
        it("accepts them on a 1.32 cluster (and later)", async () => {
            expect((await run(baselineMisc, onCluster("1.32", rmem))).messages).to.deep.equal([]);
            expect((await run(baselineMisc, onCluster("1.35", rmem))).messages).to.deep.equal([]);
        });
    });

    describe("procMount in a user namespace (hostUsers: false relaxes baseline from Kubernetes 1.35)", () => {
        const unmasked = (hostUsers?: boolean) =>
            deployment((_d, pod) => {
                if (hostUsers !== undefined) {
                    pod.hostUsers = hostUsers;
                }
                pod.containers[0].securityContext.procMount = "Unmasked";
            });
        const MESSAGE = `${C0} must use the default /proc mount, not Unmasked; remove securityContext.procMount or set it to Default.`;
        it("baseline rejects Unmasked with hostUsers: false on 1.34", async () => {
            expect((await run(baselineMisc, onCluster("1.34", unmasked(false)))).reported).to.deep.equal([MESSAGE]);
        });
        it("baseline accepts it with hostUsers: false on 1.35, and still rejects it without", async () => {
            expect((await run(baselineMisc, onCluster("1.35", unmasked(false)))).messages).to.deep.equal([]);
            expect((await run(baselineMisc, onCluster("1.35", unmasked(true)))).reported).to.deep.equal([MESSAGE]);
            expect((await run(baselineMisc, onCluster("1.35", unmasked()))).reported).to.deep.equal([MESSAGE]);
        });
        it("restricted (proc-mount-restricted) rejects it on 1.35 whatever hostUsers says, and leaves 1.34 to baseline", async () => {
            const r = await run(procMountRestricted, onCluster("1.35", unmasked(false)));
            expect(r.reported).to.deep.equal([MESSAGE]);
            expect(r.findings[0].controls).to.deep.equal(["pss:restricted/procMount_restricted"]);
            expect((await run(procMountRestricted, onCluster("1.34", unmasked(false)))).messages).to.deep.equal([]);
        });
        it("cannot decide the relaxation while hostUsers is known only after apply: advisory, never mandatory", async () => {
            const r = await run(baselineMisc, onCluster("1.35", deployment((_d, pod) => {
                pod.hostUsers = "<computed>";
                pod.containers[0].securityContext.procMount = "Unmasked";
            })));
            expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        });
    });
});

describe("capabilities-restricted", () => {
    const DROP = `${C0} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`;
    it("passes drop ALL", async () => {
        expect((await run(capabilitiesRestricted, deployment())).messages).to.deep.equal([]);
    });
    it("rejects capabilities unset (nothing dropped)", async () => {
        const r = await run(capabilitiesRestricted, withContainer((c) => delete c.securityContext.capabilities));
        expect(r.reported).to.deep.equal([DROP]);
    });
    it("rejects a drop list without ALL, and a lower-case all (admission compares exactly)", async () => {
        expect((await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.drop = ["NET_RAW"])))).reported).to.deep.equal([DROP]);
        expect((await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.drop = ["all"])))).reported).to.deep.equal([DROP]);
    });
    it("rejects added capabilities outside the allowed list, CAP_NET_BIND_SERVICE included", async () => {
        const r = await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.add = ["SYS_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "CAP_NET_BIND_SERVICE"])));
        expect(r.reported).to.deep.equal([`${C0} must not add capabilities SYS_ADMIN, NET_RAW and CAP_NET_BIND_SERVICE; remove them from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).`]);
    });
    it("accepts NET_BIND_SERVICE", async () => {
        expect((await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.add = ["NET_BIND_SERVICE"])))).messages).to.deep.equal([]);
    });
    it("takes the allowed list from config", async () => {
        const spec = withContainer((c) => (c.securityContext.capabilities.add = ["NET_ADMIN", "NET_BIND_SERVICE"]));
        const r = await run(capabilitiesRestricted, spec, { allowedCapabilities: ["NET_ADMIN"] });
        expect(r.reported).to.deep.equal([`${C0} must not add capabilities NET_BIND_SERVICE; remove them from securityContext.capabilities.add (allowed: NET_ADMIN).`]);
    });
    it("reports a drop list known only after apply as advisory", async () => {
        const r = await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.drop = ["<computed>"])));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("checks init containers too", async () => {
        const r = await run(capabilitiesRestricted, deployment((_d, pod) => (pod.initContainers = [{ ...restrictedContainer("init"), securityContext: {} }])));
        expect(r.reported).to.deep.equal([`${INIT} must drop all capabilities; set securityContext.capabilities.drop: ["ALL"].`]);
    });
    it("exempts Windows pods", async () => {
        expect((await run(capabilitiesRestricted, deployment((_d, pod) => {
            pod.os = { name: "windows" };
            delete pod.containers[0].securityContext.capabilities;
        }))).messages).to.deep.equal([]);
    });
});

describe("no-privilege-escalation", () => {
    it("passes allowPrivilegeEscalation: false", async () => {
        expect((await run(noPrivilegeEscalation, deployment())).messages).to.deep.equal([]);
    });
    it("rejects allowPrivilegeEscalation unset (the default is true)", async () => {
        const r = await run(noPrivilegeEscalation, withContainer((c) => delete c.securityContext.allowPrivilegeEscalation));
        expect(r.reported).to.deep.equal([`${C0} must set securityContext.allowPrivilegeEscalation: false (unset means true).`]);
    });
    it("rejects allowPrivilegeEscalation: true", async () => {
        const r = await run(noPrivilegeEscalation, withContainer((c) => (c.securityContext.allowPrivilegeEscalation = true)));
        expect(r.reported).to.deep.equal([`${C0} must not allow privilege escalation; set securityContext.allowPrivilegeEscalation: false.`]);
    });
    it("rejects an ephemeral container without the setting", async () => {
        const r = await run(noPrivilegeEscalation, deployment((_d, pod) => (pod.ephemeralContainers = [{ name: "debug", image: "busybox:1.36" }])));
        expect(r.reported).to.deep.equal([`${DEBUG} must set securityContext.allowPrivilegeEscalation: false (unset means true).`]);
    });
    it("exempts Windows pods, as the Pod Security Standards do", async () => {
        const r = await run(
            noPrivilegeEscalation,
            deployment((_d, pod) => {
                pod.os = { name: "windows" };
                delete pod.containers[0].securityContext.allowPrivilegeEscalation;
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });
});

describe("run-as-non-root", () => {
    it("passes runAsNonRoot at pod level", async () => {
        expect((await run(runAsNonRoot, deployment())).messages).to.deep.equal([]);
    });
    it("passes runAsNonRoot set only on the container", async () => {
        const r = await run(
            runAsNonRoot,
            deployment((_d, pod) => {
                delete pod.securityContext.runAsNonRoot;
                pod.containers[0].securityContext.runAsNonRoot = true;
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects runAsNonRoot unset at both levels", async () => {
        const r = await run(runAsNonRoot, deployment((_d, pod) => delete pod.securityContext.runAsNonRoot));
        expect(r.reported).to.deep.equal([`${C0} must run as non-root; set securityContext.runAsNonRoot: true on the pod or the container.`]);
    });
    it("rejects a container that overrides runAsNonRoot with false", async () => {
        const r = await run(runAsNonRoot, withContainer((c) => (c.securityContext.runAsNonRoot = false)));
        expect(r.reported).to.deep.equal([`${C0} must run as non-root; set securityContext.runAsNonRoot: true (it is false).`]);
    });
    it("rejects runAsUser 0 on the container", async () => {
        const r = await run(runAsNonRoot, withContainer((c) => (c.securityContext.runAsUser = 0)));
        expect(r.reported).to.deep.equal([`${C0} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.`]);
    });
    it("rejects pod-level runAsUser 0 and runAsNonRoot false even when every container overrides them", async () => {
        const r = await run(
            runAsNonRoot,
            deployment((_d, pod) => {
                pod.securityContext.runAsUser = 0;
                pod.securityContext.runAsNonRoot = false;
                pod.containers[0].securityContext.runAsUser = 10001;
                pod.containers[0].securityContext.runAsNonRoot = true;
            }),
        );
        expect(r.reported).to.deep.equal([`${POD} must run as non-root; set securityContext.runAsNonRoot: true (it is false).`, `${POD} must not set securityContext.runAsUser: 0; use a non-zero UID.`]);
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:4.2.6", "pss:restricted/runAsNonRoot", "pss:restricted/runAsUser"]);
    });
    it("exempts a pod in a user namespace (hostUsers: false) from 1.35, not before", async () => {
        const root = deployment((_d, pod) => {
            pod.hostUsers = false;
            pod.securityContext.runAsUser = 0;
            delete pod.securityContext.runAsNonRoot;
        });
        expect((await run(runAsNonRoot, onCluster("1.35", root))).messages).to.deep.equal([]);
        expect((await run(runAsNonRoot, onCluster("1.34", root))).reported).to.have.length(2);
    });
});

describe("patches (DeploymentPatch and friends)", () => {
    const patch = (spec: unknown) => ({ type: "kubernetes:apps/v1:DeploymentPatch", inputs: { metadata: { name: "api", namespace: "team-a" }, spec } });
    const onlyImage = patch({ template: { spec: { containers: [{ name: "app", image: "x:1" }] } } });
    for (const policy of [capabilitiesRestricted, noPrivilegeEscalation, runAsNonRoot, seccompRuntimeDefault, readOnlyRootFs]) {
        it(`${policy.name} does not fail fields a patch leaves alone`, async () => {
            expect((await run(policy, onlyImage)).messages).to.deep.equal([]);
        });
    }
    it("still fails a bad value a patch sets", async () => {
        const r = await run(runAsNonRoot, patch({ template: { spec: { securityContext: { runAsUser: 0 } } } }));
        expect(r.reported).to.deep.equal([`${POD} must not set securityContext.runAsUser: 0; use a non-zero UID.`]);
    });
});

describe("seccomp-runtime-default", () => {
    it("passes RuntimeDefault at pod level", async () => {
        expect((await run(seccompRuntimeDefault, deployment())).messages).to.deep.equal([]);
    });
    it("passes Localhost on the container with nothing at pod level", async () => {
        const r = await run(
            seccompRuntimeDefault,
            deployment((_d, pod) => {
                delete pod.securityContext.seccompProfile;
                pod.containers[0].securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/api.json" };
            }),
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects no profile at either level", async () => {
        const r = await run(seccompRuntimeDefault, deployment((_d, pod) => delete pod.securityContext.seccompProfile));
        expect(r.reported).to.deep.equal([`${C0} must set a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`]);
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:4.5.2", "pss:restricted/seccompProfile_restricted"]);
    });
    it("rejects a container that overrides with Unconfined", async () => {
        const r = await run(seccompRuntimeDefault, withContainer((c) => (c.securityContext.seccompProfile = { type: "Unconfined" })));
        expect(r.reported).to.deep.equal([`${C0} must use seccomp profile type RuntimeDefault or Localhost; set securityContext.seccompProfile.type: RuntimeDefault.`]);
    });
    it("rejects Unconfined at pod level even when every container overrides it", async () => {
        const r = await run(
            seccompRuntimeDefault,
            deployment((_d, pod) => {
                pod.securityContext.seccompProfile = { type: "Unconfined" };
                pod.containers[0].securityContext.seccompProfile = { type: "RuntimeDefault" };
            }),
        );
        expect(r.reported).to.deep.equal([`${POD} must use seccomp profile type RuntimeDefault or Localhost; set securityContext.seccompProfile.type: RuntimeDefault.`]);
    });
});

describe("restricted-volume-types", () => {
    it("passes emptyDir, configMap, image and a volume with no source (defaulted to emptyDir)", async () => {
        const r = await run(restrictedVolumeTypes, deployment((_d, pod) => pod.volumes.push({ name: "model", image: { reference: "registry/model:1" } }, { name: "scratch" })));
        expect(r.messages).to.deep.equal([]);
    });
    it("flags an nfs volume", async () => {
        const r = await run(restrictedVolumeTypes, deployment((_d, pod) => pod.volumes.push({ name: "shared", nfs: { server: "fs.internal", path: "/" } })));
        expect(r.reported).to.deep.equal([
            `${POD} volume shared (volumes[2]) must use an allowed volume type, not nfs; use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.`,
        ]);
        expect(r.findings[0].controls).to.deep.equal(["pss:restricted/restrictedVolumes"]);
    });
    it("is advisory by default (the catalog's level) and mandatory in the staging and prod configs, where restricted is enforced", () => {
        expect(restrictedVolumeTypes.enforcementLevel).to.equal("advisory");
        const kb = PACKS.find((p) => p.name === "kubernetes-baseline")!;
        const level = (env: string, policy: string) =>
            resolvePackConfig(kb, JSON.parse(readFileSync(path.join(REPO, "policy-packs/config", env, "kubernetes-baseline.json"), "utf8")))[policy].enforcementLevel;
        for (const env of ["staging", "prod"]) {
            for (const p of podSecurityRestrictedPolicies) {
                expect(level(env, p.name), `${env} ${p.name}`).to.equal("mandatory");
            }
        }
        // dev enforces baseline only; restricted findings are advisory there.
        for (const p of podSecurityBaselinePolicies) {
            expect(level("dev", p.name), `dev ${p.name}`).to.equal("mandatory");
        }
        for (const p of podSecurityRestrictedPolicies) {
            expect(level("dev", p.name), `dev ${p.name}`).to.equal("advisory");
        }
    });
});

describe("read-only-root-fs", () => {
    const MESSAGE = `${C0} must have a read-only root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes.`;
    it("passes readOnlyRootFilesystem: true", async () => {
        expect((await run(readOnlyRootFs, deployment())).messages).to.deep.equal([]);
    });
    it("flags it unset", async () => {
        expect((await run(readOnlyRootFs, withContainer((c) => delete c.securityContext.readOnlyRootFilesystem))).reported).to.deep.equal([MESSAGE]);
    });
    it("flags it false", async () => {
        expect((await run(readOnlyRootFs, withContainer((c) => (c.securityContext.readOnlyRootFilesystem = false)))).reported).to.deep.equal([MESSAGE]);
    });
});

describe("the Pod Security sets", () => {
    const all = [...podSecurityBaselinePolicies, ...podSecurityRestrictedPolicies] as Pss[];
    it("implement every upstream check exactly once, each set at its own level", () => {
        expect(podSecurityBaselinePolicies.flatMap((p) => p.pssChecks).sort()).to.deep.equal([...BASELINE_CHECK_IDS].sort());
        expect(podSecurityRestrictedPolicies.flatMap((p) => p.pssChecks).sort()).to.deep.equal([...RESTRICTED_CHECK_IDS].sort());
        expect(podSecurityBaselinePolicies.map((p) => p.pssLevel)).to.deep.equal(podSecurityBaselinePolicies.map(() => "baseline"));
        expect(podSecurityRestrictedPolicies.map((p) => p.pssLevel)).to.deep.equal(podSecurityRestrictedPolicies.map(() => "restricted"));
        expect(podSecurityPolicies.filter((p) => p.name !== "read-only-root-fs").map((p) => p.name).sort()).to.deep.equal(all.map((p) => p.name).sort());
    });
    it("tag exactly the checks they implement as pss:<level>/<check>, and no bare level", () => {
        for (const p of all) {
            const primary = p.framework ? [`${p.framework.name}:${p.framework.reference}`] : [];
            const pss = [...primary, ...(p.tags ?? [])].filter((t) => t.startsWith("pss:"));
            expect(pss.sort(), p.name).to.deep.equal(p.pssChecks.map((id) => `pss:${p.pssLevel}/${id}`).sort());
        }
    });
    it("let a baseline-compliant pod through the baseline set while the restricted set flags it", async () => {
        const bare = deployment((_d, pod) => {
            delete pod.securityContext;
            pod.containers = [{ name: "app", image: "registry/app:1" }];
        });
        for (const p of podSecurityBaselinePolicies) {
            expect((await run(p, onCluster("1.35", bare))).messages, p.name).to.deep.equal([]);
        }
        const flagged = [];
        for (const p of podSecurityRestrictedPolicies) {
            if ((await run(p, onCluster("1.35", bare), {})).reported.length > 0) {
                flagged.push(p.name);
            }
        }
        expect(flagged).to.deep.equal(["capabilities-restricted", "no-privilege-escalation", "run-as-non-root", "seccomp-runtime-default"]);
    });
    it("follow each workload's own cluster when a stack has two", async () => {
        const second = "urn:pulumi:test::platform::aws:eks/cluster:Cluster::old";
        const secondProvider = "urn:pulumi:test::platform::pulumi:providers:kubernetes::old-k8s";
        const probe = (name: string): ResourceSpec => ({ ...withContainer((c) => (c.readinessProbe.httpGet.host = "10.0.0.1")), name });
        const resources: ResourceSpec[] = [
            ...onCluster("1.34", probe("new")),
            { type: "aws:eks/cluster:Cluster", name: "old", urn: second, inputs: { name: "old", version: "1.33" } },
            { type: "pulumi:providers:kubernetes", name: "old-k8s", urn: secondProvider, inputs: { kubeconfig: "{}" }, propertyDependencies: { kubeconfig: [second] } },
            { ...probe("old"), provider: secondProvider },
        ];
        const r = await run(noHostNamespacesOrPorts, resources);
        expect(r.findings.map((f) => f.resourceName)).to.deep.equal(["new"]);
    });
});

describe("policy-packs/controls/pss.json", () => {
    const file = JSON.parse(readFileSync(path.join(REPO, "policy-packs/controls/pss.json"), "utf8"));
    it("lists every upstream check once per level, with its first version when it is newer than the oldest supported", () => {
        const oldest = SUPPORTED_VERSIONS[0];
        const expected = PSS_CHECKS.map((c) => ({ id: `${c.level}/${c.id}`, minVersion: compareVersions(minVersionOf(c), oldest) > 0 ? minVersionOf(c) : undefined }));
        expect(file.controls.map((c: { id: string; minVersion?: string }) => ({ id: c.id, minVersion: c.minVersion }))).to.deep.equal(expected);
        expect(expected.filter((e) => e.minVersion).map((e) => `${e.id} ${e.minVersion}`)).to.deep.equal(["baseline/hostProbesAndHostLifecycle 1.34", "restricted/procMount_restricted 1.35"]);
        expect(file).to.include({ framework: "pss", version: `${oldest}-${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}` });
        expect(FRAMEWORKS.pss.version).to.equal(file.version);
    });
    it("is the list every pss control a policy claims comes from", () => {
        const ids = new Set(file.controls.map((c: { id: string }) => `pss:${c.id}`));
        for (const p of podSecurityPolicies) {
            for (const t of [`${p.framework?.name}:${p.framework?.reference}`, ...(p.tags ?? [])].filter((x) => x.startsWith("pss:"))) {
                expect(ids.has(t), `${p.name}: ${t}`).to.equal(true);
            }
        }
    });
});
