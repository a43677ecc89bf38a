import * as aws from "@pulumi/aws";
import { tokenOf } from "./types";
import { asList, containsUnknown, parseJsonDocument, Path, plain, UNKNOWN } from "./values";
import type { Verdicts } from "./verdicts";

/*
 * Reading IAM policy documents (identity policies, trust policies, and the resource policies of
 * S3, ECR and KMS). The helpers work on plain values (`plain`) so that a value unknown until apply
 * inside a document (a computed ARN in Resource) is seen as `UNKNOWN` rather than ending the
 * policy's run: a computed ARN is never the literal "*".
 */

export interface Statement {
    /** Sid, or the statement's position when it has none. */
    label: string;
    effect: string;
    actions: unknown[];
    notActions: unknown[];
    resources: unknown[];
    notResources: unknown[];
    principal: unknown;
    notPrincipal: unknown;
    condition: Record<string, Record<string, unknown>>;
    /** True when Effect, Action, Principal or Condition holds a value unknown until apply (Resource is not counted). */
    hasUnknown: boolean;
    /** True when the Condition block, or a part of it, is unknown until apply. */
    conditionUnknown: boolean;
    /** When the statement or its Effect is unknown until apply: the keys to that value from the document. */
    effectUnknownAt?: Path;
}

/** The statements of a policy document (JSON string or object, already `plain`); [] when unreadable. */
export function statementsOf(document: unknown): Statement[] {
    const doc = parseJsonDocument(document);
    if (!doc) {
        return [];
    }
    // A statement (or the whole list) known only after apply becomes one whose Effect is unknown.
    const entries: { s: any; at: Path }[] =
        doc.Statement === UNKNOWN
            ? [{ s: { Effect: UNKNOWN }, at: ["Statement"] }]
            : Array.isArray(doc.Statement)
              ? doc.Statement.map((s: any, i: number) => (s === UNKNOWN ? { s: { Effect: UNKNOWN }, at: ["Statement", i] } : { s, at: ["Statement", i, "Effect"] }))
              : asList<any>(doc.Statement).map((s) => ({ s, at: ["Statement", "Effect"] }));
    return entries
        .filter(({ s }) => s !== null && typeof s === "object")
        .map(({ s, at }, i) => ({
            label: typeof s.Sid === "string" && s.Sid !== "" ? `"${s.Sid}"` : `${i}`,
            effect: typeof s.Effect === "string" ? s.Effect.toLowerCase() : s.Effect === UNKNOWN ? "unknown" : "",
            actions: asList(s.Action),
            notActions: asList(s.NotAction),
            resources: asList(s.Resource),
            notResources: asList(s.NotResource),
            principal: s.Principal,
            notPrincipal: s.NotPrincipal,
            condition: s.Condition !== null && typeof s.Condition === "object" ? s.Condition : {},
            hasUnknown: [s.Effect, s.Action, s.NotAction, s.Principal, s.NotPrincipal, s.Condition].some(containsUnknown),
            conditionUnknown: containsUnknown(s.Condition),
            effectUnknownAt: s.Effect === UNKNOWN ? at : undefined,
        }));
}

export function isAllow(s: Statement): boolean {
    return s.effect === "allow";
}

/**
 * A wildcard pattern as a regular expression: `*` any run of characters, and with `questionMark`
 * `?` one character (IAM actions and condition values; ECR filters know only `*`).
 */
export function wildcardPattern(pattern: string, opts: { questionMark: boolean; ignoreCase: boolean }): RegExp {
    const body = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" && opts.questionMark ? "." : c.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, opts.ignoreCase ? "i" : "");
}

/** True when an IAM action pattern (with `*` and `?`) matches the action `target`, case-insensitively. */
export function actionCovers(pattern: unknown, target: string): boolean {
    return typeof pattern === "string" && wildcardPattern(pattern, { questionMark: true, ignoreCase: true }).test(target);
}

/** True when the statement's resources are every resource: Resource "*" or any NotResource. */
export function onAllResources(s: Statement): boolean {
    return s.resources.some((r) => r === "*") || s.notResources.length > 0;
}

/**
 * Principals of a statement that mean "anyone": "*", {"AWS": "*"} (string or in a list), and any
 * NotPrincipal on an Allow (everyone except a few).
 */
export function hasPublicPrincipal(s: Statement): boolean {
    if (isAllow(s) && s.notPrincipal !== undefined) {
        return true;
    }
    const p = s.principal;
    if (p === "*") {
        return true;
    }
    if (p !== null && typeof p === "object" && !Array.isArray(p)) {
        return asList((p as Record<string, unknown>).AWS).some((a) => a === "*");
    }
    return false;
}

