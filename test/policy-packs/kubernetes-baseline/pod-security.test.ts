import { expect } from "chai";
import {
    baselineMisc,
    capabilitiesRestricted,
    noHostNamespacesOrPorts,
    noHostPath,
    noPrivileged,
    noPrivilegeEscalation,
    readOnlyRootFs,
    restrictedVolumeTypes,
    runAsNonRoot,
    seccompRuntimeDefault,
} from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { C0, cronJob, deployment, POD, restrictedContainer, run, withContainer } from "./fixtures";

const INIT = "container spec.template.spec.initContainers[0] (init)";
const DEBUG = "container spec.template.spec.ephemeralContainers[0] (debug)";

describe("no-privileged", () => {
    const priv = { ...restrictedContainer(), securityContext: { ...restrictedContainer().securityContext, privileged: true } };
    for (const [type, at, path] of [
        ["kubernetes:core/v1:PodTemplate", (spec: unknown) => ({ template: { spec } }), "template.spec"],
        ["kubernetes:core/v1:PodTemplatePatch", (spec: unknown) => ({ template: { spec } }), "template.spec"],
        ["kubernetes:apps/v1:StatefulSetPatch", (spec: unknown) => ({ spec: { template: { spec } } }), "spec.template.spec"],
        ["kubernetes:batch/v1:CronJobPatch", (spec: unknown) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }), "spec.jobTemplate.spec.template.spec"],
        ["kubernetes:core/v1:PodPatch", (spec: unknown) => ({ spec }), "spec"],
    ] as const) {
        it(`checks a ${type.split(":")[2]}: passes a restricted container, rejects a privileged one`, async () => {
            const spec = (containers: unknown[]) => ({ type, name: "x", inputs: { metadata: { name: "x", namespace: "team-a" }, ...at({ containers }) } });
            expect((await run(noPrivileged, spec([restrictedContainer()]))).messages).to.deep.equal([]);
            expect((await run(noPrivileged, spec([priv]))).reported).to.deep.equal([`container ${path}.containers[0] (app) must not be privileged; remove securityContext.privileged or set it to false.`]);
        });
    }
    it("passes the compliant restricted Deployment", async () => {
        const r = await run(noPrivileged, deployment());
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a privileged container with the description, the container path and the fix", async () => {
        const r = await run(noPrivileged, withContainer((c) => (c.securityContext.privileged = true)));
        expect(r.reported).to.deep.equal([`${C0} must not be privileged; remove securityContext.privileged or set it to false.`]);
        expect(r.messages[0]).to.equal(`Checks whether any container runs privileged.\n${r.reported[0]}`);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:4.2.1", "pss:baseline", "checkov:CKV_K8S_16"]);
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
    });
    it("checks a workload whose namespace is known only after apply", async () => {
        const r = await run(noPrivileged, deployment((d, pod) => {
            d.metadata.namespace = "<computed>";
            pod.containers[0].securityContext.privileged = true;
        }));
        expect(r.reported).to.have.length(1);
    });
    it("reports a privileged flag known only after apply as advisory, never mandatory", async () => {
        const r = await run(noPrivileged, withContainer((c) => (c.securityContext.privileged = "<computed>")));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("is not applicable to Helm releases, whose objects it cannot see", async () => {
        const r = await run(noPrivileged, { type: "kubernetes:helm.sh/v3:Release", inputs: { chart: "x", namespace: "team-a" } });
        expect(r.outcome).to.equal("notApplicable");
    });
    it("is not applicable to other kinds", async () => {
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
            const r = await run(noHostNamespacesOrPorts, deployment((_d, pod) => mutate(pod)));
            expect(r.reported).to.deep.equal([message]);
        });
    }
    it("accepts hostNetwork: false and hostPort: 0", async () => {
        const r = await run(noHostNamespacesOrPorts, deployment((_d, pod) => {
            pod.hostNetwork = false;
            pod.containers[0].ports[0].hostPort = 0;
        }));
        expect(r.messages).to.deep.equal([]);
    });
});

