import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Plan } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { REPO_ROOT } from "../../tools/plan/stack-file";

/**
 * Every role the stacks create lives where the deployment roles may create it: under /platform/,
 * with its account's workload boundary (the deployment roles are denied anything else, so a role
 * outside the fence would fail its first `pulumi up`). The bootstrap's own roles are the exception:
 * an administrator creates them. Service-linked roles are another resource type and take no boundary.
 */
describe("role fence over the plans of all stacks", () => {
    const plans: Record<string, Plan> = {};

    before(async () => {
        const stacks = fs
            .readdirSync(path.join(REPO_ROOT, "stacks"))
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined)
            .sort();
        for (const stack of stacks) {
            plans[stack] = await planStack({ stack });
        }
    });

    it("puts every role of every stack but the bootstrap under /platform/ with its account's workload boundary", () => {
        const outside: string[] = [];
        let checked = 0;
        for (const [stack, plan] of Object.entries(plans).filter(([s]) => s !== "bootstrap")) {
            const account = String(plan.config["platform:accountId"]);
            for (const role of plan.resources.filter((r) => r.type === "aws:iam/role:Role")) {
                checked++;
                const { path: rolePath, permissionsBoundary } = role.inputs;
                if (rolePath !== "/platform/" || permissionsBoundary !== `arn:aws:iam::${account}:policy/platform/platform-workload-boundary`) {
                    outside.push(`${stack} ${role.name}: path ${String(rolePath)}, boundary ${String(permissionsBoundary)}`);
                }
            }
        }
        expect(outside).to.deep.equal([]);
        expect(checked).to.be.greaterThan(20);
    });

    it("gives the bootstrap's deployment roles the deployer boundary and creates both boundaries in every account", () => {
        const bootstrap = plans.bootstrap;
        const deployers = bootstrap.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name.startsWith("deployer-"));
        expect(deployers.map((r) => [r.inputs.path, r.inputs.permissionsBoundary])).to.deep.equal(
            deployers.map((r) => [undefined, `arn:aws:iam::${r.name.slice("deployer-".length)}:policy/platform/platform-deployer-boundary`]),
        );
        const policies = bootstrap.resources.filter((r) => r.type === "aws:iam/policy:Policy");
        expect(policies.map((p) => `${p.inputs.path}${p.inputs.name}`).sort()).to.deep.equal(
            [...Array(deployers.length).fill("/platform/platform-deployer-boundary"), ...Array(deployers.length).fill("/platform/platform-workload-boundary")],
        );
        expect(policies.every((p) => p.protect && p.retainOnDelete)).to.equal(true);
    });
});
