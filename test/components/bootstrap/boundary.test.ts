import { expect } from "chai";
import {
    defaultDeploymentStatements,
    deployerBoundaryArn,
    deployerBoundaryDocument,
    deploymentGuardStatements,
    escalationDenyStatements,
    PermissionBoundaries,
    PermissionBoundariesArgs,
    validatePermissionBoundariesArgs,
    workloadBoundaryDocument,
} from "../../../components/bootstrap";
import { policyDocument, workloadBoundaryArn } from "../../../components/common";
import { declare, doc } from "../../support/harness";

const ARGS: PermissionBoundariesArgs = { accountId: "111111111111", region: "eu-west-1", protectedRoleNames: ["platform-deployer", "platform-preview"] };
const FENCE = { accountId: "111111111111", region: "eu-west-1", protectedRoleNames: ["platform-deployer", "platform-preview", "OrganizationAccountAccessRole"], accessRoleName: "OrganizationAccountAccessRole" };

/** IAM counts a policy's size without whitespace (managed policies 6,144 characters, a role's inline policies 10,240 together). */
const size = (document: unknown) => JSON.stringify(document).replace(/\s/g, "").length;

describe("permissions boundary documents", () => {
    it("lets workloads use every service but IAM, Organizations and Account, and of IAM only reads, instance profiles, PassRole of platform roles to EC2 and service-linked roles", () => {
        const d = workloadBoundaryDocument("111111111111", "eu-west-1", "OrganizationAccountAccessRole");
        expect(d.Statement.map((s) => [s.Sid, s.Effect])).to.deep.equal([
            ["AllowServices", "Allow"],
            ["AllowIamReads", "Allow"],
            ["AllowInstanceProfiles", "Allow"],
            ["AllowPassPlatformRolesToEc2", "Allow"],
            ["AllowServiceLinkedRoles", "Allow"],
            ["DenyIamWrites", "Deny"],
            ["AllowOrganizationReadsForConfig", "Allow"],
            ["DenyAccount", "Deny"],
            ["DenyAssumeAccountAccessRole", "Deny"],
        ]);
        expect(d.Statement[0]).to.deep.equal({ Sid: "AllowServices", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" });
        // Only the four reads of AWSConfigRoleForOrganizations (the security stack's aggregator role); no other Organizations action is allowed.
        expect(d.Statement[6]).to.deep.equal({
            Sid: "AllowOrganizationReadsForConfig",
            Effect: "Allow",
            Action: ["organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization", "organizations:ListAccounts", "organizations:ListDelegatedAdministrators"],
            Resource: "*",
        });
        expect(d.Statement[3]).to.deep.equal({
            Sid: "AllowPassPlatformRolesToEc2",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: "arn:aws:iam::111111111111:role/platform/*",
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        });
        expect(d.Statement[5].NotResource).to.deep.equal(["arn:aws:iam::111111111111:instance-profile/*", "arn:aws:iam::111111111111:role/aws-service-role/*"]);
        expect(size(d)).to.be.below(6144);
    });

    it("caps a deployment role at every service but IAM, IAM inside the fence, and the escalation denies", () => {
        const d = deployerBoundaryDocument(FENCE);
        expect(d.Statement.slice(0, 3)).to.deep.equal([
            { Sid: "AllowServices", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
            { Sid: "AllowIdentityReads", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "organizations:Describe*", "organizations:List*", "account:Get*", "account:List*"], Resource: "*" },
            {
                Sid: "AllowIamInsideTheFence",
                Effect: "Allow",
                Action: "iam:*",
                Resource: [
                    "arn:aws:iam::111111111111:role/platform/*",
                    "arn:aws:iam::111111111111:policy/platform/*",
                    "arn:aws:iam::111111111111:instance-profile/platform/*",
                    "arn:aws:iam::111111111111:oidc-provider/oidc.eks.*",
                    "arn:aws:iam::111111111111:role/aws-service-role/*",
                ],
            },
        ]);
        expect(d.Statement.slice(3)).to.deep.equal(escalationDenyStatements(FENCE));
        expect(size(d)).to.be.below(6144);
    });

    it("writes the same denies into the deployment role's own policy, which stays under IAM's inline size quota", () => {
        expect(deploymentGuardStatements("111111111111", "eu-west-1", "platform-deployer", ["platform-preview"])).to.deep.equal(escalationDenyStatements(FENCE));
        const inline = policyDocument([...defaultDeploymentStatements("111111111111", "eu-west-1"), ...deploymentGuardStatements("111111111111", "eu-west-1", "platform-deployer", ["platform-preview"])]);
        // The state and chain statements (a few hundred characters) come on top.
        expect(size(inline)).to.be.below(10240 - 2000);
    });

    it("uses the partition of the region", () => {
        expect(workloadBoundaryArn("111111111111", "cn-north-1")).to.equal("arn:aws-cn:iam::111111111111:policy/platform/platform-workload-boundary");
        expect(deployerBoundaryArn("111111111111", "us-gov-west-1")).to.equal("arn:aws-us-gov:iam::111111111111:policy/platform/platform-deployer-boundary");
        expect(JSON.stringify(workloadBoundaryDocument("111111111111", "cn-north-1", "OrganizationAccountAccessRole"))).to.include('"ec2.amazonaws.com.cn"').and.not.include("arn:aws:");
    });
});

describe("PermissionBoundaries", () => {
    it("creates both boundaries under /platform/ with the names their ARNs are computed from, protected and retained", async () => {
        const plan = await declare(() => new PermissionBoundaries("boundaries", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:iam/policy:Policy::boundaries-deployer",
            "aws:iam/policy:Policy::boundaries-workload",
            "platform:bootstrap:PermissionBoundaries::boundaries",
        ]);
        const workload = plan.one("aws:iam/policy:Policy", "boundaries-workload");
        const deployer = plan.one("aws:iam/policy:Policy", "boundaries-deployer");
        expect(workload.inputs).to.include({ name: "platform-workload-boundary", path: "/platform/" });
        expect(deployer.inputs).to.include({ name: "platform-deployer-boundary", path: "/platform/" });
        expect(`arn:aws:iam::111111111111:policy${workload.inputs.path}${workload.inputs.name}`).to.equal(workloadBoundaryArn("111111111111", "eu-west-1"));
        expect(`arn:aws:iam::111111111111:policy${deployer.inputs.path}${deployer.inputs.name}`).to.equal(deployerBoundaryArn("111111111111", "eu-west-1"));
        expect(doc(workload.inputs.policy)).to.deep.equal(workloadBoundaryDocument("111111111111", "eu-west-1", "OrganizationAccountAccessRole"));
        expect(doc(deployer.inputs.policy)).to.deep.equal(deployerBoundaryDocument(FENCE));
        for (const p of [workload, deployer]) {
            expect(p).to.deep.include({ protect: true, retainOnDelete: true });
        }
    });

    const cases: [string, Partial<PermissionBoundariesArgs>, string[]][] = [
        ["rejects a malformed account", { accountId: "1111" }, ['accountId: "1111" is not a 12-digit AWS account ID']],
        ["rejects no protected role", { protectedRoleNames: [] }, ["protectedRoleNames: [] is empty; list the deployment role (and the preview role) so that no deployment can change them"]],
        ["rejects a protected role given as an ARN", { protectedRoleNames: ["arn:aws:iam::111111111111:role/x"] }, ['protectedRoleNames[0]: "arn:aws:iam::111111111111:role/x" is not an IAM role name (at most 64 letters, digits and +=,.@_-)']],
        ["rejects a malformed access role name", { accessRoleName: "Org Access" }, ['accessRoleName: "Org Access" is not an IAM role name (at most 64 letters, digits and +=,.@_-)']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validatePermissionBoundariesArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
