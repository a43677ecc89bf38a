import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GitHubJobClaims, githubSubject } from "../../components/bootstrap";
import { GOLDEN_PATH_REF, GOLDEN_PATH_WORKFLOW, goldenPathSigningIdentity, publisherSubject, publisherTrustPolicy } from "../../components/registry";

/**
 * The golden path's reusable workflow (.github/workflows/golden-path-build.yml), checked on the file
 * as written: what triggers it, the jobs and their order (scan before push, push before sign, sign
 * and attestations before the promotion), least-privilege permissions per job, pinned actions whose
 * inputs exist in their action.yml at the pinned commit (test/fixtures/actions/action-inputs.json,
 * read from the actions' repositories), and that the identities it uses are the ones the platform
 * trusts: the publisher role's subject and the signing identity admission verifies.
 */

const ROOT = path.join(__dirname, "..", "..");
const FILE = path.join(ROOT, GOLDEN_PATH_WORKFLOW);
const text = fs.readFileSync(FILE, "utf8");
const wf = parse(text) as { on: Record<string, any>; permissions: unknown; jobs: Record<string, Job> };

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    needs?: string | string[];
    if?: string;
    permissions?: Record<string, string>;
    "timeout-minutes"?: number;
    outputs?: Record<string, string>;
    steps: Step[];
}

