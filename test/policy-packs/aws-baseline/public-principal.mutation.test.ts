import { expect } from "chai";
import { ecrPolicyNotPublic } from "../../../policy-packs/aws-baseline/policies/ecr";
import { kmsPolicyNoPublicPrincipal } from "../../../policy-packs/aws-baseline/policies/kms";
import { runPolicy } from "../../support/policy";

/**
 * Principal "*" "scoped" by a condition that does not scope (issue #15), through the two rules
 * that use lib/iam-documents' scopedToAccountOrOrg: each must fail if the helper or the rule's
 * use of it were weakened. The helper's own cases are in test/policy-packs/lib/iam-documents.mutation.test.ts.
 */

const doc = (Condition: unknown) => ({ Version: "2012-10-17", Statement: [{ Sid: "Org", Effect: "Allow", Principal: "*", Action: ["kms:Decrypt", "ecr:BatchGetImage"], Resource: "*", Condition }] });

const NOT_SCOPING: [string, unknown][] = [
    ["StringEqualsIfExists", { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["ForAllValues:StringEquals", { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } }],
    ["ForAllValues:StringLike", { "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/*" } }],
    ['a value list containing "*"', { StringEquals: { "aws:PrincipalAccount": ["111122223333", "*"] } }],
    ["no condition", undefined],
];
const SCOPING: [string, unknown][] = [
    ["StringEquals on aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["StringEquals on aws:PrincipalAccount, a list", { StringEquals: { "aws:PrincipalAccount": ["111122223333", "444455556666"] } }],
];

describe('Principal "*" with a condition that does not scope it (kms-policy-no-public-principal, ecr-policy-not-public)', () => {
    for (const [what, condition] of NOT_SCOPING) {
        it(`rejects one scoped only by ${what}`, async () => {
            const kms = await runPolicy(kmsPolicyNoPublicPrincipal, { type: "aws:kms/key:Key", inputs: { policy: JSON.stringify(doc(condition)) } });
            expect(kms.reported).to.deep.equal([
                'KMS key policy statement "Org" allows any principal ("*") without an account or organization condition; add a Condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID, or name the principals.',
            ]);
            const ecr = await runPolicy(ecrPolicyNotPublic, { type: "aws:ecr/repositoryPolicy:RepositoryPolicy", inputs: { repository: "team-a/api", policy: JSON.stringify(doc(condition)) } });
            expect(ecr.reported).to.deep.equal([
                'ECR repository policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement "Org"); add one or name the principals.',
            ]);
        });
    }
    for (const [what, condition] of SCOPING) {
        it(`passes one scoped by ${what}`, async () => {
            expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: "aws:kms/key:Key", inputs: { policy: JSON.stringify(doc(condition)) } })).reported).to.deep.equal([]);
            expect((await runPolicy(ecrPolicyNotPublic, { type: "aws:ecr/registryPolicy:RegistryPolicy", inputs: { policy: JSON.stringify(doc(condition)) } })).reported).to.deep.equal([]);
        });
    }
});