/** Condition keys (lower case) a statement's Condition block tests, with their values, over all operators. */
export function conditionEntries(s: Statement): { operator: string; key: string; values: unknown[] }[] {
    const out: { operator: string; key: string; values: unknown[] }[] = [];
    for (const [operator, block] of Object.entries(s.condition)) {
        if (block !== null && typeof block === "object") {
            for (const [key, value] of Object.entries(block)) {
                out.push({ operator, key: key.toLowerCase(), values: asList(value) });
            }
        }
    }
    return out;
}

/** Condition keys (lower case) that limit a "*" principal to an account or an organization. */
export const ACCOUNT_OR_ORG_KEYS = [
    "aws:principalaccount",
    "aws:sourceaccount",
    "kms:calleraccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/** Positive string operators; negated, IfExists and ForAllValues operators pass when the key is absent or differs. */
const SCOPING_OPERATORS = /^(ForAnyValue:)?String(Equals|Like)(IgnoreCase)?$/;

/**
 * True when a statement's Condition limits it to an account or organization. The KMS and ECR rules
 * had their own checks; this keeps the stricter part of each: a positive string operator (KMS
 * accepted `StringNotEquals`, which admits every other account), the union of their keys, and
 * values that name something: not a bare wildcard, and under a Like operator not starting with one
 * (`"*"` and `"*1234"` match any account, while `"o-abc/r-ab12/ou-ab12-1111/*"` names an OU).
 * A Condition known only after apply is taken as scoping: it cannot be judged in preview.
 */
export function scopedToAccountOrOrg(s: Statement): boolean {
    if (s.conditionUnknown) {
        return true;
    }
    return conditionEntries(s).some(
        (c) =>
            SCOPING_OPERATORS.test(c.operator) &&
            ACCOUNT_OR_ORG_KEYS.includes(c.key) &&
            c.values.length > 0 &&
            c.values.every((v) => v === UNKNOWN || (typeof v === "string" && !/^[*?]*$/.test(v) && !(/Like/.test(c.operator) && /^[*?]/.test(v)))),
    );
}

/** Policy documents a resource carries, with a label for messages. */
export interface CarriedDocument {
    where: string;
    document: unknown;
    /** Keys to the document in the resource inputs (`["inlinePolicies", 0, "policy"]`). */
    path: Path;
}

/**
 * The statements of a carried document whose Effect is Allow. A statement whose Effect is unknown
 * until apply (or that is unknown as a whole) may be an Allow: it is left to `verdicts` as undecided.
 */
export function allowStatements(doc: CarriedDocument, verdicts: Verdicts): Statement[] {
    const statements = statementsOf(doc.document);
    statements.filter((s) => s.effectUnknownAt !== undefined).forEach((s) => verdicts.unknown([...doc.path, ...s.effectUnknownAt!]));
    return statements.filter(isAllow);
}

/** The IAM tokens that carry permission documents. */
export const POLICY_DOC_TYPES = [aws.iam.Policy, aws.iam.RolePolicy, aws.iam.Role, aws.iam.UserPolicy, aws.iam.GroupPolicy] as const;
const ROLE = tokenOf(aws.iam.Role);

/**
 * The known permission documents of IAM policy tokens: `policy` of Policy, RolePolicy, UserPolicy
 * and GroupPolicy, and each inline policy of a Role. A document (or the list of inline policies)
 * unknown until apply is left to `verdicts` as undecided, so that the other documents are still
 * judged and the run ends with "can't run during preview" only when none of them fails.
 */
export function permissionDocuments(type: string, props: Record<string, any>, verdicts: Verdicts): CarriedDocument[] {
    const raw = plain(props);
    if (type === ROLE) {
        const inline = raw.inlinePolicies;
        if (verdicts.isUnknown(inline, ["inlinePolicies"])) {
            return [];
        }
        return asList<any>(inline).flatMap((p, i) => {
            if (verdicts.isUnknown(p, ["inlinePolicies", i]) || verdicts.isUnknown(p?.policy, ["inlinePolicies", i, "policy"])) {
                return [];
            }
            const name = typeof p?.name === "string" ? p.name : `${i}`;
            return [{ where: `inline policy "${name}"`, document: p?.policy, path: ["inlinePolicies", i, "policy"] }];
        });
    }
    return verdicts.isUnknown(raw.policy, ["policy"]) ? [] : [{ where: "policy", document: raw.policy, path: ["policy"] }];
}
