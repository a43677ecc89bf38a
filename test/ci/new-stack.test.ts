import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { policyProfileProblem } from "../../config/policy-profile";
import { bootstrapSettings, promotionOrder, StackInfo, stackInfos } from "../support/stacks";

/**
 * What each stack of stacks/ needs besides its settings file, so that adding one fails here with
 * the stack's name and the missing thing, not somewhere far away: a deploy job in deploy.yml at
 * its place in the promotion order (after the stacks it references), a preview entry in the
 * pull-request workflow, pack configuration (its own directory, or an explicit
 * platform:policyProfile), and the bootstrap's account entry (the deployment role it deploys
 * with) and state references.
 */

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");

interface Job {
    environment?: string | { name: string };
    steps?: { uses?: string; with?: Record<string, unknown> }[];
    strategy?: { matrix?: { include?: Record<string, string>[] } };
}

const workflow = (file: string): { jobs: Record<string, Job> } => parse(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));

/** deploy.yml's `pulumi up` jobs in file order, by stack. */
function deployJobStacks(): string[] {
    return Object.values(workflow("deploy.yml").jobs)
        .map((job) => (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/actions") && s.with?.command === "up")?.with?.["stack-name"])
        .filter((s): s is string => typeof s === "string");
}

/** The stacks the pull-request workflow previews (its preview matrix). */
function previewedStacks(): string[] {
    return (workflow("pull-request.yml").jobs.preview?.strategy?.matrix?.include ?? []).map((e) => e.stack);
}

/** What the stack lacks, one line each, naming the file or setting to add. */
function missing(s: StackInfo): string[] {
    const out: string[] = [];
    const profile = policyProfileProblem({ environment: s.environment, policyProfile: s.settings.policyProfile });
    if (profile) {
        out.push(`pack config: ${profile}`);
    }
    if (s.role === "bootstrap") {
        return out;
    }
    const deployed = deployJobStacks();
    const at = deployed.indexOf(s.stack);
    if (at < 0) {
        out.push(`CI: no deploy job in .github/workflows/deploy.yml runs pulumi up for stack-name ${s.stack} (in environment ${s.stack})`);
    } else {
        for (const ref of s.references) {
            const refAt = deployed.indexOf(ref);
            if (refAt > at) {
                out.push(`deploy order: deploy.yml deploys ${s.stack} before ${ref}, which it references (platform:stacks); move it after ${ref}`);
            }
        }
        const expected = promotionOrder().indexOf(s.stack);
        if (deployed.filter((d) => promotionOrder().includes(d)).indexOf(s.stack) !== expected) {
            out.push(`deploy order: deploy.yml has ${s.stack} at position ${at + 1}; the promotion order is ${promotionOrder().join(" → ")}`);
        }
    }
    if (!previewedStacks().includes(s.stack)) {
        out.push(`CI: no entry for ${s.stack} in the preview matrix of .github/workflows/pull-request.yml`);
    }
    const b = bootstrapSettings();
    const account = (b.accounts as { accountId: string; environments: string[] }[]).find((a) => a.environments.includes(s.stack));
    if (!account) {
        out.push(`bootstrap: no entry in platform:bootstrap.accounts of the bootstrap stack lists environment ${s.stack}; add { accountId: "${s.accountId}", environments: [${s.stack}] } (its deployment role)`);
    } else if (account.accountId !== s.accountId) {
        out.push(`bootstrap: platform:bootstrap.accounts lists environment ${s.stack} under account ${account.accountId}, but the stack deploys to ${s.accountId}`);
    }
    const reads: string[] = [...((b.stateReferences ?? {})[s.stack] ?? [])].sort();
    if (JSON.stringify(reads) !== JSON.stringify(s.references)) {
        out.push(`bootstrap: platform:bootstrap.stateReferences.${s.stack} is [${reads.join(", ")}], but the stack references [${s.references.join(", ")}] (platform:stacks); its deployer could not read them`);
    }
    return out;
}

describe("what each stack in stacks/ needs besides its settings file", () => {
    for (const s of stackInfos()) {
        it(`stack ${s.stack} (${s.role}) has CI jobs, pack config, a bootstrap account and its place in the deploy order`, () => {
            expect(missing(s), `stack ${s.stack} lacks`).to.deep.equal([]);
        });
    }

    it("names what a new stack lacks", () => {
        const qa: StackInfo = { stack: "qa", role: "workload", environment: "qa", accountId: "777777777777", references: ["network", "shared"], policyProfile: "qa", settings: { environment: "qa" } };
        const problems = missing(qa);
        expect(problems).to.have.length(5);
        expect(problems[0]).to.match(/^pack config: platform:policyProfile: unset, and environment "qa" has no pack configuration of its own .*create .*policy-packs\/config\/qa\/aws-baseline.json/);
        expect(problems.slice(1)).to.deep.equal([
            "CI: no deploy job in .github/workflows/deploy.yml runs pulumi up for stack-name qa (in environment qa)",
            "CI: no entry for qa in the preview matrix of .github/workflows/pull-request.yml",
            'bootstrap: no entry in platform:bootstrap.accounts of the bootstrap stack lists environment qa; add { accountId: "777777777777", environments: [qa] } (its deployment role)',
            "bootstrap: platform:bootstrap.stateReferences.qa is [], but the stack references [network, shared] (platform:stacks); its deployer could not read them",
        ]);
    });
});
