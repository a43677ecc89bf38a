import { expect } from "chai";
import { parseImage, pathText, UNKNOWN, walkWorkload, workloadKind } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import { cronJob, deploymentInputs, restrictedContainer } from "./fixtures";

describe("workload walker", () => {
    it("finds the pod spec of each workload kind, in any API version, and patches", () => {
        expect(workloadKind("kubernetes:apps/v1:Deployment")).to.deep.equal({ kind: "Deployment", patch: false });
        expect(workloadKind("kubernetes:apps/v1:StatefulSetPatch")).to.deep.equal({ kind: "StatefulSet", patch: true });
        expect(workloadKind("kubernetes:batch/v1beta1:CronJob")).to.deep.equal({ kind: "CronJob", patch: false });
        expect(workloadKind("kubernetes:extensions/v1beta1:DaemonSet")).to.deep.equal({ kind: "DaemonSet", patch: false });
        expect(workloadKind("kubernetes:core/v1:Service")).to.equal(undefined);
        expect(workloadKind("kubernetes:helm.sh/v3:Release")).to.equal(undefined);
        expect(workloadKind("aws:eks/cluster:Cluster")).to.equal(undefined);
    });
    it("gives each container its path, label and kind, containers then init then ephemeral", () => {
        const d = deploymentInputs();
        d.spec.template.spec.initContainers = [restrictedContainer("init")];
        d.spec.template.spec.ephemeralContainers = [{ name: "debug", image: "busybox:1.36" }];
        const w = walkWorkload("kubernetes:apps/v1:Deployment", d)!;
        expect(w.podSpecPath).to.equal("spec.template.spec");
        expect(w.podLabel).to.equal("pod spec.template.spec");
        expect(w.namespace).to.equal("team-a");
        expect(w.containers.map((c) => [c.group, c.path, c.label])).to.deep.equal([
            ["containers", "spec.template.spec.containers[0]", "container spec.template.spec.containers[0] (app)"],
            ["initContainers", "spec.template.spec.initContainers[0]", "container spec.template.spec.initContainers[0] (init)"],
            ["ephemeralContainers", "spec.template.spec.ephemeralContainers[0]", "container spec.template.spec.ephemeralContainers[0] (debug)"],
        ]);
        expect(w.unknowns).to.deep.equal([]);
    });
    it("lets the container's security context override the pod's", () => {
        const d = deploymentInputs();
        d.spec.template.spec.containers[0].securityContext.runAsUser = 2000;
        d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: "Localhost", localhostProfile: "p.json" };
        const c = walkWorkload("kubernetes:apps/v1:Deployment", d)!.containers[0];
        expect(c.effective.runAsNonRoot).to.deep.equal({ value: true, path: ["spec", "template", "spec", "securityContext", "runAsNonRoot"], from: "pod" });
        expect(c.effective.runAsUser).to.deep.equal({ value: 2000, path: ["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"], from: "container" });
        expect(c.effective.seccompProfileType.value).to.equal("Localhost");
        expect(c.effective.appArmorProfileType).to.deep.equal({ value: undefined, path: ["spec", "template", "spec", "containers", 0, "securityContext", "appArmorProfile", "type"], from: "unset" });
    });
    it("walks CronJobs, Pods and PodTemplates at their own paths", () => {
        const cron = cronJob();
        expect(walkWorkload(cron.type, cron.inputs)!.containers[0].path).to.equal("spec.jobTemplate.spec.template.spec.containers[0]");
        expect(walkWorkload("kubernetes:core/v1:Pod", { spec: { containers: [{ name: "a" }] } })!.containers[0].path).to.equal("spec.containers[0]");
        expect(walkWorkload("kubernetes:core/v1:PodTemplate", { template: { spec: { containers: [{}] } } })!.containers[0].label).to.equal("container template.spec.containers[0]");
    });
    it("records what it cannot see instead of guessing", () => {
        const d = deploymentInputs();
        d.spec.template.spec.initContainers = UNKNOWN;
        d.spec.template.spec.containers.push(UNKNOWN);
        const w = walkWorkload("kubernetes:apps/v1:Deployment", d)!;
        expect(w.containers).to.have.length(1);
        expect(w.unknowns).to.deep.equal([
            ["spec", "template", "spec", "containers", 1],
            ["spec", "template", "spec", "initContainers"],
        ]);
        const whole = walkWorkload("kubernetes:apps/v1:Deployment", { spec: { template: UNKNOWN } })!;
        expect(whole.unknowns).to.deep.equal([["spec", "template"]]);
    });
    it("marks patches and Windows pods", () => {
        expect(walkWorkload("kubernetes:batch/v1:JobPatch", { spec: {} })!.patch).to.equal(true);
        expect(walkWorkload("kubernetes:core/v1:Pod", { spec: { os: { name: "windows" }, containers: [] } })!.windows).to.equal(true);
    });
    it("writes paths the way messages show them", () => {
        expect(pathText(["spec", "template", "spec", "containers", 0, "ports", 1])).to.equal("spec.template.spec.containers[0].ports[1]");
    });
});

describe("image references", () => {
    const table: [string, Partial<ReturnType<typeof parseImage>>][] = [
        ["nginx", { registry: undefined, repository: "nginx", tag: undefined, digest: undefined, canonical: "docker.io/library/nginx" }],
        ["nginx:1.27", { repository: "nginx", tag: "1.27", canonical: "docker.io/library/nginx:1.27" }],
        ["bitnami/redis:7.2", { repository: "bitnami/redis", tag: "7.2", canonical: "docker.io/bitnami/redis:7.2" }],
        ["localhost:5000/api", { registry: "localhost:5000", repository: "api", tag: undefined }],
        ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.0@sha256:abc", { registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", repository: "team/api", tag: "1.0", digest: "sha256:abc" }],
        ["registry.k8s.io/pause@sha256:def", { registry: "registry.k8s.io", repository: "pause", tag: undefined, digest: "sha256:def" }],
    ];
    for (const [image, expected] of table) {
        it(`parses ${image}`, () => {
            expect(parseImage(image)).to.include(expected);
        });
    }
});
