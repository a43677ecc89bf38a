import { ADDON_VERSIONS_SOURCE, KUBERNETES_RELEASES, kubernetesRelease, RELEASE_CALENDAR_SOURCE, supportStatus, SUPPORTED_VERSIONS } from "../../components/cluster/versions";
import { CHART_KUBERNETES_COMPATIBILITY, ChartCompatibility } from "../../components/kubernetes/versions";
import { Plan, PlanResource } from "../plan/model";
import { CREATE_MINUTES } from "../review/deploy-time";
import { API_REMOVALS_SOURCE, apiChangesUsed, ApiUse, minorOf } from "./api-removals";

/**
 * The plan to move one workload cluster one Kubernetes minor up, pure: from the stack's offline
 * plan (what it runs: cluster, node groups, managed add-ons, Helm releases, manifests), the
 * versions tables (components/cluster/versions.ts, components/kubernetes/versions.ts), the table of
 * removed APIs (./api-removals.ts) and the deploy-time model (tools/review/deploy-time.ts).
 */

/** The skew rules of the Kubernetes version skew policy this plan follows. */
export const SKEW_POLICY_SOURCE = { url: "https://kubernetes.io/releases/version-skew-policy/", read: "2026-12-02" } as const;

/** The upgrade cannot be planned: a skipped minor, an unsupported target. Exit code 2. */
export class UpgradeRefused extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UpgradeRefused";
    }
}

const TYPES = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    release: "kubernetes:helm.sh/v3:Release",
} as const;

/** Refuses a target the platform cannot move `current` to in one step; says which rule and what to do. */
export function checkTarget(current: string, target: string): void {
    if (!/^1\.\d+$/.test(target)) {
        throw new UpgradeRefused(`--to ${JSON.stringify(target)} is not a Kubernetes minor such as 1.35 (EKS takes minors; patch versions are AWS's)`);
    }
    if (!SUPPORTED_VERSIONS.includes(target)) {
        throw new UpgradeRefused(
            `--to ${target} is not in the supported table (components/cluster/versions.ts: ${SUPPORTED_VERSIONS.join(", ")}); add its row first (EKS support dates, the managed add-on builds for ${target}), check the chart compatibility table (components/kubernetes/versions.ts) and the removed APIs (tools/upgrade/api-removals.ts), then plan again`,
        );
    }
    const from = minorOf(current);
    const to = minorOf(target);
    if (to <= from) {
        throw new UpgradeRefused(`--to ${target} is not newer than the cluster's ${current}: EKS cannot downgrade a control plane; a cluster on ${current} can only move to 1.${from + 1}`);
    }
    if (to > from + 1) {
        throw new UpgradeRefused(
            `--to ${target} skips ${to - from - 1 === 1 ? "minor" : "minors"} ${Array.from({ length: to - from - 1 }, (_, i) => `1.${from + 1 + i}`).join(", ")}: ` +
                `EKS upgrades a control plane one minor at a time, and the version skew policy keeps kube-apiserver instances within one minor of each other during the roll; ` +
                `upgrade to 1.${from + 1} first, let it soak, then plan 1.${from + 1} → 1.${from + 2}`,
        );
    }
}

export interface AddonChange {
    addon: string;
    current: string;
    target: string;
}

export interface ChartCheck {
    release: string;
    chart: string;
    version: string;
    status: "compatible" | "incompatible" | "unbounded" | "not in table";
    range: string;
    row?: ChartCompatibility;
}

export interface NodePoolUpgrade {
    name: string;
    urn: string;
    desiredSize: number;
    maxUnavailablePercentage: number;
    batches: number;
    minutes: number;
}

export interface SettingsChange {
    file: string;
    /** 1-based line of `version:` under `platform:cluster:`; undefined when not found. */
    line?: number;
    before: string;
    after: string;
}

export interface UpgradePlan {
    stack: string;
    stackFile: string;
    from: string;
    to: string;
    today: string;
    support: { from: string; to: string; fromStandardEnd: string; toStandardEnd: string; toExtendedEnd: string };
    clusterUrn?: string;
    skew: string[];
    addons: AddonChange[];
    charts: ChartCheck[];
    removedApis: ApiUse[];
    deprecatedApis: ApiUse[];
    nodePools: NodePoolUpgrade[];
    karpenter: boolean;
    addonUrns: string[];
    settings: SettingsChange;
    minutes: { controlPlane: number; addons: number; nodePools: number; total: number };
    blockers: string[];
    sources: { name: string; url: string; read: string }[];
}

