import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KARPENTER_CHART_VERSION } from "../../../components/cluster/karpenter";
import { CHART_KUBERNETES_COMPATIBILITY, CHARTS } from "../../../components/kubernetes/versions";
import { OBSERVABILITY_CHARTS } from "../../../components/observability/versions";
import { Plan, PlanResource } from "../../../tools/plan/model";
import { stackFilePath } from "../../../tools/plan/stack-file";
import { API_CHANGES, apiChangesUsed, apiOf } from "../../../tools/upgrade/api-removals";
import { checkTarget, planUpgrade, settingsChange, UpgradeRefused } from "../../../tools/upgrade/plan";
import { renderUpgradeMarkdown, UPGRADE_SECTIONS } from "../../../tools/upgrade/render";
import { cli } from "../../support/cli";

const TODAY = new Date("2026-12-02T00:00:00Z");

function resource(type: string, name: string, inputs: Record<string, unknown> = {}, custom = true): PlanResource {
    return {
        urn: `urn:pulumi:fixture::platform::${type}::${name}`,
        type,
        name,
        custom,
        inputs,
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
    };
}

/** A workload stack's plan, small: a cluster on `version`, one pool, two add-ons, a chart, and `extra`. */
function syntheticPlan(version: string, extra: PlanResource[] = []): Plan {
    const resources = [
        resource("aws:eks/cluster:Cluster", "platform-fixture", { version }),
        resource("aws:eks/nodeGroup:NodeGroup", "platform-fixture-system", { version, scalingConfig: { minSize: 2, desiredSize: 4, maxSize: 6 }, updateConfig: { maxUnavailablePercentage: 50 } }),
        resource("aws:eks/addon:Addon", "platform-fixture-kube-proxy", { addonName: "kube-proxy", addonVersion: "v1.31.3-eksbuild.2" }),
        resource("aws:eks/addon:Addon", "platform-fixture-vpc-cni", { addonName: "vpc-cni", addonVersion: "v1.20.4-eksbuild.2" }),
        resource("kubernetes:helm.sh/v3:Release", "platform-fixture-cert-manager", { chart: "cert-manager", version: "v1.21.2", name: "cert-manager" }),
        ...extra,
    ];
    return {
        formatVersion: 1,
        project: "platform",
        stack: "fixture",
        stackFile: "test/fixtures/Pulumi.fixture.yaml",
        config: { "platform:role": "workload", "platform:cluster": { version } },
        resources,
        outputs: {},
        summary: { resourceCount: resources.length, customResourceCount: resources.length, componentCount: 0, byType: {} },
    };
}

const STACK_TEXT = `config:\n  platform:role: workload\n  platform:cluster:\n    # the cluster's minor\n    version: "1.31"\n    logRetentionDays: 365\n  platform:observability:\n    version: "9.9"\n`;

