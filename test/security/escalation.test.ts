import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Plan, PlanResource, UNKNOWN } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";

/**
 * The known ways a deployment role could make itself (or something it creates) an administrator,
 * evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate: identity policies, permissions
 * boundaries, resource policies, condition operators and keys, explicit and implicit denies) over
 * the exact documents of the bootstrap stack's offline plan: each role's inline policies, its
 * attached AWS managed policies (vendored under test/fixtures/aws-managed-policies/) and its
 * permissions boundary. Every path must be denied; the actions the platform needs must stay
 * allowed, so that a role that can do nothing does not pass. Preview roles must write nothing.
 *
 * Resource policies, where a request needs one (a trust policy, a bucket or key policy), are the
 * most permissive the other side could have: only the role's own policies and boundary decide.
 */

interface NamedPolicy {
    name: string;
    policy: unknown;
}

interface RolePolicies {
    accountId: string;
    roleName: string;
    roleArn: string;
    identity: NamedPolicy[];
    managedPolicyArns: string[];
    boundary?: NamedPolicy;
}

const FIXTURES = path.join(__dirname, "..", "fixtures", "aws-managed-policies");
const ORG_ACCESS = "OrganizationAccountAccessRole";
const MANAGEMENT = "999999999999";
const NETWORK = "111111111111";

function managedPolicy(arn: string): NamedPolicy {
    const name = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
    const file = path.join(FIXTURES, `${name}.json`);
    if (!name || !fs.existsSync(file)) {
        throw new Error(`${arn} is attached in the plan but not vendored under test/fixtures/aws-managed-policies/; add its default version's document`);
    }
    const fixture = JSON.parse(fs.readFileSync(file, "utf8")) as { arn: string; document: unknown };
    expect(fixture.arn).to.equal(arn);
    return { name, policy: fixture.document };
}

function parse(value: unknown, what: string): unknown {
    if (typeof value !== "string" || value.includes(UNKNOWN)) {
        throw new Error(`${what} is not known in the offline plan: ${String(value)}`);
    }
    return JSON.parse(value);
}

/** The documents IAM evaluates for one role of the plan: matched to the role by name and provider (every account names its roles alike). */
function rolePolicies(plan: Plan, role: PlanResource, accountId: string): RolePolicies {
    const roleName = String(role.inputs.name);
    const sameRole = (r: PlanResource) => r.provider === role.provider && r.inputs.role === roleName;
    const identity = plan.resources
        .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && sameRole(r))
        .map((r) => ({ name: r.name, policy: parse(r.inputs.policy, r.urn) }));
    const managedPolicyArns = plan.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && sameRole(r)).map((r) => String(r.inputs.policyArn));
    const boundaryArn = role.inputs.permissionsBoundary;
    let boundary: NamedPolicy | undefined;
    if (boundaryArn !== undefined) {
        const policy = plan.resources.find(
            (r) => r.type === "aws:iam/policy:Policy" && r.provider === role.provider && `arn:aws:iam::${accountId}:policy${r.inputs.path ?? "/"}${r.inputs.name}` === boundaryArn,
        );
        if (!policy) {
            throw new Error(`${role.urn}: boundary ${String(boundaryArn)} is not a policy of the plan`);
        }
        boundary = { name: String(policy.inputs.name), policy: parse(policy.inputs.policy, policy.urn) };
    }
    return {
        accountId,
        roleName,
        roleArn: `arn:aws:iam::${accountId}:role${role.inputs.path ?? "/"}${roleName}`,
        identity: [...identity, ...managedPolicyArns.map(managedPolicy)],
        managedPolicyArns,
        boundary,
    };
}

interface Request {
    action: string;
    resource: string;
    /** Request context (`iam:PermissionsBoundary`, `iam:PolicyARN`, `iam:PassedToService`). */
    context?: Record<string, string | string[]>;
    /** Account that owns the resource. @default the role's */
    resourceAccount?: string;
    /** A resource policy that allows the role everything (a trust, bucket or key policy at its most permissive). */
    permissiveResourcePolicy?: boolean;
}

async function decide(p: RolePolicies, r: Request): Promise<string> {
    const simulation: Simulation = {
        request: { principal: p.roleArn, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount ?? p.accountId }, contextVariables: r.context ?? {} },
        identityPolicies: p.identity,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        permissionBoundaryPolicies: p.boundary ? [p.boundary] : undefined,
        resourcePolicy: r.permissiveResourcePolicy
            ? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${p.accountId}:root` }, Action: "*", Resource: "*" }] }
            : undefined,
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(`${r.action} on ${r.resource}: the simulator refused the request: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
}

