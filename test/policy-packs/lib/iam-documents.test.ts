import { expect } from "chai";
import {
    actionCovers,
    conditionEntries,
    hasPublicPrincipal,
    onAllResources,
    permissionDocuments,
    scopedToAccountOrOrg,
    statementsOf,
    wildcardPattern,
} from "../../../policy-packs/lib/iam-documents";
import { UNKNOWN } from "../../../policy-packs/lib/values";
import { Verdicts } from "../../../policy-packs/lib/verdicts";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

const allowAll = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" };
const one = (statement: Record<string, unknown>) => statementsOf({ Statement: statement })[0];

describe("IAM policy documents (lib/iam-documents)", () => {
    it("reads statements from a JSON string or an object, labelled by Sid or position", () => {
        const doc = { Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Deny", NotAction: ["iam:*"], NotResource: "x" }] };
        const fromString = statementsOf(JSON.stringify(doc));
        expect(fromString.map((s) => [s.label, s.effect, s.actions, s.notActions])).to.deep.equal([
            ['"A"', "allow", ["s3:*"], []],
            ["1", "deny", [], ["iam:*"]],
        ]);
        expect(statementsOf(doc)).to.deep.equal(fromString);
        expect(statementsOf("not json")).to.deep.equal([]);
        expect(statementsOf(UNKNOWN)).to.deep.equal([]);
    });
    it("reads a statement known only after apply as one with an unknown effect", () => {
        const [s] = statementsOf({ Statement: [UNKNOWN] });
        expect(s.effect).to.equal("unknown");
        expect(s.hasUnknown).to.equal(true);
        expect(one({ ...allowAll, Condition: { StringEquals: UNKNOWN } }).conditionUnknown).to.equal(true);
    });
    it("matches IAM action patterns case-insensitively with * and ?", () => {
        expect(actionCovers("iam:Pass*", "iam:PassRole")).to.equal(true);
        expect(actionCovers("IAM:passrol?", "iam:PassRole")).to.equal(true);
        expect(actionCovers("iam:Get*", "iam:PassRole")).to.equal(false);
        expect(actionCovers(UNKNOWN, "iam:PassRole")).to.equal(false);
    });
    it("builds ECR-style patterns where ? is literal and case counts", () => {
        expect(wildcardPattern("prod-*", { questionMark: false, ignoreCase: false }).test("prod-api")).to.equal(true);
        expect(wildcardPattern("prod-?", { questionMark: false, ignoreCase: false }).test("prod-a")).to.equal(false);
        expect(wildcardPattern("Prod-*", { questionMark: false, ignoreCase: false }).test("prod-a")).to.equal(false);
    });
    it("knows every-resource statements and public principals", () => {
        expect(onAllResources(one(allowAll))).to.equal(true);
        expect(onAllResources(one({ ...allowAll, Resource: undefined, NotResource: "arn:aws:s3:::x" }))).to.equal(true);
        expect(onAllResources(one({ ...allowAll, Resource: "arn:aws:s3:::x/*" }))).to.equal(false);
        expect(hasPublicPrincipal(one(allowAll))).to.equal(true);
        expect(hasPublicPrincipal(one({ ...allowAll, Principal: { AWS: ["arn:aws:iam::1:root", "*"] } }))).to.equal(true);
        expect(hasPublicPrincipal(one({ ...allowAll, Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::1:root" } }))).to.equal(true);
        expect(hasPublicPrincipal(one({ ...allowAll, Principal: { AWS: "arn:aws:iam::1:root" } }))).to.equal(false);
    });
    it("lists condition entries with lower-case keys over every operator", () => {
        const s = one({ ...allowAll, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" }, Bool: { "aws:SecureTransport": ["true"] } } });
        expect(conditionEntries(s)).to.deep.equal([
            { operator: "StringEquals", key: "aws:principalorgid", values: ["o-1"] },
            { operator: "Bool", key: "aws:securetransport", values: ["true"] },
        ]);
    });
    const scoped: [string, Record<string, unknown> | undefined, boolean][] = [
        ["an account", { StringEquals: { "aws:PrincipalAccount": "111122223333" } }, true],
        ["an organization", { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc/r-ab12/ou-ab12-1111/*" } }, true],
        ["the KMS caller account", { StringEquals: { "kms:CallerAccount": "111122223333" } }, true],
        ["a computed account id", { StringEquals: { "aws:SourceAccount": UNKNOWN } }, true],
        ["a condition known only after apply", UNKNOWN as unknown as Record<string, unknown>, true],
        ["no condition", undefined, false],
        ["a key that is not an account", { StringEquals: { "aws:SourceIp": "10.0.0.0/8" } }, false],
        ["a negated operator (admits every other account)", { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } }, false],
        ["a bare wildcard", { StringLike: { "aws:PrincipalOrgID": "*" } }, false],
        ["a leading wildcard under Like", { StringLike: { "aws:PrincipalAccount": "*3333" } }, false],
    ];
    for (const [what, Condition, expected] of scoped) {
        it(`${expected ? "takes" : "does not take"} ${what} as scoping a "*" principal`, () => {
            expect(scopedToAccountOrOrg(one({ ...allowAll, Condition }))).to.equal(expected);
        });
    }
    it("takes the permission documents of a role's inline policies and of policy tokens", () => {
        const role = resourceArgs(planResource({ type: "aws:iam/role:Role", inputs: { inlinePolicies: [{ name: "s3", policy: "{}" }, { policy: "{}" }] } }), new Map(), {});
        const v = new Verdicts(() => undefined, role.props);
        expect(permissionDocuments(role.type, role.props, v).map((d) => d.where)).to.deep.equal(['inline policy "s3"', 'inline policy "1"']);
        expect(() => v.settle()).not.to.throw();
    });
    it("leaves a document unknown until apply undecided and still gives the known ones", () => {
        const role = resourceArgs(planResource({ type: "aws:iam/role:Role", inputs: { inlinePolicies: [{ name: "later", policy: "<computed>" }, { name: "s3", policy: "{}" }] } }), new Map(), {});
        const v = new Verdicts(() => undefined, role.props);
        expect(permissionDocuments(role.type, role.props, v).map((d) => d.where)).to.deep.equal(['inline policy "s3"']);
        expect(() => v.settle()).to.throw(/\.inlinePolicies\.0\.policy can't be known during preview/);
        const policy = resourceArgs(planResource({ type: "aws:iam/policy:Policy", inputs: { policy: "<computed>" } }), new Map(), {});
        const pv = new Verdicts(() => undefined, policy.props);
        expect(permissionDocuments(policy.type, policy.props, pv)).to.deep.equal([]);
        expect(() => pv.settle()).to.throw(/\.policy can't be known during preview/);
    });
});