export interface UpgradeInput {
    plan: Plan;
    target: string;
    /** Text of the stack's settings file (for the line to change). */
    stackFileText: string;
    today: Date;
    /** Create times of the deploy-time model; tests may pass others. */
    times?: Record<string, number>;
}

/** The cluster's current minor, from the plan's settings. */
export function currentVersionOf(config: Record<string, unknown>): string {
    const role = config["platform:role"];
    const version = (config["platform:cluster"] as { version?: unknown } | undefined)?.version;
    if (role !== "workload" || typeof version !== "string") {
        throw new UpgradeRefused(`the stack has no cluster to upgrade (platform:role is ${JSON.stringify(role)}; only workload stacks set platform:cluster.version)`);
    }
    return version;
}

/** Chart name of a release: the last path segment of an OCI reference, else the name. */
function chartName(chart: string): string {
    return chart.replace(/^oci:\/\//, "").split("/").pop() ?? chart;
}

function checkChart(release: PlanResource, target: string): ChartCheck {
    const chart = chartName(String(release.inputs.chart ?? ""));
    const version = String(release.inputs.version ?? "");
    const row = CHART_KUBERNETES_COMPATIBILITY.find((r) => r.chart === chart && r.version === version) ?? CHART_KUBERNETES_COMPATIBILITY.find((r) => `${r.chart}-crd` === chart && r.version === version);
    const releaseName = String(release.inputs.name ?? release.name);
    if (!row) {
        return { release: releaseName, chart, version, status: "not in table", range: "unknown" };
    }
    const range = row.minKubernetes || row.maxKubernetes ? `${row.minKubernetes ?? "any"} to ${row.maxKubernetes ?? "not stated"}` : "not stated";
    const t = minorOf(target);
    if ((row.minKubernetes && t < minorOf(row.minKubernetes)) || (row.maxKubernetes && t > minorOf(row.maxKubernetes))) {
        return { release: releaseName, chart, version, status: "incompatible", range, row };
    }
    return { release: releaseName, chart, version, status: row.maxKubernetes ? "compatible" : "unbounded", range, row };
}

/** The `version:` line under `platform:cluster:` of a settings file. */
export function settingsChange(file: string, text: string, from: string, to: string): SettingsChange {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => /^\s*platform:cluster:\s*$/.test(l));
    const quoted = (v: string) => `version: "${v}"`;
    if (start >= 0) {
        const indent = /^(\s*)/.exec(lines[start])![1].length;
        for (let i = start + 1; i < lines.length; i++) {
            const l = lines[i];
            if (l.trim() !== "" && !l.trim().startsWith("#") && /^(\s*)/.exec(l)![1].length <= indent) {
                break;
            }
            const m = /^(\s*)version:\s*["']?([\d.]+)["']?\s*(#.*)?$/.exec(l);
            if (m) {
                return { file, line: i + 1, before: l.trim(), after: `${quoted(to)}${m[3] ? ` ${m[3]}` : ""}` };
            }
        }
    }
    return { file, before: quoted(from), after: quoted(to) };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function planUpgrade(input: UpgradeInput): UpgradePlan {
    const { plan, target } = input;
    const from = currentVersionOf(plan.config);
    checkTarget(from, target);
    const times = { ...CREATE_MINUTES, ...(input.times ?? {}) };
    const of = (type: string) => plan.resources.filter((r) => r.type === type && r.custom);
    const fromRelease = kubernetesRelease(from);
    const toRelease = kubernetesRelease(target);
    const blockers: string[] = [];

    const addonResources = of(TYPES.addon);
    const addons: AddonChange[] = addonResources.map((r) => {
        const addon = String(r.inputs.addonName);
        const current = String(r.inputs.addonVersion ?? fromRelease.addons[addon as keyof typeof fromRelease.addons] ?? "unknown");
        return { addon, current, target: toRelease.addons[addon as keyof typeof toRelease.addons] ?? "not in the table" };
    });

    const charts = of(TYPES.release).map((r) => checkChart(r, target));
    for (const c of charts.filter((x) => x.status === "incompatible")) {
        const tooNew = c.row!.maxKubernetes !== undefined && minorOf(target) > minorOf(c.row!.maxKubernetes);
        blockers.push(
            `chart ${c.chart} ${c.version} (release ${c.release}) supports Kubernetes ${c.range}, not ${target}: ${tooNew ? "bump it in its pin to a version that supports the target first" : "pin a version that supports the target, or move the cluster on to a supported minor soon"} (${c.row!.source})`,
        );
    }
    const { removed, deprecated } = apiChangesUsed(plan.resources, target);
    for (const use of removed) {
        const c = use.change;
        blockers.push(
            `${c.apiVersion} ${c.kind} is not served by ${target} (removed in ${c.removedIn}) and ${use.resources.join(", ")} ${use.resources.length === 1 ? "uses" : "use"} it: ` +
                (c.replacement ? `move to ${c.replacement} ${c.kind} before the upgrade` : `remove it (${c.note})`),
        );
    }

    const nodePools: NodePoolUpgrade[] = of(TYPES.nodeGroup).map((r) => {
        const scaling = (r.inputs.scalingConfig ?? {}) as { desiredSize?: number; minSize?: number };
        const desiredSize = Number(scaling.desiredSize ?? scaling.minSize ?? 1);
        const maxUnavailablePercentage = Number((r.inputs.updateConfig as { maxUnavailablePercentage?: number } | undefined)?.maxUnavailablePercentage ?? 33);
        const perBatch = Math.max(1, Math.floor((desiredSize * maxUnavailablePercentage) / 100));
        const batches = Math.ceil(desiredSize / perBatch);
        return { name: r.name, urn: r.urn, desiredSize, maxUnavailablePercentage, batches, minutes: round(batches * times[TYPES.nodeGroup]) };
    });
    const karpenter = charts.some((c) => c.chart === "karpenter");

    const controlPlane = times[TYPES.cluster];
    const addonMinutes = addons.some((a) => a.current !== a.target) ? times[TYPES.addon] : 0;
    const poolMinutes = nodePools.reduce((m, p) => Math.max(m, p.minutes), 0);

    const today = input.today.toISOString().slice(0, 10);
    const skew = [
        `Control plane first: kube-apiserver goes ${from} → ${target} before any node, and kubelets must never be newer than kube-apiserver.`,
        `kubelet may be up to three minors older than kube-apiserver (since 1.28; two for kubelets older than 1.25): node pools on ${from} keep working under a ${target} control plane, one minor behind.`,
        `kube-proxy must not be newer than kube-apiserver, may be up to three minors older, and up to three minors older or newer than the kubelet beside it: the kube-proxy add-on moves to ${toRelease.addons["kube-proxy"]} right after the control plane, one minor ahead of nodes still on ${from}.`,
        `kube-controller-manager and kube-scheduler (EKS runs them) may be one minor older than kube-apiserver during the roll; EKS keeps its API servers within one minor of each other, which is why a minor cannot be skipped.`,
        `Managed node groups cannot be newer than the control plane: EKS refuses a node group version above the cluster's, so node pools move after the control plane.`,
        ...(karpenter ? [`Karpenter nodes follow the EC2NodeClass AMI alias (al2023@latest resolves to the AMI of the control plane's minor): after the control plane moves, Karpenter marks its nodes drifted and replaces them within the NodePool's disruption budget.`] : []),
    ];

    const settings = settingsChange(plan.stackFile, input.stackFileText, from, target);
    return {
        stack: plan.stack,
        stackFile: plan.stackFile,
        from,
        to: target,
        today,
        support: {
            from: supportStatus(from, input.today),
            to: supportStatus(target, input.today),
            fromStandardEnd: fromRelease.standardSupportEnd,
            toStandardEnd: toRelease.standardSupportEnd,
            toExtendedEnd: toRelease.extendedSupportEnd,
        },
        clusterUrn: of(TYPES.cluster)[0]?.urn,
        skew,
        addons,
        charts,
        removedApis: removed,
        deprecatedApis: deprecated,
        nodePools,
        karpenter,
        addonUrns: addonResources.map((r) => r.urn),
        settings,
        minutes: { controlPlane, addons: addonMinutes, nodePools: poolMinutes, total: round(controlPlane + addonMinutes + poolMinutes) },
        blockers,
        sources: [
            { name: "version skew policy", url: SKEW_POLICY_SOURCE.url, read: SKEW_POLICY_SOURCE.read },
            { name: "EKS release calendar (KUBERNETES_RELEASES)", url: RELEASE_CALENDAR_SOURCE.url, read: RELEASE_CALENDAR_SOURCE.read },
            { name: "managed add-on builds per minor", url: ADDON_VERSIONS_SOURCE.url, read: ADDON_VERSIONS_SOURCE.read },
            { name: "deprecated API migration guide", url: API_REMOVALS_SOURCE.url, read: API_REMOVALS_SOURCE.read },
            ...CHART_KUBERNETES_COMPATIBILITY.filter((r) => charts.some((c) => c.row === r)).map((r) => ({ name: `${r.chart} ${r.version}`, url: r.source, read: r.read })),
        ],
    };
}

/** Every minor in the table, for messages and tests. */
export const KNOWN_MINORS = KUBERNETES_RELEASES.map((r) => r.version);