const WORKLOAD_BOUNDARY = (a: string) => `arn:aws:iam::${a}:policy/platform/platform-workload-boundary`;
const DEPLOYER_BOUNDARY = (a: string) => `arn:aws:iam::${a}:policy/platform/platform-deployer-boundary`;
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const role = (a: string, name: string) => `arn:aws:iam::${a}:role/${name}`;

/** Escalation paths of a deployment role in account `a`; every one must be denied. */
function escalations(a: string, self: string): [string, Request][] {
    return [
        ["CreateRole without a boundary", { action: "iam:CreateRole", resource: role(a, "platform/escalate") }],
        ["CreateRole with the workload boundary outside /platform/", { action: "iam:CreateRole", resource: role(a, "escalate"), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        ["CreateRole under /platform/ with another boundary", { action: "iam:CreateRole", resource: role(a, "platform/escalate"), context: { "iam:PermissionsBoundary": DEPLOYER_BOUNDARY(a) } }],
        ["AttachRolePolicy AdministratorAccess to an existing role", { action: "iam:AttachRolePolicy", resource: role(a, "existing-app"), context: { "iam:PolicyARN": ADMIN } }],
        [
            "AttachRolePolicy AdministratorAccess to a platform role",
            { action: "iam:AttachRolePolicy", resource: role(a, "platform/nodes"), context: { "iam:PolicyARN": ADMIN, "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } },
        ],
        ["PutRolePolicy (an inline *) on a role outside the fence", { action: "iam:PutRolePolicy", resource: role(a, "existing-app") }],
        ["PutRolePolicy on OrganizationAccountAccessRole", { action: "iam:PutRolePolicy", resource: role(a, ORG_ACCESS) }],
        ["UpdateAssumeRolePolicy on OrganizationAccountAccessRole", { action: "iam:UpdateAssumeRolePolicy", resource: role(a, ORG_ACCESS) }],
        ["UpdateAssumeRolePolicy on the deployment role itself", { action: "iam:UpdateAssumeRolePolicy", resource: role(a, self) }],
        ["PutRolePolicy on the deployment role itself", { action: "iam:PutRolePolicy", resource: role(a, self) }],
        ["UpdateAssumeRolePolicy on the preview role", { action: "iam:UpdateAssumeRolePolicy", resource: role(a, "platform-preview") }],
        ["sts:AssumeRole of OrganizationAccountAccessRole in its own account", { action: "sts:AssumeRole", resource: role(a, ORG_ACCESS), permissiveResourcePolicy: true }],
        [
            "sts:AssumeRole of OrganizationAccountAccessRole in another account",
            { action: "sts:AssumeRole", resource: role(MANAGEMENT, ORG_ACCESS), resourceAccount: MANAGEMENT, permissiveResourcePolicy: true },
        ],
        ["iam:CreateUser", { action: "iam:CreateUser", resource: `arn:aws:iam::${a}:user/escalate` }],
        ["iam:CreateAccessKey", { action: "iam:CreateAccessKey", resource: `arn:aws:iam::${a}:user/ci` }],
        ["iam:CreateLoginProfile", { action: "iam:CreateLoginProfile", resource: `arn:aws:iam::${a}:user/ci` }],
        ["PassRole of an admin role outside /platform/ to EC2", { action: "iam:PassRole", resource: role(a, "admin"), context: { "iam:PassedToService": "ec2.amazonaws.com" } }],
        ["PassRole of OrganizationAccountAccessRole to EKS", { action: "iam:PassRole", resource: role(a, ORG_ACCESS), context: { "iam:PassedToService": "eks.amazonaws.com" } }],
        ["PassRole of a platform role to Lambda", { action: "iam:PassRole", resource: role(a, "platform/nodes"), context: { "iam:PassedToService": "lambda.amazonaws.com" } }],
        ["CreatePolicyVersion on the workload boundary", { action: "iam:CreatePolicyVersion", resource: WORKLOAD_BOUNDARY(a) }],
        ["SetDefaultPolicyVersion on the workload boundary", { action: "iam:SetDefaultPolicyVersion", resource: WORKLOAD_BOUNDARY(a) }],
        ["CreatePolicyVersion on the deployer boundary", { action: "iam:CreatePolicyVersion", resource: DEPLOYER_BOUNDARY(a) }],
        ["DeletePolicy of the workload boundary", { action: "iam:DeletePolicy", resource: WORKLOAD_BOUNDARY(a) }],
        ["DeleteRolePermissionsBoundary of a platform role", { action: "iam:DeleteRolePermissionsBoundary", resource: role(a, "platform/nodes"), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        ["DeleteRolePermissionsBoundary of the deployment role itself", { action: "iam:DeleteRolePermissionsBoundary", resource: role(a, self), context: { "iam:PermissionsBoundary": DEPLOYER_BOUNDARY(a) } }],
        ["PutRolePermissionsBoundary with another policy", { action: "iam:PutRolePermissionsBoundary", resource: role(a, "platform/nodes"), context: { "iam:PermissionsBoundary": ADMIN } }],
        ["PutRolePermissionsBoundary on the deployment role itself", { action: "iam:PutRolePermissionsBoundary", resource: role(a, self), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        ["DeleteOpenIDConnectProvider of GitHub's provider", { action: "iam:DeleteOpenIDConnectProvider", resource: `arn:aws:iam::${a}:oidc-provider/token.actions.githubusercontent.com` }],
        ["CreateOpenIDConnectProvider for another issuer", { action: "iam:CreateOpenIDConnectProvider", resource: `arn:aws:iam::${a}:oidc-provider/issuer.example.com` }],
        ["organizations:LeaveOrganization", { action: "organizations:LeaveOrganization", resource: "*" }],
    ];
}

/** What the platform's stacks do with a deployment role; every one must stay allowed. */
function legitimate(a: string): [string, Request][] {
    return [
        ["CreateRole under /platform/ with the workload boundary", { action: "iam:CreateRole", resource: role(a, "platform/dev-role-abc1234"), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        ["PutRolePolicy on a platform role with the boundary", { action: "iam:PutRolePolicy", resource: role(a, "platform/dev-flow-logs"), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        [
            "AttachRolePolicy of an EKS managed policy to a platform role",
            { action: "iam:AttachRolePolicy", resource: role(a, "platform/dev-nodes"), context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } },
        ],
        ["DeleteRole of a platform role", { action: "iam:DeleteRole", resource: role(a, "platform/dev-nodes") }],
        ["PassRole of a platform role to eks.amazonaws.com", { action: "iam:PassRole", resource: role(a, "platform/dev-role-abc1234"), context: { "iam:PassedToService": "eks.amazonaws.com" } }],
        ["CreateServiceLinkedRole (Auto Scaling)", { action: "iam:CreateServiceLinkedRole", resource: role(a, "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling") }],
        ["ec2:CreateVpc", { action: "ec2:CreateVpc", resource: `arn:aws:ec2:eu-west-1:${a}:vpc/vpc-0123456789abcdef0` }],
        // CreateCluster authorizes on "*" only (no resource type).
        ["eks:CreateCluster", { action: "eks:CreateCluster", resource: "*" }],
        ["sts:AssumeRole of itself (the providers' chain)", { action: "sts:AssumeRole", resource: role(a, "platform-deployer"), permissiveResourcePolicy: true }],
        ["sts:AssumeRole of the network account's deployment role", { action: "sts:AssumeRole", resource: role(NETWORK, "platform-deployer"), resourceAccount: NETWORK, permissiveResourcePolicy: true }],
    ];
}

/** Representative writes across the services a preview touches; a preview role must be denied every one. */
function previewWrites(a: string, stateBucket: string, stateKey: string): [string, Request][] {
    return [
        ["iam:CreateRole", { action: "iam:CreateRole", resource: role(a, "platform/escalate"), context: { "iam:PermissionsBoundary": WORKLOAD_BOUNDARY(a) } }],
        ["iam:PutRolePolicy", { action: "iam:PutRolePolicy", resource: role(a, "platform-preview") }],
        ["iam:AttachRolePolicy", { action: "iam:AttachRolePolicy", resource: role(a, "platform/nodes"), context: { "iam:PolicyARN": ADMIN } }],
        ["iam:UpdateAssumeRolePolicy", { action: "iam:UpdateAssumeRolePolicy", resource: role(a, "platform-deployer") }],
        ["iam:PassRole", { action: "iam:PassRole", resource: role(a, "platform/nodes"), context: { "iam:PassedToService": "ec2.amazonaws.com" } }],
        ["iam:CreateAccessKey", { action: "iam:CreateAccessKey", resource: `arn:aws:iam::${a}:user/ci` }],
        ["s3:PutObject on the state bucket", { action: "s3:PutObject", resource: `${stateBucket}/.pulumi/stacks/platform/dev.json`, resourceAccount: MANAGEMENT, permissiveResourcePolicy: true }],
        ["s3:DeleteObject on the state bucket", { action: "s3:DeleteObject", resource: `${stateBucket}/.pulumi/stacks/platform/dev.json`, resourceAccount: MANAGEMENT, permissiveResourcePolicy: true }],
        ["kms:Encrypt with the state key", { action: "kms:Encrypt", resource: stateKey, resourceAccount: MANAGEMENT, permissiveResourcePolicy: true }],
        ["ec2:CreateVpc", { action: "ec2:CreateVpc", resource: `arn:aws:ec2:eu-west-1:${a}:vpc/vpc-0123456789abcdef0` }],
        ["ec2:RunInstances", { action: "ec2:RunInstances", resource: `arn:aws:ec2:eu-west-1:${a}:instance/i-0123456789abcdef0` }],
        ["ec2:AuthorizeSecurityGroupIngress", { action: "ec2:AuthorizeSecurityGroupIngress", resource: `arn:aws:ec2:eu-west-1:${a}:security-group/sg-0123456789abcdef0` }],
        ["eks:CreateCluster", { action: "eks:CreateCluster", resource: "*" }],
        ["eks:CreateAccessEntry", { action: "eks:CreateAccessEntry", resource: `arn:aws:eks:eu-west-1:${a}:cluster/platform-dev` }],
        ["sts:AssumeRole of the deployment role", { action: "sts:AssumeRole", resource: role(a, "platform-deployer"), permissiveResourcePolicy: true }],
        ["sts:AssumeRole of OrganizationAccountAccessRole", { action: "sts:AssumeRole", resource: role(a, ORG_ACCESS), permissiveResourcePolicy: true }],
        ["ssm:PutParameter", { action: "ssm:PutParameter", resource: `arn:aws:ssm:eu-west-1:${a}:parameter/platform/x` }],
        ["logs:DeleteLogGroup", { action: "logs:DeleteLogGroup", resource: `arn:aws:logs:eu-west-1:${a}:log-group:/aws/eks/platform-dev/cluster` }],
    ];
}

describe("escalation paths of the bootstrap's deployment and preview roles (IAM policy simulator)", () => {
    let plan: Plan;
    let deployers: RolePolicies[];
    let previews: RolePolicies[];
    let state: { bucket: string; key: string };

    before(async () => {
        plan = await planStack({ stack: "bootstrap" });
        const roles = (prefix: string) =>
            plan.resources
                .filter((r) => r.type === "aws:iam/role:Role" && r.name.startsWith(prefix))
                .map((r) => rolePolicies(plan, r, r.name.slice(prefix.length)));
        deployers = roles("deployer-");
        previews = roles("preview-");
        const bucket = plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
        state = { bucket: `arn:aws:s3:::${String(bucket.inputs.bucket ?? `${bucket.name}-id`)}`, key: `arn:aws:kms:eu-west-1:${MANAGEMENT}:key/state-key-id` };
    });

    it("finds every account's roles with their policies, and a boundary on each deployment role", () => {
        expect(deployers.map((d) => d.accountId)).to.deep.equal(["111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"]);
        expect(previews.map((d) => d.accountId)).to.deep.equal(deployers.map((d) => d.accountId));
        for (const d of deployers) {
            expect(d.managedPolicyArns, d.roleArn).to.deep.equal(["arn:aws:iam::aws:policy/PowerUserAccess"]);
            expect(d.boundary?.name, d.roleArn).to.equal("platform-deployer-boundary");
            expect(d.identity.length, d.roleArn).to.be.greaterThan(1);
        }
        for (const p of previews) {
            expect(p.managedPolicyArns, p.roleArn).to.deep.equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        }
    });

    it("denies every known escalation path to every deployment role", async () => {
        const allowed: string[] = [];
        for (const d of deployers) {
            for (const [what, request] of escalations(d.accountId, d.roleName)) {
                const result = await decide(d, request);
                if (result === "Allowed") {
                    allowed.push(`${d.roleArn}: ${what}`);
                }
            }
        }
        expect(allowed).to.deep.equal([]);
    });

    it("still allows what the stacks do: bounded platform roles, passing them to EKS, the services", async () => {
        const denied: string[] = [];
        for (const d of deployers) {
            for (const [what, request] of legitimate(d.accountId)) {
                const result = await decide(d, request);
                if (result !== "Allowed") {
                    denied.push(`${d.roleArn}: ${what} is ${result}`);
                }
            }
        }
        expect(denied).to.deep.equal([]);
    });

    it("denies the escalation paths by the deployer boundary alone, whatever identity policy a role is given", async () => {
        // AdministratorAccess attached by hand: the boundary still caps the role.
        const admin: NamedPolicy = { name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };
        const allowed: string[] = [];
        for (const d of deployers) {
            for (const [what, request] of escalations(d.accountId, d.roleName)) {
                if ((await decide({ ...d, identity: [admin] }, request)) === "Allowed") {
                    allowed.push(`${d.roleArn}: ${what}`);
                }
            }
        }
        expect(allowed).to.deep.equal([]);
    });

    it("caps a role a deployer creates with an inline * at the workload boundary: no IAM writes, no Organizations, no account-access role", async () => {
        const d = deployers[0];
        const boundaryArn = WORKLOAD_BOUNDARY(d.accountId);
        const provider = plan.resources.find((x) => x.type === "aws:iam/role:Role" && x.name === `deployer-${d.accountId}`)!.provider;
        const workload = plan.resources.find((r) => r.type === "aws:iam/policy:Policy" && r.provider === provider && r.inputs.name === "platform-workload-boundary")!;
        expect(`arn:aws:iam::${d.accountId}:policy${workload.inputs.path}${workload.inputs.name}`).to.equal(boundaryArn);
        const created: RolePolicies = {
            accountId: d.accountId,
            roleName: "escalate",
            roleArn: role(d.accountId, "platform/escalate"),
            identity: [{ name: "star", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
            managedPolicyArns: [],
            boundary: { name: "platform-workload-boundary", policy: parse(workload.inputs.policy, workload.urn) },
        };
        const a = d.accountId;
        const denied: [string, Request][] = [
            ["CreateRole", { action: "iam:CreateRole", resource: role(a, "platform/next"), context: { "iam:PermissionsBoundary": boundaryArn } }],
            ["PutRolePolicy", { action: "iam:PutRolePolicy", resource: role(a, "platform/escalate") }],
            ["AttachRolePolicy", { action: "iam:AttachRolePolicy", resource: role(a, "platform/escalate"), context: { "iam:PolicyARN": ADMIN } }],
            ["UpdateAssumeRolePolicy on the deployment role", { action: "iam:UpdateAssumeRolePolicy", resource: role(a, "platform-deployer") }],
            ["CreateAccessKey", { action: "iam:CreateAccessKey", resource: `arn:aws:iam::${a}:user/ci` }],
            ["CreatePolicyVersion on the boundary", { action: "iam:CreatePolicyVersion", resource: boundaryArn }],
            ["PassRole outside /platform/", { action: "iam:PassRole", resource: role(a, "admin"), context: { "iam:PassedToService": "ec2.amazonaws.com" } }],
            ["organizations:CreateAccount", { action: "organizations:CreateAccount", resource: "*" }],
            ["sts:AssumeRole of OrganizationAccountAccessRole", { action: "sts:AssumeRole", resource: role(MANAGEMENT, ORG_ACCESS), resourceAccount: MANAGEMENT, permissiveResourcePolicy: true }],
        ];
        const allowedNow: string[] = [];
        for (const [what, request] of denied) {
            if ((await decide(created, request)) === "Allowed") {
                allowedNow.push(what);
            }
        }
        expect(allowedNow).to.deep.equal([]);
        // What workloads need stays: Karpenter's instance profiles and node role, the services.
        expect(await decide(created, { action: "iam:CreateInstanceProfile", resource: `arn:aws:iam::${a}:instance-profile/karpenter/eu-west-1/dev/x` })).to.equal("Allowed");
        expect(await decide(created, { action: "iam:PassRole", resource: role(a, "platform/dev-karpenter-node"), context: { "iam:PassedToService": "ec2.amazonaws.com" } })).to.equal("Allowed");
        expect(await decide(created, { action: "sqs:ReceiveMessage", resource: `arn:aws:sqs:eu-west-1:${a}:dev-karpenter` })).to.equal("Allowed");
    });

    it("denies every preview role every write, while it still reads", async () => {
        const allowed: string[] = [];
        for (const p of previews) {
            for (const [what, request] of previewWrites(p.accountId, state.bucket, state.key)) {
                if ((await decide(p, request)) === "Allowed") {
                    allowed.push(`${p.roleArn}: ${what}`);
                }
            }
        }
        expect(allowed).to.deep.equal([]);
        for (const p of previews) {
            expect(await decide(p, { action: "ec2:DescribeVpcs", resource: "*" }), p.roleArn).to.equal("Allowed");
            expect(await decide(p, { action: "iam:GetRole", resource: role(p.accountId, "platform/dev-nodes") }), p.roleArn).to.equal("Allowed");
        }
    });
});