describe("upgrade planning: removed APIs", () => {
    it("lists a manifest on an API the target removes, with its replacement, as a blocker", () => {
        const flowSchema = resource("kubernetes:flowcontrol.apiserver.k8s.io/v1beta3:FlowSchema", "ci-runners-flow", { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema" });
        const u = planUpgrade({ plan: syntheticPlan("1.31", [flowSchema]), target: "1.32", stackFileText: STACK_TEXT, today: TODAY });
        expect(u.removedApis.map((r) => [r.change.apiVersion, r.change.kind, r.change.removedIn, r.change.replacement, r.resources])).to.deep.equal([
            ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32", "flowcontrol.apiserver.k8s.io/v1", ["ci-runners-flow"]],
        ]);
        expect(u.blockers.filter((b) => !b.startsWith("chart "))).to.deep.equal(["flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is not served by 1.32 (removed in 1.32) and ci-runners-flow uses it: move to flowcontrol.apiserver.k8s.io/v1 FlowSchema before the upgrade"]);
        const md = renderUpgradeMarkdown(u);
        expect(md).to.include("| flowcontrol.apiserver.k8s.io/v1beta3 | FlowSchema | removed in 1.32 | flowcontrol.apiserver.k8s.io/v1 | ci-runners-flow |");
    });

    it("finds the 1.25 removals by apiVersion and kind, from inputs or from the type token", () => {
        const pdb = resource("kubernetes:policy/v1beta1:PodDisruptionBudget", "old-pdb");
        const cron = resource("kubernetes:batch/v1beta1:CronJob", "old-cron", { apiVersion: "batch/v1beta1", kind: "CronJob" });
        const psp = resource("kubernetes:policy/v1beta1:PodSecurityPolicy", "old-psp");
        const current = resource("kubernetes:policy/v1:PodDisruptionBudget", "new-pdb");
        const { removed } = apiChangesUsed([pdb, cron, psp, current], "1.25");
        expect(removed.map((r) => `${r.change.apiVersion} ${r.change.kind} -> ${r.change.replacement ?? "none"}: ${r.resources.join(",")}`)).to.deep.equal([
            "policy/v1beta1 PodDisruptionBudget -> policy/v1: old-pdb",
            "batch/v1beta1 CronJob -> batch/v1: old-cron",
            "policy/v1beta1 PodSecurityPolicy -> none: old-psp",
        ]);
        expect(apiChangesUsed([pdb], "1.24").removed).to.deep.equal([]);
        expect(apiOf(resource("kubernetes:core/v1:Endpoints", "e"))).to.deep.equal({ apiVersion: "v1", kind: "Endpoints" });
        expect(apiChangesUsed([resource("kubernetes:core/v1:Endpoints", "e")], "1.33").deprecated.map((d) => d.change.replacement)).to.deep.equal(["discovery.k8s.io/v1"]);
    });

    it("keeps the removals of 1.25 through 1.32 from the migration guide", () => {
        const removedIn = (v: string) => API_CHANGES.filter((c) => c.removedIn === v).map((c) => `${c.apiVersion} ${c.kind}`);
        expect(removedIn("1.25")).to.include.members(["batch/v1beta1 CronJob", "policy/v1beta1 PodDisruptionBudget", "policy/v1beta1 PodSecurityPolicy"]);
        expect(removedIn("1.26")).to.include.members(["autoscaling/v2beta2 HorizontalPodAutoscaler", "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema"]);
        expect(removedIn("1.27")).to.deep.equal(["storage.k8s.io/v1beta1 CSIStorageCapacity"]);
        expect(removedIn("1.29")).to.have.length(2);
        expect(removedIn("1.32")).to.have.length(2);
    });
});

describe("upgrade planning: refusals", () => {
    const refusal = (current: string, target: string) => {
        try {
            checkTarget(current, target);
            return undefined;
        } catch (e) {
            expect(e).to.be.instanceOf(UpgradeRefused);
            return (e as Error).message;
        }
    };

    it("refuses a skipped minor with the rule", () => {
        expect(refusal("1.32", "1.34")).to.equal(
            "--to 1.34 skips minor 1.33: EKS upgrades a control plane one minor at a time, and the version skew policy keeps kube-apiserver instances within one minor of each other during the roll; upgrade to 1.33 first, let it soak, then plan 1.33 → 1.34",
        );
        expect(refusal("1.31", "1.34")).to.match(/^--to 1\.34 skips minors 1\.32, 1\.33: /);
    });

    it("refuses a target not in the supported table, a downgrade, and what is not a minor", () => {
        expect(refusal("1.35", "1.36")).to.match(/^--to 1\.36 is not in the supported table \(components\/cluster\/versions\.ts: 1\.31, 1\.32, 1\.33, 1\.34, 1\.35\); add its row first/);
        expect(refusal("1.34", "1.33")).to.match(/^--to 1\.33 is not newer than the cluster's 1\.34: EKS cannot downgrade/);
        expect(refusal("1.34", "1.35.2")).to.match(/is not a Kubernetes minor such as 1\.35/);
        expect(refusal("1.34", "1.35")).to.equal(undefined);
    });
});

describe("upgrade planning: the plan", () => {
    const u = planUpgrade({ plan: syntheticPlan("1.31"), target: "1.32", stackFileText: STACK_TEXT, today: TODAY });

    it("moves the managed add-ons to the target's pins and checks every chart against its range", () => {
        expect(u.addons).to.deep.equal([
            { addon: "kube-proxy", current: "v1.31.3-eksbuild.2", target: "v1.32.0-eksbuild.2" },
            { addon: "vpc-cni", current: "v1.20.4-eksbuild.2", target: "v1.20.4-eksbuild.2" },
        ]);
        // cert-manager 1.21 supports 1.33 to 1.36: a 1.32 cluster is outside it.
        expect(u.charts.map((c) => [c.chart, c.status])).to.deep.equal([["cert-manager", "incompatible"]]);
        expect(u.blockers[0]).to.match(/^chart cert-manager v1\.21\.2 \(release cert-manager\) supports Kubernetes 1\.33 to 1\.36, not 1\.32/);
    });

    it("names the settings line to change, and the time from the deploy-time model", () => {
        expect(u.settings).to.deep.equal({ file: "test/fixtures/Pulumi.fixture.yaml", line: 5, before: 'version: "1.31"', after: 'version: "1.32"' });
        // 10 (control plane) + 1.5 (add-ons) + 4 nodes at 50%: 2 batches of 5 minutes.
        expect(u.minutes).to.deep.equal({ controlPlane: 10, addons: 1.5, nodePools: 10, total: 21.5 });
        expect(settingsChange("f", "config:\n  platform:cluster: {}\n", "1.31", "1.32")).to.deep.equal({ file: "f", before: 'version: "1.31"', after: 'version: "1.32"' });
    });

    it("renders the sections in order, the skew rules and the order of the upgrade", () => {
        const md = renderUpgradeMarkdown(u);
        const at = UPGRADE_SECTIONS.map((s) => md.indexOf(`\n## ${s}\n`));
        expect(at.every((i) => i > 0), `sections ${UPGRADE_SECTIONS.join(", ")}`).to.equal(true);
        expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
        expect(md).to.include("kubelet may be up to three minors older than kube-apiserver (since 1.28");
        expect(md).to.include("kube-proxy must not be newer than kube-apiserver");
        for (const step of ["**Control plane**", "**Managed add-ons**", "**Node pools, blue/green**", "**The rest**"]) {
            expect(md).to.include(step);
        }
        expect(md.indexOf("**Control plane**")).to.be.below(md.indexOf("**Managed add-ons**"));
        expect(md.indexOf("**Managed add-ons**")).to.be.below(md.indexOf("**Node pools, blue/green**"));
        expect(md).to.include('```diff\n-    version: "1.31"\n+    version: "1.32"\n```');
        expect(md).to.include("https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (read 2026-12-02)");
    });
});

describe("versions tables", () => {
    it("has a compatibility row for the pinned version of every chart the platform installs", () => {
        const pins = [...Object.values(CHARTS), ...Object.values(OBSERVABILITY_CHARTS)].map((p) => `${p.chart} ${p.version}`);
        const rows = CHART_KUBERNETES_COMPATIBILITY.map((r) => `${r.chart} ${r.version}`);
        expect(rows.sort()).to.deep.equal([...pins, `karpenter ${KARPENTER_CHART_VERSION}`].sort());
        for (const r of CHART_KUBERNETES_COMPATIBILITY) {
            expect(r.read, `${r.chart}: date read`).to.match(/^\d{4}-\d{2}-\d{2}$/);
            expect(r.source, `${r.chart}: source`).to.match(/^https:\/\//);
        }
    });
});

describe("npm run upgrade", function () {
    this.timeout(120_000);

    it("plans prod 1.34 → 1.35 from its offline plan, and writes the markdown with --out", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-")), "prod-1.35.md");
        const run = await cli("upgrade", "--stack", "prod", "--to", "1.35", "--out", out);
        expect(run.err).to.equal("");
        expect(run.code).to.equal(0);
        expect(run.out).to.include("# Upgrade plan: stack prod, Kubernetes 1.34 → 1.35");
        expect(run.out).to.match(/`stacks\/Pulumi\.prod\.yaml`, line \d+, under `platform:cluster`/);
        expect(run.out).to.include("| kube-proxy | v1.34.0-eksbuild.2 | v1.35.0-eksbuild.2 | updated |");
        expect(run.out).to.include("**Karpenter drift**");
        expect(fs.readFileSync(out, "utf8")).to.include("## Settings change");
    });

    it("refuses a skipped minor and an unsupported target with exit code 2, before planning", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upgrade-"));
        const file = path.join(dir, "Pulumi.prod.yaml");
        fs.writeFileSync(file, fs.readFileSync(stackFilePath("prod"), "utf8").replace(/^(\s+)version: "1\.34"/m, '$1version: "1.32"'));
        const skip = await cli("upgrade", "--stack-file", file, "--to", "1.34");
        expect([skip.code, skip.out]).to.deep.equal([2, ""]);
        expect(skip.err).to.match(/^refused: --to 1\.34 skips minor 1\.33: EKS upgrades a control plane one minor at a time/);
        const unsupported = await cli("upgrade", "--stack", "prod", "--to", "1.36");
        expect(unsupported.code).to.equal(2);
        expect(unsupported.err).to.match(/^refused: --to 1\.36 is not in the supported table/);
    });

    it("answers --help and a missing --to", async () => {
        const help = await cli("upgrade", "--help");
        expect([help.code, help.out]).to.deep.equal([0, `${(await import("../../../tools/cli/upgrade-command")).UPGRADE_USAGE_TEXT}\n`]);
        const missing = await cli("upgrade", "--stack", "prod");
        expect(missing.code).to.equal(2);
        expect(missing.err).to.match(/^error: upgrade needs --to <minor>/);
        const network = await cli("upgrade", "--stack", "network", "--to", "1.35");
        expect([network.code, network.err]).to.deep.equal([2, 'refused: the stack has no cluster to upgrade (platform:role is "network"; only workload stacks set platform:cluster.version)\n']);
    });
});
