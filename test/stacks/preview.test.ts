import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { Plan, PlanResource } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { listStacks, stackFilePath } from "../../tools/plan/stack-file";

/**
 * Preview without churn: the pull-request preview runs the same program with
 * `platform:credentials: preview` (.github/workflows/pull-request.yml). If anything but the
 * providers differed, every preview would plan to change the real stack (an access entry moving
 * to the preview role, a provider refreshing as a role with no entry): a diff nobody asked for,
 * and a preview of something else than what the deploy applies.
 */

const isProvider = (r: PlanResource) => r.type.startsWith("pulumi:providers:");

/** What a resource is, without the run's credentials: everything but providers, as recorded. */
function declared(plan: Plan): Record<string, unknown> {
    return Object.fromEntries(plan.resources.filter((r) => !isProvider(r)).map((r) => [r.urn, r]));
}

function previewSettingsFile(stack: string, dir: string): string {
    const doc = parse(fs.readFileSync(stackFilePath(stack), "utf8")) as { config: Record<string, unknown> };
    doc.config["platform:credentials"] = "preview";
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
}

describe("preview plans equal deploy plans except for credentials", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-plans-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const stack of listStacks()) {
        it(`${stack}: same resources, inputs, options and dependencies; only providers differ`, async () => {
            const deploy = await planStack({ stack });
            const preview = await planStack({ stack, stackFile: previewSettingsFile(stack, dir) });
            expect(declared(preview)).to.deep.equal(declared(deploy));
            // The settings really differ: a stack with AWS providers that assume roles assumes others.
            const roles = (p: Plan) => p.resources.filter((r) => r.type === "pulumi:providers:aws").map((r) => String(r.inputs.assumeRoles ?? ""));
            if (stack !== "bootstrap") {
                expect(roles(preview)).to.not.deep.equal(roles(deploy));
            }
            expect(preview.resources.filter(isProvider).map((r) => r.urn)).to.deep.equal(deploy.resources.filter(isProvider).map((r) => r.urn));
        });
    }

    it("workload previews assume the preview role and read the cluster as it, through its own access entry", async () => {
        const preview = await planStack({ stack: "dev", stackFile: previewSettingsFile("dev", dir) });
        const aws = preview.resources.filter((r) => r.type === "pulumi:providers:aws");
        // Provider inputs are recorded as the engine passes them: structured values JSON-encoded.
        expect(aws.map((p) => (JSON.parse(p.inputs.assumeRoles as string) as { roleArn: string }[])[0].roleArn).sort()).to.deep.equal([
            "arn:aws:iam::111111111111:role/platform-preview",
            "arn:aws:iam::333333333333:role/platform-preview",
        ]);
        const k8s = preview.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        const kubeconfig = JSON.parse(k8s.inputs.kubeconfig as string) as { users: { user: { exec: { args: string[] } } }[] };
        expect(kubeconfig.users[0].user.exec.args.slice(-2)).to.deep.equal(["--role-arn", "arn:aws:iam::333333333333:role/platform-preview"]);
        const entries = preview.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry").map((r) => r.inputs.principalArn);
        expect(entries).to.include.members(["arn:aws:iam::333333333333:role/platform-deployer", "arn:aws:iam::333333333333:role/platform-preview"]);
    });
});
