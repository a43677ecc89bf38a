import { expect } from "chai";
import {
    atLeast,
    BASELINE_CHECK_IDS,
    checksAt,
    compareVersions,
    evaluatePod,
    isObj,
    minorOf,
    pathText,
    PodView,
    pssCheck,
    revisionAt,
    runChecks,
    UNKNOWN,
    versionRange,
} from "../../../policy-packs/kubernetes-baseline/pss";

/**
 * The plumbing under the Pod Security Standards checks (issue #15), one condition at a time:
 * Kubernetes versions (pss/version.ts), which checks and revisions are in force at a level and a
 * version (pss/evaluate.ts, after policy/registry.go), and the read-only pod view every check reads
 * through (pss/pod.ts). A wrong answer here would switch a check off at some version, or turn a
 * value unknown until apply into a silent pass.
 */

describe("pss/version.ts", () => {
    it("reads the minor from the spellings EKS and kubectl use", () => {
        const cases: [string, string | undefined][] = [
            ["1.34", "1.34"],
            ["v1.34", "1.34"],
            ["1.34.2", "1.34"],
            ["1.34.12", "1.34"],
            ["v1.34.2-eks-113cf36", "1.34"],
            ["1.34-eks", "1.34"],
            ["1.34+k3s1", "1.34"],
            ["  1.34 ", "1.34"],
            ["12.34", "12.34"],
            ["01.034", "1.34"],
        ];
        for (const [input, minor] of cases) {
            expect(minorOf(input), input).to.equal(minor);
        }
    });
    it("rejects anything else (no prefix, no trailing junk, no minor, a non-numeric patch)", () => {
        for (const input of ["", "1", "x1.34", "version 1.34", "1.34x", "1.34.x", "1.34.2x", "1.34.", "1.x", "v", "1.34 2"]) {
            expect(minorOf(input), input).to.equal(undefined);
        }
    });
    it("compares minors numerically, majors first", () => {
        expect(compareVersions("1.34", "1.34")).to.equal(0);
        expect(compareVersions("1.9", "1.10")).to.be.lessThan(0);
        expect(compareVersions("1.10", "1.9")).to.be.greaterThan(0);
        expect(compareVersions("1.5", "2.0")).to.be.lessThan(0);
        expect(compareVersions("2.0", "1.40")).to.be.greaterThan(0);
        expect(compareVersions("1.40", "2.0")).to.be.lessThan(0);
        expect(compareVersions("v1.35.1", "1.35")).to.equal(0);
    });
    it("atLeast holds at the minimum and above, not below", () => {
        expect(atLeast("1.34", "1.34")).to.equal(true);
        expect(atLeast("1.35", "1.34")).to.equal(true);
        expect(atLeast("1.33", "1.34")).to.equal(false);
    });
    it("refuses a version that is not one, naming it and the expected form", () => {
        expect(() => compareVersions("latest", "1.34")).to.throw('not a Kubernetes version: "latest" (expected <major>.<minor>, e.g. 1.34)');
        expect(() => atLeast("1.34", "1")).to.throw('not a Kubernetes version: "1"');
    });
});

