import { UpgradePlan } from "./plan";

/** The sections every rendered upgrade plan has, in order (tested). */
export const UPGRADE_SECTIONS = ["Summary", "Blockers", "Version skew", "Managed add-ons", "Charts", "Removed and deprecated APIs", "Order", "Settings change", "Time", "Sources"];

const code = (s: string) => `\`${s}\``;

/** The plan as markdown: printed by `npm run upgrade`, written by `--out`. */
export function renderUpgradeMarkdown(u: UpgradePlan): string {
    const out: string[] = [];
    const target = (urn: string) => `--target '${urn}'`;
    out.push(`# Upgrade plan: stack ${u.stack}, Kubernetes ${u.from} → ${u.to}`, "");

    out.push("## Summary", "");
    out.push(`- Stack ${code(u.stack)} (${code(u.stackFile)}), planned offline on ${u.today}.`);
    out.push(`- ${u.from} is in EKS ${u.support.from} support today (standard support ends ${u.support.fromStandardEnd}); ${u.to} is in ${u.support.to} support (standard until ${u.support.toStandardEnd}, extended until ${u.support.toExtendedEnd}).`);
    out.push(`- ${u.blockers.length === 0 ? "No blockers." : `${u.blockers.length} blocker(s): fix them before you start.`} Estimated time: about ${u.minutes.total} minutes plus Karpenter drift.`, "");

    out.push("## Blockers", "");
    out.push(...(u.blockers.length === 0 ? ["None: no chart outside its supported range, no manifest on an API the target removes."] : u.blockers.map((b) => `- ${b}`)), "");

    out.push("## Version skew", "");
    out.push(...u.skew.map((s) => `- ${s}`), "");

    out.push("## Managed add-ons", "");
    if (u.addons.length === 0) {
        out.push("The plan has no EKS managed add-ons.", "");
    } else {
        out.push("| add-on | now | after | |", "|---|---|---|---|");
        for (const a of u.addons) {
            out.push(`| ${a.addon} | ${a.current} | ${a.target} | ${a.current === a.target ? "unchanged" : "updated"} |`);
        }
        out.push("", "Versions from the pinned table (components/cluster/versions.ts): the program installs the target's row when `platform:cluster.version` changes.", "");
    }

    out.push("## Charts", "");
    if (u.charts.length === 0) {
        out.push("The plan has no Helm releases.", "");
    } else {
        out.push("| release | chart | version | supports Kubernetes | for " + u.to + " |", "|---|---|---|---|---|");
        const verdict: Record<string, string> = { compatible: "compatible", incompatible: "**not supported: bump first**", unbounded: "no upper bound stated: read its release notes", "not in table": "not in the compatibility table" };
        for (const c of u.charts) {
            out.push(`| ${c.release} | ${c.chart} | ${c.version} | ${c.range} | ${verdict[c.status]} |`);
        }
        out.push("");
    }

    out.push("## Removed and deprecated APIs", "");
    if (u.removedApis.length === 0 && u.deprecatedApis.length === 0) {
        out.push(`No manifest in the plan uses an API that ${u.to} removes or deprecates (Helm charts render their own manifests: their chart rows above cover them).`, "");
    } else {
        out.push("| api | kind | status in " + u.to + " | replacement | used by |", "|---|---|---|---|---|");
        for (const use of u.removedApis) {
            const c = use.change;
            out.push(`| ${c.apiVersion} | ${c.kind} | removed in ${c.removedIn} | ${c.replacement ?? `none: ${c.note}`} | ${use.resources.join(", ")} |`);
        }
        for (const use of u.deprecatedApis) {
            const c = use.change;
            out.push(`| ${c.apiVersion} | ${c.kind} | deprecated in ${c.deprecatedIn}, still served | ${c.replacement ?? "none"} | ${use.resources.join(", ")} |`);
        }
        out.push("");
    }

    out.push("## Order", "");
    const up = `pulumi up -s ${u.stack}`;
    out.push(`1. **Prepare**: fix the blockers; make the settings change below in a pull request; review its plan diff (\`npm run plan:diff -- --base-ref origin/main --stack ${u.stack}\`).`);
    out.push(`2. **Control plane** (about ${u.minutes.controlPlane} min): ${code(`${up} ${u.clusterUrn ? target(u.clusterUrn) : "--target <the aws:eks/cluster:Cluster URN>"}`)}. Wait for \`aws eks describe-cluster\` to report ${u.to} and status ACTIVE.`);
    out.push(
        `3. **Managed add-ons** (about ${u.minutes.addons} min): ${u.addonUrns.length > 0 ? code(`${up} ${u.addonUrns.map(target).join(" ")}`) : "none in the plan"}; kube-proxy and CoreDNS first if you run them one by one.`,
    );
    out.push(
        `4. **Node pools, blue/green** (about ${u.minutes.nodePools} min): ${u.nodePools.length > 0 ? code(`${up} ${u.nodePools.map((p) => target(p.urn)).join(" ")}`) : "no managed node groups"}. EKS launches replacement nodes on ${u.to} before it cordons and drains the old ones (green before blue goes), at most \`maxUnavailablePercentage\` of a pool at a time; PodDisruptionBudgets hold the drain. For a pool that must not roll in place, add a copy of it under a new name to \`platform:cluster.nodePools\` (created on ${u.to}), move the workloads (\`kubectl drain\` the old nodes), then remove the old pool.`,
    );
    for (const p of u.nodePools) {
        out.push(`   - ${p.name}: ${p.desiredSize} node(s), ${p.maxUnavailablePercentage}% unavailable at a time: ${p.batches} batch(es), about ${p.minutes} min`);
    }
    out.push(
        u.karpenter
            ? `5. **Karpenter drift**: ${code(up)} (everything else, including the Karpenter chart). Karpenter sees its nodes' AMI no longer matches the EC2NodeClass alias for ${u.to}, marks them drifted and replaces them within the NodePool's disruption budget (10% of nodes at a time); watch \`kubectl get nodeclaims\` until every node reports ${u.to}.`
            : `5. **The rest**: ${code(up)} to apply everything else; the plan has no Karpenter.`,
    );
    out.push(`6. **Verify**: \`kubectl get nodes\` (every kubelet on ${u.to}), the SLO dashboards ("SLOs and error budgets"), no firing alert; then the next stack.`, "");

    out.push("## Settings change", "");
    out.push(`${code(u.stackFile)}${u.settings.line ? `, line ${u.settings.line}` : ""}, under \`platform:cluster\`:`, "");
    out.push("```diff", `-    ${u.settings.before}`, `+    ${u.settings.after}`, "```", "");

    out.push("## Time", "");
    out.push("From the deploy-time model's create times (tools/review/deploy-time.ts `CREATE_MINUTES`), phases one after the other, pools in parallel:", "");
    out.push("| phase | minutes |", "|---|---:|");
    out.push(`| control plane | ${u.minutes.controlPlane} |`, `| managed add-ons | ${u.minutes.addons} |`, `| node pools (longest) | ${u.minutes.nodePools} |`, `| **total** | **${u.minutes.total}** |`);
    out.push("", `Karpenter drift is not counted: it depends on how many nodes Karpenter runs at the time and its disruption budget. A deploy job's session lasts up to 4 hours.`, "");

    out.push("## Sources", "");
    out.push(...u.sources.map((s) => `- ${s.name}: ${s.url} (read ${s.read})`), "");
    return out.join("\n");
}