describe("no-hostpath", () => {
    it("passes emptyDir and configMap volumes", async () => {
        expect((await run(noHostPath, deployment())).messages).to.deep.equal([]);
    });
    it("rejects a hostPath volume, naming it and the path", async () => {
        const r = await run(noHostPath, deployment((_d, pod) => pod.volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock" } })));
        expect(r.reported).to.deep.equal([`${POD} volume docker (volumes[2]) must not be a hostPath volume (/var/run/docker.sock); use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`]);
        expect(r.findings[0].controls).to.deep.equal(["pss:baseline", "checkov:CKV_K8S_27"]);
    });
    it("rejects a hostPath whose path is known only after apply", async () => {
        const r = await run(noHostPath, deployment((_d, pod) => pod.volumes.push({ name: "data", hostPath: { path: "<computed>" } })));
        expect(r.reported).to.deep.equal([`${POD} volume data (volumes[2]) must not be a hostPath volume; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.`]);
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
    it("rejects a drop list without ALL", async () => {
        const r = await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.drop = ["NET_RAW"])));
        expect(r.reported).to.deep.equal([DROP]);
    });
    it("rejects added capabilities outside the allowed list", async () => {
        const r = await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.add = ["SYS_ADMIN", "NET_BIND_SERVICE", "NET_RAW"])));
        expect(r.reported).to.deep.equal([`${C0} must not add capabilities SYS_ADMIN and NET_RAW; remove them from securityContext.capabilities.add (allowed: NET_BIND_SERVICE).`]);
    });
    it("accepts NET_BIND_SERVICE, also written CAP_NET_BIND_SERVICE", async () => {
        expect((await run(capabilitiesRestricted, withContainer((c) => (c.securityContext.capabilities.add = ["CAP_NET_BIND_SERVICE"])))).messages).to.deep.equal([]);
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
        const r = await run(noPrivilegeEscalation, deployment((_d, pod) => {
            pod.os = { name: "windows" };
            delete pod.containers[0].securityContext.allowPrivilegeEscalation;
        }));
        expect(r.messages).to.deep.equal([]);
    });
});

