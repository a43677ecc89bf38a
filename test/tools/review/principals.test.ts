import { expect } from "chai";
import { Plan, PlanResource, UNKNOWN } from "../../../tools/plan/model";
import { checkPrincipals, principalsInDocument } from "../../../tools/review/principals";

/** The principals invariant on hand-built plans: each way a principal is accepted, and each way it is not. */

function res(stack: string, type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}, provider = "main"): PlanResource {
    return {
        urn: `urn:pulumi:${stack}::platform::${type}::${name}`,
        type,
        name,
        custom: true,
        provider: `urn:pulumi:${stack}::platform::pulumi:providers:aws::${provider}`,
        inputs,
        dependencies: [],
        propertyDependencies,
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
    };
}

function plan(stack: string, account: string, resources: PlanResource[], prerequisites?: Record<string, unknown>): Plan {
    const provider = res(stack, "pulumi:providers:aws", "main", { allowedAccountIds: JSON.stringify([account]) });
    return {
        formatVersion: 1,
        project: "platform",
        stack,
        stackFile: `stacks/Pulumi.${stack}.yaml`,
        config: { "platform:accountId": account, ...(prerequisites ? { "platform:prerequisites": prerequisites } : {}) },
        resources: [provider, ...resources],
        outputs: {},
        summary: { resourceCount: 0, customResourceCount: 0, componentCount: 0, byType: {} },
    };
}

