import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { PolicyResult } from "../cli/policy-report";
import { REPO_ROOT } from "../plan/stack-file";
import { PlanResource } from "../plan/model";
import { controlsOf } from "./evaluate";

/**
 * SARIF 2.1.0 for code scanning: one rule per policy (id = policy name, help = remediation,
 * tags = controls), level error for mandatory and warning for advisory, `security-severity`
 * 10.0 / 8.9 / 6.9 / 3.9 for critical / high / medium / low, a physical location (the source file
 * of the component that declares the resource, else the stack file, line 1), the URN as a
 * logical location and a partial fingerprint from policy and URN so that alerts track across runs.
 */

export const SECURITY_SEVERITY: Record<string, string> = { critical: "10.0", high: "8.9", medium: "6.9", low: "3.9" };
const TOOL = "platform-policy";

export function toSarif(result: PolicyResult): Record<string, unknown> {
    const rules: Record<string, unknown>[] = [];
    const ruleIndex = new Map<string, number>();
    for (const pack of result.packs) {
        for (const p of pack.policies) {
            ruleIndex.set(p.name, rules.length);
            const controls = controlsOf(p);
            rules.push({
                id: p.name,
                name: toPascal(p.name),
                shortDescription: { text: p.description },
                fullDescription: { text: `${p.description} Pack ${pack.name}@${pack.version}. Controls: ${controls.join(", ") || "none"}.` },
                help: { text: p.remediationSteps ?? p.description, markdown: `${p.remediationSteps ?? p.description}\n\nControls: ${controls.map((c) => `\`${c}\``).join(", ")}` },
                defaultConfiguration: { level: p.enforcementLevel === "mandatory" ? "error" : "warning" },
                properties: {
                    tags: ["security", pack.name, ...controls],
                    precision: "high",
                    ...(p.severity ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
                },
            });
        }
    }
    const byUrn = new Map(result.plan.resources.map((r) => [r.urn, r]));
    const results = result.evaluation.findings
        .filter((f) => f.enforcementLevel === "mandatory" || f.enforcementLevel === "advisory")
        .map((f) => {
            const resource = f.urn ? byUrn.get(f.urn) : undefined;
            const uri = sourceFileOf(resource, result.plan.resources, byUrn) ?? result.plan.stackFile;
            return {
                ruleId: f.policy,
                ruleIndex: ruleIndex.get(f.policy) ?? 0,
                level: f.enforcementLevel === "mandatory" ? "error" : "warning",
                message: { text: f.message.replace(/\n/g, " ") },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: uri.split(path.sep).join("/"), uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
                        logicalLocations: [{ fullyQualifiedName: f.urn ?? `stack:${result.plan.stack}`, name: f.resourceName ?? result.plan.stack, kind: "resource" }],
                    },
                ],
                partialFingerprints: { "policyUrn/v1": createHash("sha256").update(`${f.policy}\u0000${f.urn ?? result.plan.stack}`).digest("hex") },
                properties: { pack: f.pack, enforcementLevel: f.enforcementLevel, severity: f.severity, controls: f.controls, stack: result.plan.stack },
            };
        });
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: TOOL, informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/", semanticVersion: result.packs[0]?.version ?? "0.0.0", rules } },
                automationDetails: { id: `${TOOL}/${result.plan.stack}/` },
                originalUriBaseIds: { "%SRCROOT%": { uri: "file:///" } },
                results,
            },
        ],
    };
}

function toPascal(name: string): string {
    return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** The source of the nearest `platform:<domain>:<Class>` component above the resource, if it is in the repo. */
export function sourceFileOf(resource: PlanResource | undefined, _all: PlanResource[], byUrn: Map<string, PlanResource>): string | undefined {
    let r = resource;
    while (r) {
        const m = /^platform:([a-z-]+):([A-Za-z]+)$/.exec(r.type);
        if (m) {
            const file = path.join("components", m[1], `${m[2].replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}.ts`);
            if (fs.existsSync(path.join(REPO_ROOT, file))) {
                return file;
            }
        }
        r = r.parent ? byUrn.get(r.parent) : undefined;
    }
    return undefined;
}