describe("run-as-non-root", () => {
    it("passes runAsNonRoot at pod level", async () => {
        expect((await run(runAsNonRoot, deployment())).messages).to.deep.equal([]);
    });
    it("passes runAsNonRoot set only on the container", async () => {
        const r = await run(runAsNonRoot, deployment((_d, pod) => {
            delete pod.securityContext.runAsNonRoot;
            pod.containers[0].securityContext.runAsNonRoot = true;
        }));
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
    it("rejects runAsUser 0 inherited from the pod", async () => {
        const r = await run(runAsNonRoot, deployment((_d, pod) => (pod.securityContext.runAsUser = 0)));
        expect(r.reported).to.deep.equal([`${C0} must not run as UID 0; set securityContext.runAsUser to a non-zero UID.`]);
    });
    it("rejects pod-level runAsUser 0 and runAsNonRoot false even when every container overrides them", async () => {
        const r = await run(runAsNonRoot, deployment((_d, pod) => {
            pod.securityContext.runAsUser = 0;
            pod.securityContext.runAsNonRoot = false;
            pod.containers[0].securityContext.runAsUser = 10001;
            pod.containers[0].securityContext.runAsNonRoot = true;
        }));
        expect(r.reported).to.deep.equal([`${POD} must not set securityContext.runAsNonRoot: false; set it to true.`, `${POD} must not set securityContext.runAsUser: 0; use a non-zero UID.`]);
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
        const r = await run(seccompRuntimeDefault, deployment((_d, pod) => {
            delete pod.securityContext.seccompProfile;
            pod.containers[0].securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/api.json" };
        }));
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects no profile at either level", async () => {
        const r = await run(seccompRuntimeDefault, deployment((_d, pod) => delete pod.securityContext.seccompProfile));
        expect(r.reported).to.deep.equal([`${C0} must set a seccomp profile; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`]);
    });
    it("rejects a container that overrides with Unconfined", async () => {
        const r = await run(seccompRuntimeDefault, withContainer((c) => (c.securityContext.seccompProfile = { type: "Unconfined" })));
        expect(r.reported).to.deep.equal([`${C0} must use seccomp profile RuntimeDefault or Localhost, not Unconfined; set securityContext.seccompProfile.type: RuntimeDefault.`]);
    });
    it("rejects Unconfined at pod level even when every container overrides it", async () => {
        const r = await run(seccompRuntimeDefault, deployment((_d, pod) => {
            pod.securityContext.seccompProfile = { type: "Unconfined" };
            pod.containers[0].securityContext.seccompProfile = { type: "RuntimeDefault" };
        }));
        expect(r.reported).to.deep.equal([`${POD} must not set seccomp profile Unconfined; set securityContext.seccompProfile.type: RuntimeDefault.`]);
    });
});

describe("baseline-misc", () => {
    it("passes the compliant Deployment, container_t and safe sysctls", async () => {
        const r = await run(baselineMisc, deployment((_d, pod) => {
            pod.securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" };
            pod.securityContext.sysctls = [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }];
            pod.containers[0].securityContext.procMount = "Default";
            pod.containers[0].securityContext.appArmorProfile = { type: "RuntimeDefault" };
        }));
        expect(r.messages).to.deep.equal([]);
    });
    const cases: [string, (pod: any, d: any) => void, string][] = [
        ["an unmasked /proc", (pod) => (pod.containers[0].securityContext.procMount = "Unmasked"), `${C0} must use the default /proc mount; remove securityContext.procMount or set it to Default.`],
        [
            "an SELinux type outside the allow-list",
            (pod) => (pod.containers[0].securityContext.seLinuxOptions = { type: "spc_t" }),
            `${C0} must not use SELinux type spc_t; use container_t, container_init_t, container_kvm_t or container_engine_t, or leave securityContext.seLinuxOptions.type unset.`,
        ],
        ["a custom SELinux user", (pod) => (pod.securityContext.seLinuxOptions = { user: "system_u" }), `${POD} must not set securityContext.seLinuxOptions.user; remove it.`],
        [
            "unsafe sysctls",
            (pod) => (pod.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }, { name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "net.core.somaxconn", value: "1024" }]),
            `${POD} must not set unsafe sysctls kernel.msgmax and net.core.somaxconn; remove them from securityContext.sysctls (only the Pod Security Standards safe set is allowed).`,
        ],
        [
            "AppArmor Unconfined",
            (pod) => (pod.containers[0].securityContext.appArmorProfile = { type: "Unconfined" }),
            `${C0} must not run AppArmor Unconfined; set securityContext.appArmorProfile.type: RuntimeDefault or leave it unset.`,
        ],
        [
            "an unconfined AppArmor annotation",
            (_pod, d) => (d.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
            `${POD} annotation container.apparmor.security.beta.kubernetes.io/app must not be unconfined; use runtime/default or localhost/<profile>.`,
        ],
    ];
    for (const [what, mutate, message] of cases) {
        it(`rejects ${what}`, async () => {
            const r = await run(baselineMisc, deployment((d, pod) => mutate(pod, d)));
            expect(r.reported).to.deep.equal([message]);
        });
    }
});

describe("restricted-volume-types", () => {
    it("passes emptyDir and configMap", async () => {
        expect((await run(restrictedVolumeTypes, deployment())).messages).to.deep.equal([]);
    });
    it("flags an nfs volume as advisory", async () => {
        const r = await run(restrictedVolumeTypes, deployment((_d, pod) => pod.volumes.push({ name: "shared", nfs: { server: "fs.internal", path: "/" } })));
        expect(r.reported).to.deep.equal([
            `${POD} volume shared (volumes[2]) must use an allowed volume type, not nfs; use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret.`,
        ]);
    });
    it("is advisory by default", async () => {
        expect(restrictedVolumeTypes.enforcementLevel).to.equal("advisory");
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