const doc = (statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = (principal: unknown, condition?: Record<string, unknown>) => doc([{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }]);
const ROLE = "aws:iam/role:Role";
const KEY = "aws:kms/key:Key";
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const SLR = "arn:aws:iam::222222222222:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

/** A bootstrap-like stack creating platform-deployer in 222222222222 through a member-account provider. */
const creator = plan("boot", "111111111111", [
    res("boot", "pulumi:providers:aws", "member", { allowedAccountIds: '["222222222222"]' }),
    res("boot", ROLE, "deployer", { name: "platform-deployer", assumeRolePolicy: trust({ AWS: "arn:aws:iam::111111111111:root" }) }, {}, "member"),
]);

const messages = (plans: Plan[]) => checkPrincipals(plans).offenders.map((o) => o.message);

describe("principals invariant on hand-built plans", () => {
    it("accepts roots, services, everyone-with-conditions and a role another stack creates in that account", () => {
        const wl = plan("wl", "222222222222", [
            res("wl", ROLE, "svc", { assumeRolePolicy: trust({ Service: "eks.amazonaws.com" }) }),
            res("wl", KEY, "key", { policy: doc([{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::222222222222:root", "333333333333"] }, Action: "kms:*" }, { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Condition: { StringEquals: { "kms:CallerAccount": "222222222222" } } }]) }),
            res("wl", ENTRY, "deployer", { principalArn: "arn:aws:iam::222222222222:role/platform-deployer" }),
        ]);
        const report = checkPrincipals([creator, wl]);
        expect(report.offenders).to.deep.equal([]);
        expect(report.checked.find((c) => c.stack === "wl" && c.where === "principalArn")?.accepted).to.equal("created by boot urn:pulumi:boot::platform::aws:iam/role:Role::deployer");
    });

    it("rejects the same role name in another account", () => {
        const wl = plan("wl", "444444444444", [res("wl", ENTRY, "deployer", { principalArn: "arn:aws:iam::444444444444:role/platform-deployer" })]);
        expect(messages([creator, wl])).to.deep.equal([
            "wl urn:pulumi:wl::platform::aws:eks/accessEntry:AccessEntry::deployer: arn:aws:iam::444444444444:role/platform-deployer (principalArn) is not created by any stack, not an account root or service, and not in platform:prerequisites.principals of wl",
        ]);
    });

    it("counts principals in aws:PrincipalArn conditions (ArnEquals, ArnLike) and accepts a declared prerequisite", () => {
        const policy = trust({ AWS: "arn:aws:iam::222222222222:root" }, { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/break-glass", "arn:aws:iam::222222222222:role/ghost"] } });
        const wl = plan("wl", "222222222222", [res("wl", ROLE, "r", { assumeRolePolicy: policy })], { principals: ["arn:aws:iam::222222222222:role/break-glass"] });
        expect(messages([wl])).to.deep.equal([
            "wl urn:pulumi:wl::platform::aws:iam/role:Role::r: arn:aws:iam::222222222222:role/ghost (assumeRolePolicy Statement[0] Condition.ArnEquals.aws:PrincipalArn) is not created by any stack, not an account root or service, and not in platform:prerequisites.principals of wl",
        ]);
        const like = trust({ AWS: "arn:aws:iam::222222222222:root" }, { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/platform-deploy*" } });
        expect(messages([creator, plan("wl", "222222222222", [res("wl", ROLE, "r", { assumeRolePolicy: like })])])).to.deep.equal([]);
        const unmatched = trust({ AWS: "arn:aws:iam::222222222222:root" }, { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/nobody-*" } });
        expect(messages([creator, plan("wl", "222222222222", [res("wl", ROLE, "r", { assumeRolePolicy: unmatched })])])[0]).to.contain("matches no principal created by any stack");
    });

    it("a service-linked role counts when a plan creates it in that account or the stack declares it exists", () => {
        const key = res("wl", KEY, "ebs", { policy: doc([{ Sid: "Asg", Effect: "Allow", Principal: { AWS: SLR }, Action: "kms:Decrypt" }]) });
        expect(messages([plan("wl", "222222222222", [key])])).to.deep.equal([
            `wl urn:pulumi:wl::platform::aws:kms/key:Key::ebs: ${SLR} (policy Statement[0] (Asg) Principal.AWS) is a service-linked role no stack creates (no aws:iam/serviceLinkedRole:ServiceLinkedRole for autoscaling.amazonaws.com in account 222222222222) and autoscaling.amazonaws.com is not in platform:prerequisites.existingServiceLinkedRoles of wl`,
        ]);
        const created = res("wl", "aws:iam/serviceLinkedRole:ServiceLinkedRole", "asg", { awsServiceName: "autoscaling.amazonaws.com" });
        expect(messages([plan("wl", "222222222222", [key, created])])).to.deep.equal([]);
        expect(messages([plan("wl", "333333333333", [key]), plan("other", "333333333333", [created])])).to.have.length(1);
        expect(messages([plan("wl", "222222222222", [key], { existingServiceLinkedRoles: ["autoscaling.amazonaws.com"] })])).to.deep.equal([]);
    });

    it("a computed reference to an auto-named role of the same plan counts; a computed value with no role behind it does not", () => {
        const role = res("wl", ROLE, "nodes", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) });
        const byRef = res("wl", ENTRY, "nodes", { principalArn: UNKNOWN }, { principalArn: [role.urn] });
        const mockArn = res("wl", ENTRY, "nodes-mock", { principalArn: "arn:aws:iam::222222222222:role/nodes" }, { principalArn: [role.urn] });
        expect(messages([plan("wl", "222222222222", [role, byRef, mockArn])])).to.deep.equal([]);
        // The same ARN typed by hand: an auto-named role's real name has a random suffix.
        const literal = res("wl", ENTRY, "literal", { principalArn: "arn:aws:iam::222222222222:role/nodes" });
        const orphan = res("wl", ENTRY, "orphan", { principalArn: UNKNOWN });
        expect(messages([plan("wl", "222222222222", [role, literal, orphan])])).to.deep.equal([
            "wl urn:pulumi:wl::platform::aws:eks/accessEntry:AccessEntry::literal: arn:aws:iam::222222222222:role/nodes (principalArn) is not created by any stack, not an account root or service, and not in platform:prerequisites.principals of wl",
            "wl urn:pulumi:wl::platform::aws:eks/accessEntry:AccessEntry::orphan: <computed> (principalArn) is unknown until apply and depends on no IAM role of its plan, so nothing shows it exists",
        ]);
    });

    it("a federated principal counts when a plan creates that OIDC provider in that account", () => {
        const oidc = res("boot", "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "gh", { url: "https://token.actions.githubusercontent.com" }, {}, "member");
        const role = res("wl", ROLE, "ci", { assumeRolePolicy: trust({ Federated: "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" }) });
        expect(messages([{ ...creator, resources: [...creator.resources, oidc] }, plan("wl", "222222222222", [role])])).to.deep.equal([]);
        expect(messages([creator, plan("wl", "222222222222", [role])])).to.have.length(1);
    });

    it("reads S3 bucket and ECR policies, NotPrincipal included", () => {
        const bucket = res("s", "aws:s3/bucketPolicy:BucketPolicy", "b", { policy: doc([{ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::222222222222:role/ghost" }, Action: "s3:*" }]) });
        const repo = res("s", "aws:ecr/repositoryPolicy:RepositoryPolicy", "r", { policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:user/ghost" }, Action: "ecr:*" }]) });
        const registry = res("s", "aws:ecr/registryPolicy:RegistryPolicy", "g", { policy: doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::555555555555:root" }, Action: "ecr:*" }]) });
        expect(checkPrincipals([plan("s", "222222222222", [bucket, repo, registry])]).offenders.map((o) => `${o.principal} ${o.where}`)).to.deep.equal([
            "arn:aws:iam::222222222222:role/ghost policy Statement[0] NotPrincipal.AWS",
            "arn:aws:iam::222222222222:user/ghost policy Statement[0] Principal.AWS",
        ]);
    });

    it("lists principals of a document with where they appear", () => {
        expect(principalsInDocument(JSON.parse(trust({ AWS: ["a", "b"] }, { "ForAnyValue:ArnLike": { "aws:PrincipalArn": "c" }, StringEquals: { "aws:SourceAccount": "d" } })), "assumeRolePolicy")).to.deep.equal([
            { principal: "a", where: "assumeRolePolicy Statement[0] Principal.AWS" },
            { principal: "b", where: "assumeRolePolicy Statement[0] Principal.AWS" },
            { principal: "c", where: "assumeRolePolicy Statement[0] Condition.ForAnyValue:ArnLike.aws:PrincipalArn" },
        ]);
    });
});
