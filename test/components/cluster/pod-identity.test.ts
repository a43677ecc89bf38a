import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { PodIdentityRole, PodIdentityRoleArgs, validatePodIdentityRoleArgs } from "../../../components/cluster/pod-identity";
import { declare, doc } from "../../support/harness";

const ARGS: PodIdentityRoleArgs = {
    clusterName: "dev",
    namespace: "kube-system",
    serviceAccount: "ebs-csi-controller-sa",
    accountId: "111111111111",
    region: "eu-west-1",
    statements: [{ Effect: "Allow", Action: ["kms:CreateGrant"], Resource: "arn:aws:kms:eu-west-1:111111111111:key/k" }],
    managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
};

describe("PodIdentityRole", () => {
    it("creates the role, its inline policy, the attachment and the association", async () => {
        const plan = await declare(() => new PodIdentityRole("ebs-csi", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::ebs-csi",
            "aws:iam/role:Role::ebs-csi",
            "aws:iam/rolePolicy:RolePolicy::ebs-csi-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::ebs-csi-0",
            "platform:cluster:PodIdentityRole::ebs-csi",
        ]);
        const assoc = plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "ebs-csi");
        expect(assoc.inputs).to.include({ clusterName: "dev", namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" });
        expect(assoc.inputs.roleArn).to.equal("arn:aws:iam::000000000000:role/platform/ebs-csi");
    });

    it("trusts only pods.eks.amazonaws.com from this account's clusters in the region", async () => {
        const plan = await declare(() => new PodIdentityRole("ebs-csi", ARGS));
        const role = plan.one("aws:iam/role:Role", "ebs-csi").inputs;
        expect(role).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        const trust = doc(role.assumeRolePolicy);
        expect(trust.Statement).to.deep.equal([
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: { "aws:SourceAccount": "111111111111" },
                    ArnLike: { "aws:SourceArn": "arn:aws:eks:eu-west-1:111111111111:cluster/*" },
                },
            },
        ]);
    });

    it("renders statements whose resources are outputs of other resources", async () => {
        const plan = await declare(() => {
            const queue = new aws.sqs.Queue("jobs", { name: "jobs" });
            return new PodIdentityRole("worker", { ...ARGS, managedPolicyArns: [], statements: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage"], Resource: queue.arn }] });
        });
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "worker-policy").inputs.policy).Statement).to.deep.equal([
            { Effect: "Allow", Action: ["sqs:ReceiveMessage"], Resource: "arn:aws:sqs:us-east-1:000000000000:jobs" },
        ]);
        expect(plan.one("aws:iam/rolePolicy:RolePolicy", "worker-policy").propertyDependencies.policy).to.deep.equal(["urn:pulumi:test::platform::aws:sqs/queue:Queue::jobs"]);
    });

    const cases: [string, Partial<PodIdentityRoleArgs>, string[]][] = [
        ["rejects a namespace that is not a DNS label", { namespace: "Kube_System" }, ['namespace: "Kube_System" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)']],
        ["rejects a malformed account", { accountId: "12345" }, ['accountId: "12345" is not a 12-digit AWS account ID']],
        [
            "rejects a role path outside the platform's",
            { rolePath: "/team/" },
            ['rolePath: "/team/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)'],
        ],
        ["rejects a role with no permissions", { statements: [], managedPolicyArns: [] }, ["statements and managedPolicyArns: both empty; a pod identity role needs at least one permission"]],
        ["rejects Action *", { statements: [{ Effect: "Allow", Action: "*", Resource: "arn:x" }] }, ['statements[0].Action: "*" grants every action; list the actions the workload needs']],
        ["rejects service:* on every resource", { statements: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] }, ['statements[0]: {"Action":["s3:*"],"Resource":"*"} grants a whole service on every resource; scope the actions or the resources']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validatePodIdentityRoleArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