describe("pss/evaluate.ts", () => {
    it("revisionAt picks the newest revision whose minimum version is reached, none before the first", () => {
        const seLinux = pssCheck("seLinuxOptions");
        expect(revisionAt(seLinux, "1.30")).to.equal(seLinux.versions[0]);
        expect(revisionAt(seLinux, "1.31")).to.equal(seLinux.versions[1]);
        expect(revisionAt(seLinux, "1.40")).to.equal(seLinux.versions[1]);
        const sysctls = pssCheck("sysctls");
        expect(sysctls.versions.map((v) => v.minVersion)).to.deep.equal(["1.0", "1.27", "1.29", "1.32", "1.37"]);
        expect(revisionAt(sysctls, "1.31")).to.equal(sysctls.versions[2]);
        expect(revisionAt(sysctls, "1.32")).to.equal(sysctls.versions[3]);
        expect(revisionAt(pssCheck("procMount_restricted"), "1.34")).to.equal(undefined);
        expect(revisionAt(pssCheck("hostProbesAndHostLifecycle"), "1.33")).to.equal(undefined);
        expect(revisionAt(pssCheck("hostProbesAndHostLifecycle"), "1.34")).to.equal(pssCheck("hostProbesAndHostLifecycle").versions[0]);
    });

    it("baseline runs exactly the baseline checks in force at the version", () => {
        expect(checksAt("baseline", "1.33").map((c) => c.check.id)).to.deep.equal(BASELINE_CHECK_IDS.filter((id) => id !== "hostProbesAndHostLifecycle"));
        expect(checksAt("baseline", "1.35").map((c) => c.check.id)).to.deep.equal([...BASELINE_CHECK_IDS]);
    });
    it("restricted adds the restricted checks and drops the baseline checks they override (procMount from 1.35)", () => {
        const ids = (v: string) => checksAt("restricted", v).map((c) => c.check.id);
        expect(ids("1.34")).to.deep.equal([
            "hostNamespaces",
            "privileged",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "appArmorProfile",
            "seLinuxOptions",
            "procMount",
            "sysctls",
            "windowsHostProcess",
            "restrictedVolumes",
            "allowPrivilegeEscalation",
            "runAsNonRoot",
            "runAsUser",
            "seccompProfile_restricted",
            "capabilities_restricted",
        ]);
        expect(ids("1.35")).to.deep.equal([
            "hostNamespaces",
            "privileged",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "appArmorProfile",
            "seLinuxOptions",
            "sysctls",
            "windowsHostProcess",
            "restrictedVolumes",
            "allowPrivilegeEscalation",
            "runAsNonRoot",
            "runAsUser",
            "seccompProfile_restricted",
            "capabilities_restricted",
            "procMount_restricted",
        ]);
        // Before restricted capabilities existed (1.22) the baseline one still runs; runAsUser from 1.23.
        expect(ids("1.21")).to.include("capabilities_baseline").and.not.include("capabilities_restricted").and.not.include("runAsUser");
        expect(ids("1.18")).to.include("seccompProfile_baseline").and.not.include("seccompProfile_restricted");
    });
    it("each entry carries the revision in force", () => {
        const sysctls = checksAt("restricted", "1.31").find((c) => c.check.id === "sysctls");
        expect(sysctls?.revision).to.equal(pssCheck("sysctls").versions[2]);
    });

    it("runChecks runs only the given checks, each at its revision, and skips a check not yet in force", () => {
        const pod = { spec: { hostNetwork: true, containers: [{ name: "app", securityContext: { privileged: true }, livenessProbe: { httpGet: { host: "10.0.0.1" } } }] } };
        expect(runChecks(new PodView(pod), ["privileged"], "1.35").map((v) => v.check)).to.deep.equal(["privileged"]);
        expect(runChecks(new PodView(pod), ["hostNamespaces", "privileged"], "1.35").map((v) => v.check)).to.deep.equal(["hostNamespaces", "privileged"]);
        expect(runChecks(new PodView(pod), ["hostProbesAndHostLifecycle"], "1.33")).to.deep.equal([]);
        expect(runChecks(new PodView(pod), ["hostProbesAndHostLifecycle"], "1.34").map((v) => v.check)).to.deep.equal(["hostProbesAndHostLifecycle"]);
        expect(runChecks(new PodView(pod), [], "1.35")).to.deep.equal([]);
    });
    it("runChecks hands the options to the checks", () => {
        const pod = { spec: { containers: [{ name: "app", securityContext: { capabilities: { drop: ["ALL"], add: ["NET_RAW"] } } }] } };
        expect(runChecks(new PodView(pod), ["capabilities_restricted"], "1.35")).to.have.length(1);
        expect(runChecks(new PodView(pod), ["capabilities_restricted"], "1.35", { restrictedAddableCapabilities: ["NET_RAW"] })).to.deep.equal([]);
    });

    it("evaluatePod gives the violations of every check of the level and the undecided paths, from the template keys", () => {
        const doc = { spec: { template: { spec: { hostPID: true, containers: [{ name: "app", securityContext: { privileged: UNKNOWN } }] } } } };
        const r = evaluatePod(doc, "baseline", "1.35", {}, ["spec", "template"]);
        expect(r.violations).to.deep.equal([
            {
                check: "hostNamespaces",
                path: ["spec", "template", "spec", "hostPID"],
                message: "pod spec.template.spec must not share the host process ID namespace; remove hostPID or set it to false.",
            },
        ]);
        expect(r.undecided).to.deep.equal([["spec", "template", "spec", "containers", 0, "securityContext", "privileged"]]);
        expect(evaluatePod({ spec: { containers: [{ name: "a" }] } }, "baseline", "1.35")).to.deep.equal({ violations: [], undecided: [] });
    });
    it("evaluatePod at restricted reports what baseline lets through, with the options", () => {
        const pod = { spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, containers: [{ name: "a", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["CHOWN"] } } }] } };
        expect(evaluatePod(pod, "baseline", "1.35").violations).to.deep.equal([]);
        expect(evaluatePod(pod, "restricted", "1.35").violations.map((v) => v.check)).to.deep.equal(["capabilities_restricted"]);
        expect(evaluatePod(pod, "restricted", "1.35", { restrictedAddableCapabilities: ["CHOWN"] }).violations).to.deep.equal([]);
    });

    it("versionRange lists every minor from one to another inclusive, and nothing across majors or backwards", () => {
        expect(versionRange("1.31", "1.35")).to.deep.equal(["1.31", "1.32", "1.33", "1.34", "1.35"]);
        expect(versionRange("1.31", "1.31")).to.deep.equal(["1.31"]);
        expect(versionRange("1.35", "1.31")).to.deep.equal([]);
        expect(versionRange("2.30", "1.31")).to.deep.equal([]);
    });
});

