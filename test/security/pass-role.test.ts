import { expect } from "chai";
import { PASS_ROLE_SERVICES } from "../../components/bootstrap/trust";
import { Plan, PlanResource } from "../../tools/plan/model";
import { plansOfAllStacks } from "../tools/review/stack-plans";

/**
 * A resource that is given a role (a `roleArn`, `serviceRole`, `iamRoleArn`, a replication `role`…)
 * makes the caller pass that role to the service: IAM checks `iam:PassRole` on the deployer, with
 * `iam:PassedToService` naming the service
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html, read 2026-12-03).
 * The deployers may pass `/platform/` roles only to PASS_ROLE_SERVICES, so every service a passed
 * role trusts must be in that list, or the first `pulumi up` fails with AccessDenied.
 */

/** Properties that name a role without passing it (documents, access entries, attachments). */
const NOT_PASSED = new Set(["policy", "assumeRolePolicy", "principalArn", "role_name", "roles"]);

interface Passed {
    stack: string;
    resource: string;
    property: string;
    role: string;
    services: string[];
}

function servicesTrusted(role: PlanResource): string[] {
    const raw = role.inputs.assumeRolePolicy;
    const doc = typeof raw === "string" ? (JSON.parse(raw) as { Statement?: unknown[] }) : (raw as { Statement?: unknown[] } | undefined);
    const out = new Set<string>();
    for (const s of (doc?.Statement ?? []) as Array<{ Principal?: { Service?: string | string[] } }>) {
        const svc = s.Principal?.Service;
        for (const v of Array.isArray(svc) ? svc : svc ? [svc] : []) {
            out.add(v);
        }
    }
    return [...out].sort();
}

/** A nested input with a `roleArn`-like key (Config's organizationAggregationSource.roleArn). */
function namesRole(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(namesRole);
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).some(([k, v]) => /role/i.test(k) || namesRole(v));
    }
    return false;
}

export function passedRoles(stack: string, plan: Plan): Passed[] {
    const roles = new Map(plan.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => [r.urn, r]));
    const out: Passed[] = [];
    for (const r of plan.resources) {
        if (r.type.startsWith("aws:iam/") || r.type.startsWith("pulumi:")) {
            continue;
        }
        for (const [property, deps] of Object.entries(r.propertyDependencies)) {
            if (NOT_PASSED.has(property) || !(/role/i.test(property) || namesRole(r.inputs[property]))) {
                continue;
            }
            for (const dep of deps) {
                const role = roles.get(dep);
                if (role) {
                    out.push({ stack, resource: r.urn, property, role: role.name, services: servicesTrusted(role) });
                }
            }
        }
    }
    return out;
}

describe("roles passed to services by the stacks are passable by the deployers", function () {
    this.timeout(600_000);
    let passed: Passed[];

    before(async () => {
        const plans = await plansOfAllStacks();
        passed = Object.entries(plans).flatMap(([stack, plan]) => passedRoles(stack, plan));
    });

    it("every service a passed role trusts is in PASS_ROLE_SERVICES", () => {
        const offenders = passed.flatMap((p) => p.services.filter((s) => !PASS_ROLE_SERVICES.includes(s)).map((s) => `${p.stack} ${p.resource} (${p.property}) passes ${p.role}, trusted by ${s}`));
        expect(offenders).to.deep.equal([]);
    });

    it("is not vacuous: the stacks pass roles to EKS, EC2, S3 replication, Backup and CodeBuild", () => {
        const services = new Set(passed.flatMap((p) => p.services));
        expect([...services]).to.include.members(["eks.amazonaws.com", "ec2.amazonaws.com", "s3.amazonaws.com", "backup.amazonaws.com", "codebuild.amazonaws.com"]);
    });

    it("PASS_ROLE_SERVICES lists no service that no stack passes a role to", () => {
        const services = new Set(passed.flatMap((p) => p.services));
        expect(PASS_ROLE_SERVICES.filter((s) => !services.has(s))).to.deep.equal([]);
    });
});
