import { expect } from "chai";
import { Plan } from "../../tools/plan/model";
import { checkPrincipals } from "../../tools/review/principals";
import { plansOfAllStacks, settingOfStacks } from "../tools/review/stack-plans";

/**
 * Every principal that a trust policy, key policy, bucket policy, ECR policy or EKS access entry of
 * any stack names is created by a stack of the project, is an account root or a service, or is
 * declared in the naming stack's platform:prerequisites. AWS refuses a policy or access entry that
 * names a principal that does not exist, so a violation here is a failed first deploy.
 */

const roles = settingOfStacks("platform:role") as Record<string, string>;
const workload = Object.keys(roles).find((s) => roles[s] === "workload")!;

describe("principals named across the plans of all stacks", function () {
    this.timeout(300_000);
    let plans: Record<string, Plan>;

    before(async () => {
        plans = await plansOfAllStacks();
    });

    it("every named principal is created, a root, a service or a declared prerequisite", () => {
        const report = checkPrincipals(plans);
        expect(report.offenders.map((o) => o.message)).to.deep.equal([]);
        // Not vacuous: each way of being accepted is exercised by the real stacks.
        const ways = new Set(report.checked.map((c) => c.accepted.split(" ")[0]));
        expect([...ways]).to.include.members(["account", "service", "created", "declared"]);
        expect(report.checked.length).to.be.greaterThan(100);
    });

    it("the deployment role a workload's access entry names is the one the bootstrap stack creates in that account", () => {
        const report = checkPrincipals(plans);
        const account = plans[workload].config["platform:accountId"] as string;
        const entry = report.checked.find((c) => c.stack === workload && c.where === "principalArn" && c.principal === `arn:aws:iam::${account}:role/platform-deployer`);
        expect(entry?.accepted).to.match(/^created by bootstrap urn:pulumi:bootstrap::platform::.*aws:iam\/role:Role::deployer-\d{12}$/);
    });

    it("fails with the exact message for an access entry naming a role nobody creates", () => {
        const plan = plans[workload];
        const account = plan.config["platform:accountId"] as string;
        const template = plan.resources.find((r) => r.type === "aws:eks/accessEntry:AccessEntry")!;
        const ghost = `arn:aws:iam::${account}:role/nobody-creates-this`;
        const entryUrn = template.urn.replace(/::[^:]+$/, "::ghost-access");
        const modified: Plan = {
            ...plan,
            resources: [...plan.resources, { ...template, urn: entryUrn, name: "ghost-access", inputs: { ...template.inputs, principalArn: ghost }, propertyDependencies: { ...template.propertyDependencies, principalArn: [] } }],
        };
        const report = checkPrincipals({ ...plans, [workload]: modified });
        expect(report.offenders.map((o) => o.message)).to.deep.equal([
            `${workload} ${entryUrn}: ${ghost} (principalArn) is not created by any stack, not an account root or service, and not in platform:prerequisites.principals of ${workload}`,
        ]);
        expect(report.offenders[0]).to.include({ stack: workload, urn: entryUrn, principal: ghost, where: "principalArn" });
    });
});