describe("pss/pod.ts", () => {
    it("isObj is true only for plain objects", () => {
        expect(isObj({})).to.equal(true);
        expect(isObj(null)).to.equal(false);
        expect(isObj([])).to.equal(false);
        expect(isObj("x")).to.equal(false);
        expect(isObj(undefined)).to.equal(false);
    });
    it("pathText writes keys dotted and indexes in brackets", () => {
        expect(pathText(["spec", "template", "spec", "containers", 0, "securityContext"])).to.equal("spec.template.spec.containers[0].securityContext");
        expect(pathText([])).to.equal("");
        expect(pathText([2, "name"])).to.equal("[2].name");
        expect(pathText(["a", 1, 2])).to.equal("a[1][2]");
    });

    it("peek walks objects by key and arrays by index, and reads null as unset", () => {
        const view = new PodView({ spec: { containers: [{ name: "app" }], list: { 0: "not an array" }, nul: null } });
        expect(view.peek(["spec", "containers", 0, "name"])).to.equal("app");
        expect(view.peek(["spec", "list", 0])).to.equal(undefined);
        expect(view.peek(["spec", "containers", "0"])).to.equal(undefined);
        expect(view.peek(["spec", "nul"])).to.equal(undefined);
        expect(view.peek(["spec", "missing", "deeper"])).to.equal(undefined);
        expect(view.peek([])).to.deep.equal({ spec: { containers: [{ name: "app" }], list: { 0: "not an array" }, nul: null } });
    });
    it("peek returns UNKNOWN under an unknown parent without recording it; read records it once", () => {
        const view = new PodView({ spec: { securityContext: UNKNOWN } });
        expect(view.peek(["spec", "securityContext", "runAsUser"])).to.equal(UNKNOWN);
        expect(view.undecided).to.deep.equal([]);
        expect(view.read(["spec", "securityContext", "runAsUser"])).to.equal(UNKNOWN);
        expect(view.read(["spec", "securityContext", "runAsUser"])).to.equal(UNKNOWN);
        expect(view.spec(["securityContext", "runAsGroup"])).to.equal(UNKNOWN);
        expect(view.read(["spec", "securityContext"])).to.equal(UNKNOWN);
        expect(view.undecided).to.deep.equal([
            ["spec", "securityContext", "runAsUser"],
            ["spec", "securityContext", "runAsGroup"],
            ["spec", "securityContext"],
        ]);
        expect(view.read(["spec"])).to.deep.equal({ securityContext: UNKNOWN });
        expect(view.undecided).to.have.length(3);
    });
    it("note keeps each path once, telling apart paths that differ in one key or share a prefix", () => {
        const view = new PodView({});
        view.note(["spec", "a", 0]);
        view.note(["spec", "a", 0]);
        view.note(["spec", "a", 1]);
        view.note(["spec", "a"]);
        view.note(["spec", "b", 0]);
        view.note(["spec", "c"]);
        view.note(["spec", "c", "d"]);
        expect(view.undecided).to.deep.equal([
            ["spec", "a", 0],
            ["spec", "a", 1],
            ["spec", "a"],
            ["spec", "b", 0],
            ["spec", "c"],
            ["spec", "c", "d"],
        ]);
    });
    it("list gives the known elements with their keys and index, records unknown ones, skips null ones", () => {
        const view = new PodView({ spec: { volumes: [{ name: "a" }, UNKNOWN, null, { name: "d" }], other: "x", unknownList: UNKNOWN } });
        expect(view.list(["spec", "volumes"])).to.deep.equal([
            { value: { name: "a" }, keys: ["spec", "volumes", 0], index: 0 },
            { value: { name: "d" }, keys: ["spec", "volumes", 3], index: 3 },
        ]);
        expect(view.undecided).to.deep.equal([["spec", "volumes", 1]]);
        expect(view.list(["spec", "other"])).to.deep.equal([]);
        expect(new PodView({ list: [undefined, "b"] }).list(["list"])).to.deep.equal([{ value: "b", keys: ["list", 1], index: 1 }]);
        expect(view.list(["spec", "missing"])).to.deep.equal([]);
        expect(view.list(["spec", "unknownList"])).to.deep.equal([]);
        expect(view.undecided).to.deep.equal([
            ["spec", "volumes", 1],
            ["spec", "unknownList"],
        ]);
    });
    it("containers lists regular, init and ephemeral containers in that order, labelled by path and name", () => {
        const view = new PodView(
            {
                spec: {
                    template: {
                        spec: {
                            ephemeralContainers: [{ name: "debug" }],
                            initContainers: [{ name: "" }, { image: "x" }, { name: 7 }],
                            containers: [{ name: "app" }, UNKNOWN],
                        },
                    },
                },
            },
            ["spec", "template"],
        );
        const list = view.containers();
        expect(list).to.deep.equal([
            { group: "containers", index: 0, keys: ["spec", "template", "spec", "containers", 0], label: "container spec.template.spec.containers[0] (app)" },
            { group: "initContainers", index: 0, keys: ["spec", "template", "spec", "initContainers", 0], label: "container spec.template.spec.initContainers[0]" },
            { group: "initContainers", index: 1, keys: ["spec", "template", "spec", "initContainers", 1], label: "container spec.template.spec.initContainers[1]" },
            { group: "initContainers", index: 2, keys: ["spec", "template", "spec", "initContainers", 2], label: "container spec.template.spec.initContainers[2]" },
            { group: "ephemeralContainers", index: 0, keys: ["spec", "template", "spec", "ephemeralContainers", 0], label: "container spec.template.spec.ephemeralContainers[0] (debug)" },
        ]);
        expect(view.undecided).to.deep.equal([["spec", "template", "spec", "containers", 1]]);
        expect(view.containers()).to.equal(list);
        expect(view.undecided).to.have.length(1);
        expect(view.specKeys).to.deep.equal(["spec", "template", "spec"]);
        expect(view.metadataKeys).to.deep.equal(["spec", "template", "metadata"]);
        expect(view.podLabel).to.equal("pod spec.template.spec");
        expect(new PodView({}).podLabel).to.equal("pod spec");
    });
    it("windows() and userNamespace() say true, false or UNKNOWN without recording", () => {
        const view = (spec: unknown) => new PodView({ spec });
        expect(view({ os: { name: "windows" } }).windows()).to.equal(true);
        expect(view({ os: { name: "linux" } }).windows()).to.equal(false);
        expect(view({}).windows()).to.equal(false);
        const unknownOs = view({ os: { name: UNKNOWN } });
        expect(unknownOs.windows()).to.equal(UNKNOWN);
        expect(view({ os: UNKNOWN }).windows()).to.equal(UNKNOWN);
        expect(unknownOs.undecided).to.deep.equal([]);

        expect(view({ hostUsers: false }).userNamespace()).to.equal(true);
        expect(view({ hostUsers: true }).userNamespace()).to.equal(false);
        expect(view({}).userNamespace()).to.equal(false);
        const unknownUsers = view({ hostUsers: UNKNOWN });
        expect(unknownUsers.userNamespace()).to.equal(UNKNOWN);
        expect(unknownUsers.undecided).to.deep.equal([]);
    });
});
