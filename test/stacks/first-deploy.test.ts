import { expect } from "chai";
import { platformSettings, validateConfig } from "../../config/load";
import { requiredServiceLinkedRoles } from "../../config/prerequisites";
import { Plan, PlanResource } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";

/**
 * What exists when, in a first `pulumi up` of each stack from an empty account: what AWS refuses
 * if it does not exist yet must be created earlier in the same update, or declared to pre-exist.
 */

/**
 * Whether `r` is registered only after `target` exists: a dependency of `r` or of any of its
 * ancestors (a child registers only once its parent has, and a component registers only once its
 * own dependencies have) is `target` or a component that contains it.
 */
function waitsFor(plan: Plan, r: PlanResource, target: PlanResource): boolean {
    const byUrn = new Map(plan.resources.map((x) => [x.urn, x]));
    const containers = new Set<string>();
    for (let t: PlanResource | undefined = target; t; t = t.parent ? byUrn.get(t.parent) : undefined) {
        containers.add(t.urn);
    }
    for (let a: PlanResource | undefined = r; a; a = a.parent ? byUrn.get(a.parent) : undefined) {
        if (a.dependencies.some((d) => containers.has(d))) {
            return true;
        }
    }
    return false;
}

const workloads = listStacks().filter((s) => validateConfig(platformSettings(readStackFile(stackFilePath(s)).config)).role === "workload");

describe("first deploy: what exists when", function () {
    this.timeout(120_000);

    for (const stack of workloads) {
        describe(stack, () => {
            let plan: Plan;
            before(async () => {
                plan = await planStack({ stack });
            });

            it("creates the service-linked roles it relies on that are not declared to exist, and retains them", () => {
                const c = validateConfig(platformSettings(readStackFile(stackFilePath(stack)).config));
                const existing = new Set(c.prerequisites.existingServiceLinkedRoles);
                const created = plan.resources.filter((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole");
                expect(created.map((r) => r.inputs.awsServiceName)).to.deep.equal(requiredServiceLinkedRoles(c).filter((s) => !existing.has(s)));
                expect(created.every((r) => r.retainOnDelete)).to.equal(true);
            });

            it("creates the EBS key only after Auto Scaling's service-linked role, which its policy names", () => {
                const key = plan.resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-ebs"))!;
                const policy = JSON.parse(key.inputs.policy as string) as { Statement: { Sid: string; Principal?: { AWS?: string } }[] };
                const named = policy.Statement.find((s) => s.Sid === "AutoScalingServiceLinkedRoleUse")!.Principal!.AWS!;
                expect(named).to.match(/:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/);
                const slr = plan.resources.find((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole" && r.inputs.awsServiceName === "autoscaling.amazonaws.com")!;
                expect(waitsFor(plan, key, slr)).to.equal(true);
            });

            it("builds the Kubernetes provider after the deployer's own access entry and policy, not after anyone else's", () => {
                const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
                const entries = plan.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry" || r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
                const deployer = entries.filter((e) => String(e.inputs.principalArn).endsWith(":role/platform-deployer") || e.name.endsWith("-platform-deployer"));
                expect(deployer.map((e) => e.type).sort()).to.deep.equal(["aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"]);
                for (const e of deployer) {
                    expect(waitsFor(plan, provider, e), e.name).to.equal(true);
                }
                const others = entries.filter((e) => !deployer.includes(e) && !e.name.includes("-nodes"));
                expect(others.length).to.be.greaterThan(0);
                expect(others.filter((e) => waitsFor(plan, provider, e)).map((e) => e.name)).to.deep.equal([]);
            });
        });
    }

    it("plans at least one workload stack", () => {
        expect(workloads.length).to.be.greaterThan(0);
        expect(listStacks()).to.include.members(workloads);
    });
});