interface ActionFixture {
    sha: string;
    version: string;
    inputs: string[];
    required: string[];
    outputs: string[];
}
const ACTIONS = (JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", "actions", "action-inputs.json"), "utf8")) as { actions: Record<string, ActionFixture> }).actions;

const actionOf = (s: Step) => s.uses?.split("@")[0];
const indexOf = (job: Job, pred: (s: Step) => boolean): number => {
    const i = job.steps.findIndex(pred);
    expect(i, "step").to.be.at.least(0);
    return i;
};
const uses = (name: string) => (s: Step) => actionOf(s) === name;
const runs = (re: RegExp) => (s: Step) => re.test(s.run ?? "");

describe("golden-path-build.yml (the service repositories' reusable workflow)", () => {
    it("is only a reusable workflow, with the service, its repository, the environment and a digest to promote as inputs", () => {
        expect(Object.keys(wf.on)).to.deep.equal(["workflow_call"]);
        const call = wf.on.workflow_call;
        expect(Object.keys(call.inputs).sort()).to.deep.equal(["context", "digest", "dockerfile", "environment", "repository", "service"]);
        expect([call.inputs.service.required, call.inputs.repository.required, call.inputs.environment.default, call.inputs.digest.default]).to.deep.equal([true, true, "dev", ""]);
        expect(Object.keys(call.secrets)).to.deep.equal(["promotion-app-private-key"]);
        expect(wf.permissions).to.deep.equal({});
    });

    it("has three jobs in order: build (and scan), publish (push, sign, attest), promote", () => {
        expect(Object.keys(wf.jobs)).to.deep.equal(["build", "publish", "promote"]);
        expect(wf.jobs.build.needs).to.equal(undefined);
        expect(wf.jobs.publish.needs).to.equal("build");
        expect(wf.jobs.promote.needs).to.equal("publish");
        // A given digest (staging, prod) skips build and publish; promote then still runs.
        expect(wf.jobs.build.if).to.equal("${{ inputs.digest == '' }}");
        expect(wf.jobs.promote.if).to.include("needs.publish.result == 'success'");
        expect(wf.jobs.promote.if).to.include("inputs.digest != '' && needs.publish.result == 'skipped'");
    });

    it("gives each job only what it uses: no credentials to build and scan, OIDC and attestations only to publish, nothing written by promote's token", () => {
        expect(wf.jobs.build.permissions).to.deep.equal({ contents: "read" });
        expect(wf.jobs.publish.permissions).to.deep.equal({ contents: "read", "id-token": "write", attestations: "write" });
        expect(wf.jobs.promote.permissions).to.deep.equal({ contents: "read" });
        // The promotion writes to the platform repository with a GitHub App token limited to it, never the caller's token.
        const token = wf.jobs.promote.steps.find(uses("actions/create-github-app-token"))!;
        expect(token.with).to.include({ "permission-contents": "write", "permission-pull-requests": "write", repositories: "${{ vars.PLATFORM_REPOSITORY || 'platform' }}" });
        expect(wf.jobs.promote.steps.find(uses("peter-evans/create-pull-request"))!.with?.token).to.equal("${{ steps.token.outputs.token }}");
    });

    it("builds only from main and only for dev; staging and prod take a digest", () => {
        const guard = wf.jobs.build.steps[0];
        expect(guard.env).to.deep.equal({ ENVIRONMENT: "${{ inputs.environment }}", REF: "${{ github.ref }}" });
        expect(guard.run).to.include('[ "$REF" = "refs/heads/main" ]');
        expect(guard.run).to.include('[ "$ENVIRONMENT" = "dev" ]');
    });

    it("scans before anything is pushed, and fails the build on critical vulnerabilities", () => {
        const build = wf.jobs.build;
        const scan = build.steps.find(uses("aquasecurity/trivy-action"))!;
        expect(scan.with).to.include({ "exit-code": "1", severity: "CRITICAL", input: "${{ runner.temp }}/image.tar", scanners: "vuln" });
        expect(scan.with).to.not.have.property("ignore-unfixed");
        expect(indexOf(build, uses("docker/build-push-action"))).to.be.lessThan(indexOf(build, uses("aquasecurity/trivy-action")));
        expect(build.steps.find(uses("docker/build-push-action"))!.with).to.include({ push: false });
        // Only what the scan passed reaches the publish job: the image archive travels as an artifact.
        expect(indexOf(build, uses("aquasecurity/trivy-action"))).to.be.lessThan(indexOf(build, uses("actions/upload-artifact")));
        expect(build.steps.some((s) => /docker push|cosign/.test(s.run ?? ""))).to.equal(false);
    });

    it("generates an SPDX SBOM of the built image and attests it", () => {
        const sbom = wf.jobs.build.steps.find(uses("anchore/sbom-action"))!;
        expect(sbom.with).to.include({ image: "docker-archive:${{ runner.temp }}/image.tar", format: "spdx-json", "output-file": "${{ runner.temp }}/sbom.spdx.json" });
        const attest = wf.jobs.publish.steps.find(uses("actions/attest-sbom"))!;
        expect(attest.with).to.deep.equal({
            "subject-name": "${{ steps.push.outputs.image }}",
            "subject-digest": "${{ steps.push.outputs.digest }}",
            "sbom-path": "${{ runner.temp }}/golden-path/sbom.spdx.json",
        });
    });

    it("publishes in order: credentials, registry login, push, keyless signature of the digest, SBOM and provenance attestations", () => {
        const p = wf.jobs.publish;
        const order = [
            indexOf(p, uses("actions/download-artifact")),
            indexOf(p, uses("aws-actions/configure-aws-credentials")),
            indexOf(p, uses("aws-actions/amazon-ecr-login")),
            indexOf(p, (s) => s.id === "push"),
            indexOf(p, runs(/\bcosign sign\b/)),
            indexOf(p, uses("actions/attest-sbom")),
            indexOf(p, uses("actions/attest-build-provenance")),
        ];
        expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
        expect(p.steps.find(runs(/\bcosign sign\b/))!.run).to.equal('cosign sign --yes "$IMAGE@$DIGEST"');
        expect(p.steps.find(runs(/\bcosign sign\b/))!.env).to.deep.equal({ IMAGE: "${{ steps.push.outputs.image }}", DIGEST: "${{ steps.push.outputs.digest }}" });
        expect(p.steps.find(uses("actions/attest-build-provenance"))!.with).to.deep.equal({ "subject-name": "${{ steps.push.outputs.image }}", "subject-digest": "${{ steps.push.outputs.digest }}" });
        const push = p.steps.find((s) => s.id === "push")!;
        expect(push.run).to.include('docker push "$image:git-$SHA"');
        expect(push.run).to.match(/\^sha256:\[0-9a-f\]\{64\}\$/);
        expect(p.outputs).to.deep.equal({ digest: "${{ steps.push.outputs.digest }}" });
    });

    it("assumes platform-image-publisher through GitHub OIDC for less than the role's one-hour session", () => {
        const creds = wf.jobs.publish.steps.find(uses("aws-actions/configure-aws-credentials"))!;
        expect(creds.with).to.deep.equal({
            "role-to-assume": "${{ vars.PLATFORM_IMAGE_PUBLISHER_ROLE_ARN }}",
            "role-session-name": "golden-path-${{ github.run_id }}",
            "role-duration-seconds": 3600,
            "aws-region": "${{ vars.PLATFORM_REGISTRY_REGION }}",
        });
        expect(wf.jobs.publish["timeout-minutes"]! * 60).to.be.lessThan(3600);
    });

    it("promotes the digest into platform:services of the environment's stack file, by digest", () => {
        const promote = wf.jobs.promote;
        const check = promote.steps.find((s) => s.id === "inputs")!;
        expect(check.run).to.include('[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]');
        expect(check.run).to.include('echo "image=$REGISTRY_ACCOUNT.dkr.ecr.$REGION.amazonaws.com/$REPOSITORY@$digest"');
        const edit = promote.steps.find(runs(/yq -i/))!;
        expect(edit.env).to.include({ STACK_FILE: "platform/stacks/Pulumi.${{ inputs.environment }}.yaml", IMAGE: "${{ steps.inputs.outputs.image }}" });
        expect(edit.run).to.include('(.config."platform:services"[] | select(.name == strenv(SERVICE)) | .image) = strenv(IMAGE)');
        // Exactly one service of that name, or the job fails instead of promoting nothing.
        expect(edit.run).to.include('[ "$matches" = "1" ]');
        const pr = promote.steps.find(uses("peter-evans/create-pull-request"))!;
        expect(pr.with).to.include({ path: "platform", "add-paths": "stacks/Pulumi.${{ inputs.environment }}.yaml", branch: "promote/${{ inputs.service }}-${{ inputs.environment }}" });
        // The stack files it edits exist and name the services it promotes.
        const dev = parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, any> };
        expect(dev.config["platform:services"].map((s: { name: string }) => s.name)).to.include("hello");
    });

    it("passes inputs into scripts through env, never by expanding expressions inside run", () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
            for (const s of job.steps) {
                expect(s.run ?? "", `${id}: ${s.name ?? s.id}`).to.not.match(/\$\{\{/);
            }
        }
    });

    describe("actions", () => {
        const used = Object.entries(wf.jobs).flatMap(([id, job]) => job.steps.filter((s) => s.uses).map((s) => ({ id, step: s })));

        it("pins every action to the commit of the release its comment names, as read from the action's repository", () => {
            const lines = text.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
            expect(lines).to.have.length(used.length);
            for (const line of lines) {
                const m = /uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$/.exec(line);
                expect(m, line).to.not.equal(null);
                const fixture = ACTIONS[m![1]];
                expect(fixture, `${m![1]} is in test/fixtures/actions/action-inputs.json`).to.not.equal(undefined);
                expect([m![2], m![3]], m![1]).to.deep.equal([fixture.sha, fixture.version]);
            }
        });

        it("passes only inputs the action declares at that commit, and every required one", () => {
            for (const { id, step } of used) {
                const fixture = ACTIONS[actionOf(step)!];
                const given = Object.keys(step.with ?? {});
                expect(fixture.inputs, `${id}: ${step.uses}`).to.include.members(given);
                expect(given, `${id}: ${step.uses} required inputs`).to.include.members(fixture.required);
            }
        });

        it("reads only outputs the actions declare", () => {
            const refs = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].map((m) => [m[1], m[2]]);
            expect(refs.length).to.be.greaterThan(0);
            const stepsById = Object.values(wf.jobs).flatMap((j) => j.steps).filter((s) => s.id);
            for (const [stepId, output] of refs) {
                const step = stepsById.find((s) => s.id === stepId)!;
                expect(step, stepId).to.not.equal(undefined);
                if (step.uses) {
                    expect(ACTIONS[actionOf(step)!].outputs, `${stepId}.outputs.${output}`).to.include(output);
                } else {
                    expect(step.run, `${stepId} writes ${output}`).to.include(`echo "${output}=`);
                }
            }
        });
    });

    describe("the identities it runs as", () => {
        const org = "example-org";
        const service = { name: "hello" };
        const trust = publisherTrustPolicy("222222222222", "eu-west-1", { githubOrg: org, platformRepository: "platform", serviceRepositories: [service] });
        const subjects: string[] = trust.Statement[0].Condition!.StringEquals["token.actions.githubusercontent.com:sub"] as string[];
        const claims = (over: Partial<GitHubJobClaims>): string =>
            githubSubject({ repo: `${org}/hello`, context: `ref:${GOLDEN_PATH_REF}`, ref: GOLDEN_PATH_REF, job_workflow_ref: `${org}/platform/${GOLDEN_PATH_WORKFLOW}@${GOLDEN_PATH_REF}`, ...over });

        it("is this file: the workflow the publisher role and the signing identity name exists here", () => {
            expect(fs.existsSync(FILE)).to.equal(true);
            expect(goldenPathSigningIdentity(org, "platform")).to.deep.equal({
                issuer: "https://token.actions.githubusercontent.com",
                subject: `https://github.com/${org}/platform/.github/workflows/golden-path-build.yml@refs/heads/main`,
            });
        });

        it("lets the publish job of a listed service repository's main run assume the publisher role", () => {
            expect(subjects).to.deep.equal([claims({})]);
            expect(publisherSubject(org, "platform", service)).to.equal(
                "repo:example-org/hello:ref:refs/heads/main:ref:refs/heads/main:job_workflow_ref:example-org/platform/.github/workflows/golden-path-build.yml@refs/heads/main",
            );
            expect(trust.Statement[0].Condition!.StringEquals["token.actions.githubusercontent.com:aud"]).to.equal("sts.amazonaws.com");
            expect(trust.Statement[0].Condition).to.not.have.property("StringLike");
        });

        it("refuses the service's own workflow, another branch, an unlisted repository and the golden path from a branch", () => {
            const refused = [
                claims({ job_workflow_ref: `${org}/hello/.github/workflows/build.yml@${GOLDEN_PATH_REF}` }),
                claims({ ref: "refs/heads/feature", context: "ref:refs/heads/feature" }),
                claims({ repo: `${org}/other-service` }),
                claims({ job_workflow_ref: `${org}/platform/${GOLDEN_PATH_WORKFLOW}@refs/heads/feature` }),
                claims({ context: "pull_request", ref: "refs/pull/7/merge" }),
            ];
            for (const sub of refused) {
                expect(subjects, sub).to.not.include(sub);
            }
        });

        it("names immutable repository IDs in the subject when given", () => {
            expect(publisherSubject(org, "platform", { name: "hello", id: 42 }, 7)).to.match(/^repo:example-org@7\/hello@42:/);
        });
    });
});
