import { expect } from "chai";
import { flowLogDeliveryGrants, lifecycleRules, secureBucketPolicy } from "../../../components/storage";

const ARN = "arn:aws:s3:::archive";

describe("bucket policy documents", () => {
    it("denies every non-TLS request on the bucket and its objects, first", () => {
        expect(secureBucketPolicy(ARN)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [ARN, `${ARN}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("renders a grant on objects with its conditions and a grant on the bucket without", () => {
        const policy = secureBucketPolicy(ARN, [
            { sid: "Writer", principal: { AWS: "arn:aws:iam::111111111111:role/w" }, actions: ["s3:PutObject"], objectKeys: ["in/*"], condition: { StringEquals: { "aws:PrincipalAccount": "111111111111" } } },
            { sid: "Lister", principal: { AWS: ["arn:aws:iam::111111111111:role/r"] }, actions: ["s3:ListBucket"] },
        ]);
        expect(policy.Statement.slice(1)).to.deep.equal([
            {
                Sid: "Writer",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:role/w" },
                Action: ["s3:PutObject"],
                Resource: [`${ARN}/in/*`],
                Condition: { StringEquals: { "aws:PrincipalAccount": "111111111111" } },
            },
            { Sid: "Lister", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:role/r"] }, Action: ["s3:ListBucket"], Resource: ARN },
        ]);
    });

    it("lets log delivery write flow logs of the listed accounts only, with the bucket-owner-full-control ACL", () => {
        const statements = secureBucketPolicy(ARN, flowLogDeliveryGrants("eu-west-1", { accountIds: ["222222222222", "333333333333"] })).Statement.slice(1);
        const pin = {
            StringEquals: { "aws:SourceAccount": ["222222222222", "333333333333"] },
            ArnLike: { "aws:SourceArn": ["arn:aws:logs:*:222222222222:*", "arn:aws:logs:*:333333333333:*"] },
        };
        expect(statements).to.deep.equal([
            { Sid: "AWSLogDeliveryAclCheck", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: ["s3:GetBucketAcl"], Resource: ARN, Condition: pin },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["s3:PutObject"],
                // Plain and Hive-compatible prefixes: SpokeVpc's Parquet flow log writes under AWSLogs/aws-account-id=<account>/.
                Resource: [
                    `${ARN}/AWSLogs/222222222222/*`,
                    `${ARN}/AWSLogs/aws-account-id=222222222222/*`,
                    `${ARN}/AWSLogs/333333333333/*`,
                    `${ARN}/AWSLogs/aws-account-id=333333333333/*`,
                ],
                Condition: {
                    StringEquals: { "aws:SourceAccount": ["222222222222", "333333333333"], "s3:x-amz-acl": "bucket-owner-full-control" },
                    ArnLike: pin.ArnLike,
                },
            },
        ]);
    });

    it("lets log delivery write flow logs of the organization's accounts when an org ID is given", () => {
        const statements = secureBucketPolicy(ARN, flowLogDeliveryGrants("eu-west-1", { orgId: "o-abcdefghij" })).Statement.slice(1);
        expect(statements).to.deep.equal([
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["s3:GetBucketAcl"],
                Resource: ARN,
                Condition: { StringEquals: { "aws:SourceOrgID": "o-abcdefghij" } },
            },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["s3:PutObject"],
                Resource: [`${ARN}/AWSLogs/*`],
                Condition: { StringEquals: { "aws:SourceOrgID": "o-abcdefghij", "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        ]);
    });
});

describe("lifecycleRules", () => {
    it("transitions, expires, expires noncurrent versions and aborts incomplete uploads", () => {
        expect(lifecycleRules({ transitionDays: 90, transitionStorageClass: "GLACIER", expirationDays: 2557, noncurrentExpirationDays: 30, abortIncompleteUploadDays: 7 })).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                transitions: [{ days: 90, storageClass: "GLACIER" }],
                expiration: { days: 2557 },
            },
        ]);
    });

    it("keeps current versions and only cleans up delete markers when expiration is never", () => {
        expect(lifecycleRules({ transitionDays: "never", transitionStorageClass: "STANDARD_IA", expirationDays: "never", noncurrentExpirationDays: 365, abortIncompleteUploadDays: 7 })).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: 365 },
                expiration: { expiredObjectDeleteMarker: true },
            },
        ]);
    });
});
