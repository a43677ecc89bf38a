import { expect } from "chai";
import {
    ACCOUNT_OR_ORG_KEYS,
    actionCovers,
    allowStatements,
    conditionEntries,
    hasPublicPrincipal,
    isAllow,
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

/**
 * The shared IAM document reading, one condition at a time (issue #15): each case is one a rule
 * would stop catching, or start refusing, if the helper were weakened. Kept apart from
 * iam-documents.test.ts, which describes the helpers; this file pins their edges.
 */

const allowAll = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" };
const one = (statement: Record<string, unknown>) => statementsOf({ Statement: statement })[0];

/** Runs `body` with Verdicts over a planned resource; returns what settle() ends with ("" when nothing stayed undecided). */
function withVerdicts(type: string, inputs: Record<string, unknown>, body: (type: string, props: Record<string, any>, v: Verdicts) => void): string {
    const args = resourceArgs(planResource({ type, inputs }), new Map(), {});
    const v = new Verdicts(() => undefined, args.props);
    body(args.type, args.props, v);
    try {
        v.settle();
        return "";
    } catch (e) {
        return (e as Error).message;
    }
}

describe("IAM policy documents, edge by edge (lib/iam-documents)", () => {
    describe("statementsOf", () => {
        it("reads a single statement object, not only a list", () => {
            expect(statementsOf({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } }).map((s) => [s.effect, s.actions])).to.deep.equal([["allow", ["s3:GetObject"]]]);
        });
        it("lower-cases Effect, keeps an Effect that is not a string as no effect, and skips entries that are not objects", () => {
            const s = statementsOf({ Statement: [{ Effect: "ALLOW" }, { Effect: 1 }, null, "Allow", { Effect: "Deny" }] });
            expect(s.map((x) => [x.label, x.effect])).to.deep.equal([
                ["0", "allow"],
                ["1", ""],
                ["2", "deny"],
            ]);
            expect(isAllow(s[0])).to.equal(true);
            expect(isAllow(s[1])).to.equal(false);
            expect(isAllow(s[2])).to.equal(false);
        });
        it("labels by position when the Sid is empty or not a string", () => {
            expect(statementsOf({ Statement: [{ Sid: "", Effect: "Allow" }, { Sid: 7, Effect: "Allow" }, { Sid: "Named", Effect: "Allow" }] }).map((s) => s.label)).to.deep.equal(["0", "1", '"Named"']);
        });
        it("reads every field: NotResource, Principal, NotPrincipal, Condition (an absent or null Condition is empty)", () => {
            const s = one({ Effect: "Allow", NotAction: "iam:*", NotResource: ["a", "b"], Principal: { AWS: "x" }, NotPrincipal: "y", Condition: { Bool: { "aws:SecureTransport": "true" } } });
            expect([s.actions, s.notActions, s.resources, s.notResources, s.principal, s.notPrincipal, s.condition]).to.deep.equal([
                [],
                ["iam:*"],
                [],
                ["a", "b"],
                { AWS: "x" },
                "y",
                { Bool: { "aws:SecureTransport": "true" } },
            ]);
            expect(one({ Effect: "Allow", Condition: null }).condition).to.deep.equal({});
            expect(one({ Effect: "Allow" }).condition).to.deep.equal({});
        });
        it("counts an unknown Effect, Action, NotAction, Principal, NotPrincipal or Condition as unknown, but not Resource", () => {
            for (const key of ["Effect", "Action", "NotAction", "Principal", "NotPrincipal", "Condition"]) {
                expect(one({ ...allowAll, [key]: UNKNOWN }).hasUnknown, key).to.equal(true);
            }
            expect(one({ ...allowAll, Resource: UNKNOWN }).hasUnknown).to.equal(false);
            expect(one({ ...allowAll, Action: ["s3:GetObject", UNKNOWN] }).hasUnknown).to.equal(true);
            expect(one(allowAll).hasUnknown).to.equal(false);
            expect(one({ ...allowAll, Principal: UNKNOWN }).conditionUnknown).to.equal(false);
            expect(one({ ...allowAll, Condition: { StringEquals: { "aws:SourceAccount": UNKNOWN } } }).conditionUnknown).to.equal(true);
        });
        it("points at the unknown value: the Statement list, an entry, or an Effect (in a list or a single statement)", () => {
            expect(statementsOf({ Statement: UNKNOWN }).map((s) => [s.effect, s.effectUnknownAt])).to.deep.equal([["unknown", ["Statement"]]]);
            expect(statementsOf({ Statement: [allowAll, UNKNOWN] }).map((s) => s.effectUnknownAt)).to.deep.equal([undefined, ["Statement", 1]]);
            expect(statementsOf({ Statement: [allowAll, { ...allowAll, Effect: UNKNOWN }] }).map((s) => s.effectUnknownAt)).to.deep.equal([undefined, ["Statement", 1, "Effect"]]);
            expect(statementsOf({ Statement: { ...allowAll, Effect: UNKNOWN } }).map((s) => [s.effect, s.effectUnknownAt])).to.deep.equal([["unknown", ["Statement", "Effect"]]]);
        });
        it("reads nothing from a document without statements", () => {
            expect(statementsOf({})).to.deep.equal([]);
            expect(statementsOf(undefined)).to.deep.equal([]);
        });
    });

    describe("patterns", () => {
        it("anchors action patterns at both ends", () => {
            expect(actionCovers("iam:Pass", "iam:PassRole")).to.equal(false);
            expect(actionCovers("PassRole", "iam:PassRole")).to.equal(false);
            expect(actionCovers("iam:PassRole", "iam:PassRole")).to.equal(true);
            expect(actionCovers("*", "iam:PassRole")).to.equal(true);
            expect(actionCovers("iam:*", "iam:PassRole")).to.equal(true);
            expect(actionCovers(["iam:*"], "iam:PassRole")).to.equal(false);
        });
        it("escapes regular-expression characters: a dot is a dot, and ? is literal without questionMark", () => {
            const exact = { questionMark: false, ignoreCase: false };
            expect(wildcardPattern("a.b", exact).test("axb")).to.equal(false);
            expect(wildcardPattern("a.b", exact).test("a.b")).to.equal(true);
            expect(wildcardPattern("a+b", exact).test("aab")).to.equal(false);
            expect(wildcardPattern("a+b", exact).test("a+b")).to.equal(true);
            expect(wildcardPattern("(a|b)", exact).test("a")).to.equal(false);
            expect(wildcardPattern("prod-?", exact).test("prod-?")).to.equal(true);
            expect(wildcardPattern("prod-?", { questionMark: true, ignoreCase: false }).test("prod-a")).to.equal(true);
            expect(wildcardPattern("prod-?", { questionMark: true, ignoreCase: false }).test("prod-ab")).to.equal(false);
            expect(wildcardPattern("Prod-*", { questionMark: false, ignoreCase: true }).test("prod-a")).to.equal(true);
            expect(wildcardPattern("prod-*", exact).test("xprod-a")).to.equal(false);
        });
    });

    describe("onAllResources (shared by iam-no-admin-star, its service branch and iam-no-privilege-escalation)", () => {
        it('takes a resource list containing "*" among others as every resource', () => {
            expect(onAllResources(one({ ...allowAll, Resource: ["arn:aws:s3:::data/*", "*"] }))).to.equal(true);
            expect(onAllResources(one({ ...allowAll, Resource: ["*", "arn:aws:s3:::data/*"] }))).to.equal(true);
        });
        it("does not take a pattern that only ends in * (an ARN prefix), nor an empty statement, as every resource", () => {
            expect(onAllResources(one({ ...allowAll, Resource: ["arn:aws:s3:::*"] }))).to.equal(false);
            expect(onAllResources(one({ Effect: "Allow", Action: "*" }))).to.equal(false);
        });
    });

    describe("hasPublicPrincipal", () => {
        it('takes "*" and {AWS: "*"} as public, and a NotPrincipal only on an Allow', () => {
            expect(hasPublicPrincipal(one({ ...allowAll, Principal: { AWS: "*" } }))).to.equal(true);
            expect(hasPublicPrincipal(one({ ...allowAll, Effect: "Deny", Principal: { AWS: "arn:aws:iam::1:root" }, NotPrincipal: { AWS: "x" } }))).to.equal(false);
            expect(hasPublicPrincipal(one({ ...allowAll, Principal: ["*"] }))).to.equal(false);
            expect(hasPublicPrincipal(one({ ...allowAll, Principal: null }))).to.equal(false);
            expect(hasPublicPrincipal(one({ ...allowAll, Principal: { Service: "ec2.amazonaws.com" } }))).to.equal(false);
            expect(hasPublicPrincipal(one({ ...allowAll, Principal: "arn:aws:iam::1:root" }))).to.equal(false);
        });
    });

    describe("conditionEntries", () => {
        it("skips an operator whose block is not an object, and keeps every key of a block", () => {
            const s = one({ ...allowAll, Condition: { StringEquals: "oops", Null: null, StringLike: { "aws:PrincipalOrgID": ["o-1", "o-2"], "aws:SourceAccount": "1" } } });
            expect(conditionEntries(s)).to.deep.equal([
                { operator: "StringLike", key: "aws:principalorgid", values: ["o-1", "o-2"] },
                { operator: "StringLike", key: "aws:sourceaccount", values: ["1"] },
            ]);
        });
    });

    describe('scopedToAccountOrOrg: what limits a Principal "*"', () => {
        const scopes = (Condition: unknown) => scopedToAccountOrOrg(one({ ...allowAll, Condition }));
        it("accepts every account and organization key, in any case", () => {
            for (const key of ACCOUNT_OR_ORG_KEYS) {
                expect(scopes({ StringEquals: { [key]: "o-abc" } }), key).to.equal(true);
                expect(scopes({ StringEquals: { [key.toUpperCase()]: "o-abc" } }), key.toUpperCase()).to.equal(true);
            }
            expect(ACCOUNT_OR_ORG_KEYS).to.deep.equal([
                "aws:principalaccount",
                "aws:sourceaccount",
                "kms:calleraccount",
                "aws:principalorgid",
                "aws:principalorgpaths",
                "aws:sourceorgid",
                "aws:sourceorgpaths",
            ]);
        });
        it("accepts the positive string operators: StringEquals, StringLike, their IgnoreCase forms and ForAnyValue", () => {
            for (const op of ["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ForAnyValue:StringEquals", "ForAnyValue:StringLike"]) {
                expect(scopes({ [op]: { "aws:PrincipalOrgID": "o-abc" } }), op).to.equal(true);
            }
        });
        it("refuses StringEqualsIfExists, StringLikeIfExists and ForAllValues operators (they pass when the key is absent)", () => {
            for (const op of ["StringEqualsIfExists", "StringLikeIfExists", "ForAllValues:StringEquals", "ForAllValues:StringLike", "StringNotLike", "ArnEquals", "Null"]) {
                expect(scopes({ [op]: { "aws:PrincipalOrgID": "o-abc" } }), op).to.equal(false);
            }
        });
        it('refuses a value list containing "*" (or "?") among named values, and an empty list', () => {
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": ["111122223333", "*"] } })).to.equal(false);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": ["*", "111122223333"] } })).to.equal(false);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": ["111122223333", "?"] } })).to.equal(false);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": "**" } })).to.equal(false);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": [] } })).to.equal(false);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": 111122223333 } })).to.equal(false);
        });
        it("under Like refuses a leading wildcard (* or ?) and accepts a trailing one; a mixed known and computed list scopes", () => {
            expect(scopes({ StringLike: { "aws:PrincipalOrgPaths": "?-abc/*" } })).to.equal(false);
            expect(scopes({ StringLike: { "aws:PrincipalOrgPaths": "o-abc/*" } })).to.equal(true);
            expect(scopes({ StringEquals: { "aws:PrincipalAccount": ["111122223333", UNKNOWN] } })).to.equal(true);
        });
        it("is satisfied by one scoping entry beside entries that do not scope", () => {
            expect(scopes({ StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc" }, StringEquals: { "aws:SourceAccount": "111122223333" } })).to.equal(true);
            expect(scopes({ StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc" }, Bool: { "aws:SecureTransport": "true" } })).to.equal(false);
        });
    });

    describe("allowStatements and permissionDocuments (unknown until apply is undecided, never a pass)", () => {
        it("keeps only Allow statements and leaves an Effect unknown until apply undecided, at its path", () => {
            const settled = withVerdicts("aws:iam/policy:Policy", { policy: { Statement: [allowAll, { ...allowAll, Effect: "<computed>" }, { ...allowAll, Effect: "Deny" }] } }, (type, props, v) => {
                const [doc] = permissionDocuments(type, props, v);
                expect(allowStatements(doc, v).map((s) => s.label)).to.deep.equal(["0"]);
            });
            expect(settled).to.match(/\.policy\.Statement\.1\.Effect can't be known during preview/);
            const known = withVerdicts("aws:iam/policy:Policy", { policy: { Statement: [allowAll] } }, (type, props, v) => {
                expect(allowStatements(permissionDocuments(type, props, v)[0], v)).to.have.length(1);
            });
            expect(known).to.equal("");
        });
        it("leaves a role's inline policy list, or one entry of it, unknown until apply undecided", () => {
            const list = withVerdicts("aws:iam/role:Role", { inlinePolicies: "<computed>" }, (type, props, v) => {
                expect(permissionDocuments(type, props, v)).to.deep.equal([]);
            });
            expect(list).to.match(/\.inlinePolicies can't be known during preview/);
            const entry = withVerdicts("aws:iam/role:Role", { inlinePolicies: ["<computed>", { name: "s3", policy: "{}" }] }, (type, props, v) => {
                expect(permissionDocuments(type, props, v).map((d) => [d.where, d.path])).to.deep.equal([['inline policy "s3"', ["inlinePolicies", 1, "policy"]]]);
            });
            expect(entry).to.match(/\.inlinePolicies\.0 can't be known during preview/);
        });
        it("reads an inline policy entry that is null or has no name without failing (its document is empty, named by position)", () => {
            const settled = withVerdicts("aws:iam/role:Role", { inlinePolicies: [null, { policy: "{}" }] }, (type, props, v) => {
                expect(permissionDocuments(type, props, v).map((d) => [d.where, d.document])).to.deep.equal([
                    ['inline policy "0"', undefined],
                    ['inline policy "1"', "{}"],
                ]);
            });
            expect(settled).to.equal("");
        });
        it("gives a role without inline policies no document, and other types their policy", () => {
            expect(withVerdicts("aws:iam/role:Role", {}, (type, props, v) => expect(permissionDocuments(type, props, v)).to.deep.equal([]))).to.equal("");
            for (const type of ["aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"]) {
                withVerdicts(type, { policy: "{}" }, (t, props, v) => expect(permissionDocuments(t, props, v)).to.deep.equal([{ where: "policy", document: "{}", path: ["policy"] }]));
            }
        });
    });
});
