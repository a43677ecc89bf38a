import { expect } from "chai";
import { field, isObj, isUnknown, listOf, parseImage, pathText, UNKNOWN, walkWorkload, WORKLOAD_KINDS, workloadKind } from "../../../policy-packs/kubernetes-baseline/policies/workloads";

/**
 * The workload walker and the image parser, one condition at a time (issue #15): every kind at its
 * own pod spec path, every container group, each security setting's container-over-pod precedence,
 * and each unknown-until-apply path the walker must record rather than read as unset.
 * workloads.test.ts describes the walker.
 */

const TS = ["spec", "template", "spec"];

describe("workload walker, condition by condition", () => {
    describe("small readers", () => {
        it("isObj takes plain objects only", () => {
            expect([isObj({}), isObj({ a: 1 }), isObj(null), isObj([]), isObj("x"), isObj(undefined), isObj(1)]).to.deep.equal([true, true, false, false, false, false, false]);
        });
        it("isUnknown is the UNKNOWN marker only", () => {
            expect([isUnknown(UNKNOWN), isUnknown(undefined), isUnknown("<computed>")]).to.deep.equal([true, false, false]);
        });
        it("field reads objects only", () => {
            expect(field({ a: 1 }, "a")).to.equal(1);
            expect(field("abc", "length")).to.equal(undefined);
            expect(field(["x"], "0")).to.equal(undefined);
            expect(field(null, "a")).to.equal(undefined);
        });
        it("listOf: an array as is, unknown as unknown, anything else as empty", () => {
            const list = [1, 2];
            expect(listOf(list)).to.equal(list);
            expect(listOf(UNKNOWN)).to.equal(UNKNOWN);
            expect(listOf("a")).to.deep.equal([]);
            expect(listOf({ 0: "a" })).to.deep.equal([]);
            expect(listOf(undefined)).to.deep.equal([]);
        });
        it("pathText: a leading index, and a key after an index", () => {
            expect(pathText([])).to.equal("");
            expect(pathText(["spec"])).to.equal("spec");
            expect(pathText([0, "name"])).to.equal("[0].name");
            expect(pathText(["a", 2, 3, "b"])).to.equal("a[2][3].b");
        });
    });

    describe("workloadKind", () => {
        it("knows exactly the kinds that carry a pod spec", () => {
            expect(WORKLOAD_KINDS).to.deep.equal(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "PodTemplate", "Pod"]);
        });
        it("reads each API group, and patches", () => {
            expect(workloadKind("kubernetes:core/v1:Pod")).to.deep.equal({ kind: "Pod", patch: false });
            expect(workloadKind("kubernetes:core/v1:PodPatch")).to.deep.equal({ kind: "Pod", patch: true });
            expect(workloadKind("kubernetes:apps/v1beta2:ReplicaSet")).to.deep.equal({ kind: "ReplicaSet", patch: false });
            expect(workloadKind("kubernetes:batch/v1:Job")).to.deep.equal({ kind: "Job", patch: false });
            expect(workloadKind("kubernetes:core/v1:ReplicationControllerPatch")).to.deep.equal({ kind: "ReplicationController", patch: true });
        });
        it("refuses other groups, other kinds and anything around the token", () => {
            for (const type of [
                "kubernetes:policy/v1:Deployment",
                "kubernetes:apps/v1:DeploymentList",
                "kubernetes:apps/v1:DeploymentPatchX",
                "kubernetes:apps/v1:Deployment2",
                "xkubernetes:apps/v1:Deployment",
                "kubernetes:apps/v1:Deployment ",
                "kubernetes:apps/V1:Deployment",
                "kubernetes:apps/:Deployment",
                "kubernetes:apps/v1:",
                "kubernetes:apps/v1:Patch",
                "kubernetes:core/v1:Service",
                "kubernetes:core/v1:toString",
            ]) {
                expect(workloadKind(type), type).to.equal(undefined);
            }
        });
    });

    describe("walkWorkload", () => {
        const container = (name: string) => ({ name, image: "x:1" });
        const paths: [string, Record<string, unknown>, string][] = [
            ["kubernetes:apps/v1:Deployment", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:apps/v1:StatefulSet", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:apps/v1:DaemonSet", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:apps/v1:ReplicaSet", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:core/v1:ReplicationController", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:batch/v1:Job", { spec: { template: { spec: { containers: [container("a")] } } } }, "spec.template.spec"],
            ["kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { spec: { containers: [container("a")] } } } } } }, "spec.jobTemplate.spec.template.spec"],
            ["kubernetes:core/v1:PodTemplate", { template: { spec: { containers: [container("a")] } } }, "template.spec"],
            ["kubernetes:core/v1:Pod", { spec: { containers: [container("a")] } }, "spec"],
        ];
        for (const [type, inputs, path] of paths) {
            it(`finds the containers of ${type.split(":")[2]} at ${path}`, () => {
                const w = walkWorkload(type, inputs)!;
                expect([w.podSpecPath, w.podLabel, w.containers.map((c) => c.label)]).to.deep.equal([path, `pod ${path}`, [`container ${path}.containers[0] (a)`]]);
            });
        }

        it("returns undefined for a type without a pod spec", () => {
            expect(walkWorkload("kubernetes:core/v1:Service", { spec: {} })).to.equal(undefined);
        });

        it("gives the whole view of a workload: names, keys, settings and where each comes from", () => {
            const w = walkWorkload("kubernetes:apps/v1:DeploymentPatch", {
                metadata: { name: "api", namespace: "team-a" },
                spec: {
                    template: {
                        metadata: { annotations: { a: "b" } },
                        spec: {
                            os: { name: "linux" },
                            securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" }, appArmorProfile: { type: "RuntimeDefault" }, seLinuxOptions: { level: "s0" }, windowsOptions: { hostProcess: false } },
                            containers: [{ name: "", securityContext: { runAsNonRoot: null, runAsUser: 0, seccompProfile: { type: "Unconfined" }, windowsOptions: {} } }],
                            initContainers: ["not an object"],
                        },
                    },
                },
            })!;
            const c = [...TS, "containers", 0, "securityContext"];
            const p = [...TS, "securityContext"];
            expect(w.kind).to.equal("Deployment");
            expect(w.patch).to.equal(true);
            expect([w.name, w.namespace, w.windows, w.podAnnotations, w.unknowns, w.podSpecKeys]).to.deep.equal(["api", "team-a", false, { a: "b" }, [], TS]);
            expect(w.podSecurityContext).to.include({ runAsUser: 1000 });
            expect(w.containers.map((x) => [x.group, x.index, x.name, x.keys, x.path, x.label, x.securityContextUnknown])).to.deep.equal([
                ["containers", 0, "", [...TS, "containers", 0], "spec.template.spec.containers[0]", "container spec.template.spec.containers[0]", false],
                ["initContainers", 0, undefined, [...TS, "initContainers", 0], "spec.template.spec.initContainers[0]", "container spec.template.spec.initContainers[0]", false],
            ]);
            expect(w.containers[1].container).to.deep.equal({});
            expect(w.containers[1].securityContext).to.deep.equal({});
            expect(w.containers[0].effective).to.deep.equal({
                runAsNonRoot: { value: true, path: [...p, "runAsNonRoot"], from: "pod" },
                runAsUser: { value: 0, path: [...c, "runAsUser"], from: "container" },
                seccompProfileType: { value: "Unconfined", path: [...c, "seccompProfile", "type"], from: "container" },
                appArmorProfileType: { value: "RuntimeDefault", path: [...p, "appArmorProfile", "type"], from: "pod" },
                seLinuxOptions: { value: { level: "s0" }, path: [...p, "seLinuxOptions"], from: "pod" },
                hostProcess: { value: false, path: [...p, "windowsOptions", "hostProcess"], from: "pod" },
            });
            expect(w.containers[1].effective.runAsUser).to.deep.equal({ value: 1000, path: [...p, "runAsUser"], from: "pod" });
        });

        it("reads settings unset at both levels (null counts as unset) as unset, at the container's path", () => {
            const w = walkWorkload("kubernetes:core/v1:Pod", { spec: { securityContext: { runAsUser: null, seLinuxOptions: null }, containers: [{ name: "a", securityContext: { seLinuxOptions: null } }] } })!;
            const c = ["spec", "containers", 0, "securityContext"];
            expect(w.containers[0].effective).to.deep.equal({
                runAsNonRoot: { value: undefined, path: [...c, "runAsNonRoot"], from: "unset" },
                runAsUser: { value: undefined, path: [...c, "runAsUser"], from: "unset" },
                seccompProfileType: { value: undefined, path: [...c, "seccompProfile", "type"], from: "unset" },
                appArmorProfileType: { value: undefined, path: [...c, "appArmorProfile", "type"], from: "unset" },
                seLinuxOptions: { value: undefined, path: [...c, "seLinuxOptions"], from: "unset" },
                hostProcess: { value: undefined, path: [...c, "windowsOptions", "hostProcess"], from: "unset" },
            });
        });

        it("keeps an unknown nested setting unknown, at the path of the unknown object, on either level", () => {
            const w = walkWorkload("kubernetes:core/v1:Pod", {
                spec: { securityContext: { seccompProfile: UNKNOWN, appArmorProfile: { type: UNKNOWN } }, containers: [{ securityContext: { windowsOptions: UNKNOWN, appArmorProfile: {} } }] },
            })!;
            const e = w.containers[0].effective;
            expect(e.seccompProfileType).to.deep.equal({ value: UNKNOWN, path: ["spec", "securityContext", "seccompProfile"], from: "pod" });
            expect(e.hostProcess).to.deep.equal({ value: UNKNOWN, path: ["spec", "containers", 0, "securityContext", "windowsOptions"], from: "container" });
            expect(e.appArmorProfileType).to.deep.equal({ value: UNKNOWN, path: ["spec", "securityContext", "appArmorProfile", "type"], from: "pod" });
        });

        it("names a container's security context unknown as a whole, and the pod's", () => {
            const w = walkWorkload("kubernetes:core/v1:Pod", { spec: { securityContext: UNKNOWN, containers: [{ name: "a", securityContext: UNKNOWN }] } })!;
            expect(w.containers[0].securityContextUnknown).to.equal(true);
            expect(w.containers[0].securityContext).to.deep.equal({});
            expect(w.podSecurityContext).to.deep.equal({});
            expect(w.unknowns).to.deep.equal([["spec", "securityContext"]]);
        });

        it("records every container group unknown as a whole, the ephemeral ones too", () => {
            const w = walkWorkload("kubernetes:core/v1:Pod", { spec: { containers: UNKNOWN, initContainers: [UNKNOWN], ephemeralContainers: UNKNOWN } })!;
            expect(w.containers).to.deep.equal([]);
            expect(w.unknowns).to.deep.equal([["spec", "containers"], ["spec", "initContainers", 0], ["spec", "ephemeralContainers"]]);
        });

        it("records the first unknown step of a pod spec path, and reads an unknown pod spec as empty", () => {
            const cron = walkWorkload("kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: UNKNOWN } } })!;
            expect([cron.unknowns, cron.containers, cron.podSpec]).to.deep.equal([[["spec", "jobTemplate", "spec"]], [], {}]);
            expect(walkWorkload("kubernetes:core/v1:Pod", { spec: UNKNOWN })!.unknowns).to.deep.equal([["spec"]]);
            expect(walkWorkload("kubernetes:core/v1:Pod", UNKNOWN as never)!.unknowns).to.deep.equal([[]]);
            expect(walkWorkload("kubernetes:apps/v1:Deployment", { spec: { template: { spec: UNKNOWN } } })!.unknowns).to.deep.equal([TS]);
        });

        it("reads a pod spec that is not an object as empty, without unknowns", () => {
            const w = walkWorkload("kubernetes:apps/v1:Deployment", { spec: { template: { spec: "x" } } })!;
            expect([w.podSpec, w.containers, w.unknowns]).to.deep.equal([{}, [], []]);
            const list = walkWorkload("kubernetes:apps/v1:Deployment", { spec: { template: ["a"] } })!;
            expect([list.podSpec, list.unknowns]).to.deep.equal([{}, []]);
        });

        it("reads pod annotations from the template's metadata, a Pod's own, unknown or not an object", () => {
            expect(walkWorkload("kubernetes:core/v1:Pod", { metadata: { annotations: { x: "1" } }, spec: {} })!.podAnnotations).to.deep.equal({ x: "1" });
            expect(walkWorkload("kubernetes:batch/v1:CronJob", { spec: { jobTemplate: { spec: { template: { metadata: { annotations: { y: "2" } }, spec: {} } } } } })!.podAnnotations).to.deep.equal({ y: "2" });
            expect(walkWorkload("kubernetes:apps/v1:Deployment", { metadata: { annotations: { z: "3" } }, spec: { template: { spec: {} } } })!.podAnnotations).to.equal(undefined);
            expect(walkWorkload("kubernetes:core/v1:Pod", { metadata: { annotations: UNKNOWN }, spec: {} })!.podAnnotations).to.equal(UNKNOWN);
            expect(walkWorkload("kubernetes:core/v1:Pod", { metadata: UNKNOWN, spec: {} })!.podAnnotations).to.equal(UNKNOWN);
            expect(walkWorkload("kubernetes:core/v1:Pod", { metadata: { annotations: "a=b" }, spec: {} })!.podAnnotations).to.equal(undefined);
        });

        it("marks only pods whose os.name is windows", () => {
            expect(walkWorkload("kubernetes:core/v1:Pod", { spec: { os: { name: "linux" } } })!.windows).to.equal(false);
            expect(walkWorkload("kubernetes:core/v1:Pod", { spec: {} })!.windows).to.equal(false);
            expect(walkWorkload("kubernetes:apps/v1:Deployment", { spec: { template: { spec: { os: { name: "windows" } } } } })!.windows).to.equal(true);
        });

        it("reads the name and namespace unknown as unknown, and a list index on something else as unset", () => {
            const w = walkWorkload("kubernetes:core/v1:Pod", { metadata: UNKNOWN, spec: {} })!;
            expect([w.name, w.namespace]).to.deep.equal([UNKNOWN, UNKNOWN]);
            expect(walkWorkload("kubernetes:core/v1:Pod", { metadata: "x", spec: {} })!.namespace).to.equal(undefined);
        });
    });
});

describe("image references, condition by condition", () => {
    it("trims the reference", () => {
        expect(parseImage("  nginx:1.27  ")).to.deep.equal({ registry: undefined, repository: "nginx", tag: "1.27", digest: undefined, canonical: "docker.io/library/nginx:1.27" });
    });
    it("reads an empty tag or digest as none", () => {
        expect(parseImage("nginx:")).to.deep.equal({ registry: undefined, repository: "nginx", tag: undefined, digest: undefined, canonical: "docker.io/library/nginx:" });
        expect(parseImage("nginx@")).to.deep.equal({ registry: undefined, repository: "nginx", tag: undefined, digest: undefined, canonical: "docker.io/library/nginx" });
    });
    it("puts the digest after the tag in the canonical name", () => {
        expect(parseImage("quay.io/org/app:2@sha256:abc").canonical).to.equal("quay.io/org/app:2@sha256:abc");
        expect(parseImage("app@sha256:abc")).to.deep.equal({ registry: undefined, repository: "app", tag: undefined, digest: "sha256:abc", canonical: "docker.io/library/app@sha256:abc" });
    });
    it("splits a digest or a tag at the first character too", () => {
        expect(parseImage("@sha256:abc")).to.deep.equal({ registry: undefined, repository: "", tag: undefined, digest: "sha256:abc", canonical: "docker.io/library/@sha256:abc" });
        expect(parseImage(":1")).to.deep.equal({ registry: undefined, repository: "", tag: "1", digest: undefined, canonical: "docker.io/library/:1" });
    });
    it("takes a first component with a dot, a port or localhost for a registry, and nothing else", () => {
        expect(parseImage("localhost/api:1")).to.include({ registry: "localhost", repository: "api", canonical: "localhost/api:1" });
        expect(parseImage("host:5000/api")).to.include({ registry: "host:5000", repository: "api", tag: undefined, canonical: "host:5000/api" });
        expect(parseImage("ghcr.io/org/api:1")).to.include({ registry: "ghcr.io", repository: "org/api", canonical: "ghcr.io/org/api:1" });
        expect(parseImage("library/nginx:1")).to.include({ registry: undefined, repository: "library/nginx", canonical: "docker.io/library/nginx:1" });
        expect(parseImage("localhostx/api")).to.include({ registry: undefined, repository: "localhostx/api", canonical: "docker.io/localhostx/api" });
        expect(parseImage("/api")).to.include({ registry: undefined, repository: "/api", canonical: "docker.io//api" });
    });
});
