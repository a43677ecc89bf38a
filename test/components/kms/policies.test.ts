import { expect } from "chai";
import {
    backupKeyPolicy,
    clusterSecretsKeyPolicy,
    ebsKeyPolicy,
    ecrKeyPolicy,
    KEY_ADMIN_ACTIONS,
    KEY_PURPOSES,
    KEY_USE_ACTIONS,
    keyPolicyFor,
    logArchiveKeyPolicy,
    logsKeyPolicy,
    s3KeyPolicy,
    snsKeyPolicy,
    sqsKeyPolicy,
    roleArnsPrincipal,
    stateKeyPolicy,
} from "../../../components/kms";

const CTX = { accountId: "111111111111", region: "eu-west-1" };
const ROOT = {
    Sid: "EnableIamPolicies",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111111111111:root" },
    Action: "kms:*",
    Resource: "*",
};
const USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

function via(sid: string, service: string, actions: string[] = USE) {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": "111111111111", "kms:ViaService": `${service}.eu-west-1.amazonaws.com` } },
    };
}

describe("key policies", () => {
    it("cluster-secrets and state keys only delegate to the account's IAM policies", () => {
        expect(clusterSecretsKeyPolicy(CTX)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT] });
        expect(stateKeyPolicy(CTX)).to.deep.equal({ Version: "2012-10-17", Statement: [ROOT] });
    });

    it("lets the state roles of other accounts use the bucket key through S3 only", () => {
        const writers = ["arn:aws:iam::222222222222:role/platform-deployer", "arn:aws:iam::333333333333:role/platform-deployer"];
        const readers = ["arn:aws:iam::222222222222:role/platform-preview"];
        const s3 = "s3.eu-west-1.amazonaws.com";
        const org = "o-abcdefghij";
        expect(stateKeyPolicy({ ...CTX, stateAccessRoleArns: writers, stateReadRoleArns: readers, principalOrgId: org }).Statement).to.deep.equal([
            ROOT,
            {
                Sid: "StateWritersThroughS3",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { ArnEquals: { "aws:PrincipalArn": writers }, StringEquals: { "kms:ViaService": s3, "aws:PrincipalOrgID": org } },
            },
            {
                Sid: "StateReadersThroughS3",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
                Action: ["kms:Decrypt"],
                Resource: "*",
                Condition: { ArnEquals: { "aws:PrincipalArn": readers }, StringEquals: { "kms:ViaService": s3, "aws:PrincipalOrgID": org } },
            },
        ]);
    });

    it("lets a stack's deployer use its secrets key directly (the awskms:// provider is the CLI, no ViaService), and its readers decrypt", () => {
        const writer = ["arn:aws:iam::333333333333:role/platform-deployer"];
        const readers = ["arn:aws:iam::444444444444:role/platform-deployer", "arn:aws:iam::333333333333:role/platform-preview"];
        expect(stateKeyPolicy({ ...CTX, stateSecretsWriterArns: writer, stateSecretsReaderArns: readers }).Statement).to.deep.equal([
            ROOT,
            {
                Sid: "StateSecretsWriters",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::333333333333:root"] },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
                Resource: "*",
                Condition: { ArnEquals: { "aws:PrincipalArn": writer } },
            },
            {
                Sid: "StateSecretsReaders",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::444444444444:root", "arn:aws:iam::333333333333:root"] },
                Action: ["kms:Decrypt", "kms:DescribeKey"],
                Resource: "*",
                Condition: { ArnEquals: { "aws:PrincipalArn": readers } },
            },
        ]);
    });

    it("names roles by aws:PrincipalArn with their account roots as principals, each root once", () => {
        const arns = ["arn:aws-cn:iam::222222222222:role/a", "arn:aws-cn:iam::222222222222:role/path/b"];
        expect(roleArnsPrincipal(arns)).to.deep.equal({ Principal: { AWS: ["arn:aws-cn:iam::222222222222:root"] }, Condition: { ArnEquals: { "aws:PrincipalArn": arns } } });
    });

    it("gives administrators management without encrypt, decrypt or grants", () => {
        const policy = clusterSecretsKeyPolicy({ ...CTX, administratorArns: ["arn:aws:iam::111111111111:role/key-admin"] });
        expect(policy.Statement[1]).to.deep.equal({
            Sid: "KeyAdministrators",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::111111111111:role/key-admin"] },
            Action: KEY_ADMIN_ACTIONS,
            Resource: "*",
        });
        for (const forbidden of ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:*"]) {
            expect(KEY_ADMIN_ACTIONS).not.to.include(forbidden);
        }
        expect(KEY_ADMIN_ACTIONS.filter((a) => a.includes("*"))).to.deep.equal([]);
        expect(KEY_USE_ACTIONS).to.deep.equal(USE);
    });

    it("lets CloudWatch Logs of the region use the logs key only for this account's log groups", () => {
        expect(logsKeyPolicy(CTX).Statement).to.deep.equal([
            ROOT,
            {
                Sid: "CloudWatchLogs",
                Effect: "Allow",
                Principal: { Service: "logs.eu-west-1.amazonaws.com" },
                Action: USE,
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111111111111:*" } },
            },
        ]);
    });

    it("lets the ebs key be used through EC2 by this account and by the Auto Scaling service-linked role", () => {
        const slr = "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        expect(ebsKeyPolicy(CTX).Statement).to.deep.equal([
            ROOT,
            via("UseThroughEc2", "ec2", [...USE, "kms:CreateGrant"]),
            { Sid: "AutoScalingServiceLinkedRoleUse", Effect: "Allow", Principal: { AWS: slr }, Action: USE, Resource: "*" },
            {
                Sid: "AutoScalingServiceLinkedRoleGrant",
                Effect: "Allow",
                Principal: { AWS: slr },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
        ]);
        expect(ebsKeyPolicy({ ...CTX, autoScalingServiceLinkedRole: false }).Statement).to.deep.equal([ROOT, via("UseThroughEc2", "ec2", [...USE, "kms:CreateGrant"])]);
    });

    it("uses the partition and DNS suffix of the region", () => {
        const policy = ebsKeyPolicy({ accountId: "111111111111", region: "cn-north-1" });
        expect(policy.Statement[0].Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::111111111111:root" });
        expect(policy.Statement[1].Condition).to.deep.equal({ StringEquals: { "kms:CallerAccount": "111111111111", "kms:ViaService": "ec2.cn-north-1.amazonaws.com.cn" } });
        expect(policy.Statement[2].Principal).to.deep.equal({ AWS: "arn:aws-cn:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling" });
    });

    it("lets the backup key be used through AWS Backup by this account, its grants only for AWS resources", () => {
        const grant = via("GrantThroughBackup", "backup", ["kms:CreateGrant"]);
        expect(backupKeyPolicy(CTX).Statement).to.deep.equal([ROOT, via("UseThroughBackup", "backup"), { ...grant, Condition: { ...grant.Condition, Bool: { "kms:GrantIsForAWSResource": true } } }]);
    });

    it("lets the ecr and s3 keys be used only through their service by this account", () => {
        expect(ecrKeyPolicy(CTX).Statement).to.deep.equal([ROOT, via("UseThroughEcr", "ecr", [...USE, "kms:CreateGrant"])]);
        expect(s3KeyPolicy(CTX).Statement).to.deep.equal([ROOT, via("UseThroughS3", "s3")]);
    });

    it("lets CloudWatch alarms and EventBridge of this account publish to topics encrypted with the sns key", () => {
        const publish = ["kms:Decrypt", "kms:GenerateDataKey*"];
        const account = { StringEquals: { "aws:SourceAccount": "111111111111" } };
        expect(snsKeyPolicy(CTX).Statement).to.deep.equal([
            ROOT,
            via("UseThroughSns", "sns"),
            { Sid: "CloudWatchAlarmsPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: publish, Resource: "*", Condition: account },
            { Sid: "EventBridgePublish", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: publish, Resource: "*", Condition: account },
        ]);
        expect(sqsKeyPolicy(CTX).Statement).to.deep.equal([
            ROOT,
            via("UseThroughSqs", "sqs"),
            { Sid: "SnsDelivery", Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: publish, Resource: "*", Condition: account },
            { Sid: "EventBridgeDelivery", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: publish, Resource: "*", Condition: account },
        ]);
    });

    it("lets log delivery encrypt archive objects only for the listed source accounts", () => {
        expect(logArchiveKeyPolicy({ ...CTX, logSourceAccountIds: ["222222222222", "333333333333"] }).Statement).to.deep.equal([
            ROOT,
            via("UseThroughS3", "s3"),
            {
                Sid: "LogDelivery",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: USE,
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ["222222222222", "333333333333"] },
                    ArnLike: { "aws:SourceArn": ["arn:aws:logs:*:222222222222:*", "arn:aws:logs:*:333333333333:*"] },
                },
            },
        ]);
        expect(logArchiveKeyPolicy({ ...CTX, logSourceOrgId: "o-abcdefghij" }).Statement[2].Condition).to.deep.equal({ StringEquals: { "aws:SourceOrgID": "o-abcdefghij" } });
    });

    it("never names a bare * principal and never omits the account or service pin", () => {
        for (const purpose of KEY_PURPOSES) {
            const ctx = { ...CTX, administratorArns: ["arn:aws:iam::111111111111:role/a"], logSourceAccountIds: ["222222222222"] };
            for (const s of keyPolicyFor(purpose, ctx).Statement) {
                expect(s.Principal, `${purpose} ${s.Sid}`).not.to.equal("*");
                const principal = s.Principal as Record<string, unknown>;
                if (principal.AWS === "*") {
                    expect(s.Condition?.StringEquals?.["kms:CallerAccount"], `${purpose} ${s.Sid}`).to.equal("111111111111");
                    expect(s.Condition?.StringEquals?.["kms:ViaService"], `${purpose} ${s.Sid}`).to.be.a("string");
                }
                if (principal.Service !== undefined) {
                    expect(s.Condition, `${purpose} ${s.Sid}`).to.be.an("object");
                }
            }
        }
    });
});
