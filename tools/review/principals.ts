import { Plan, UNKNOWN } from "../plan/model";
import { accountOf, Plans } from "./reachability";

/**
 * The principals invariant over the plans of every stack: each principal that a trust policy, a
 * KMS key policy, an S3 bucket policy, an ECR repository or registry policy or an EKS access entry
 * names (in `Principal`, `NotPrincipal`, or an `aws:PrincipalArn` condition) must be
 *
 * - created by a stack of the project: an IAM role (or user, or OIDC/SAML provider) of some plan
 *   whose account and name give that ARN, or a reference (`propertyDependencies`) to a role of the
 *   same plan whose name AWS generates, so that its ARN is the mock's or `<computed>`;
 * - a service-linked role that some plan creates (`aws.iam.ServiceLinkedRole` for that service in
 *   that account) or that the naming stack lists in `platform:prerequisites.existingServiceLinkedRoles`;
 * - an account root (`arn:aws:iam::<account>:root` or a bare account ID) or a service principal;
 * - or declared in `platform:prerequisites.principals` of the stack that names it.
 *
 * AWS refuses a key policy, trust policy or access entry naming a principal that does not exist, so
 * an offender is a deploy that fails, or a grant to whoever later creates a role of that name.
 */

export const PRINCIPAL_SOURCES: Record<string, string[]> = {
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:kms/key:Key": ["policy"],
    "aws:kms/keyPolicy:KeyPolicy": ["policy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["policy"],
    "aws:ecr/registryPolicy:RegistryPolicy": ["policy"],
};

const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
const ROLE = "aws:iam/role:Role";
const SERVICE_LINKED_ROLE = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const USER = "aws:iam/user:User";
const OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const SAML_PROVIDER = "aws:iam/samlProvider:SamlProvider";

/** Condition operators whose `aws:PrincipalArn` values name principals. */
const PRINCIPAL_ARN_OPERATORS = /^(For(Any|All)Value:)?(ArnEquals|ArnLike|StringEquals|StringLike)(IfExists)?$/;

export interface NamedPrincipal {
    stack: string;
    urn: string;
    principal: string;
    /** Where it appears: `assumeRolePolicy Statement[1] Principal.AWS`, `principalArn`. */
    where: string;
    /** True when the input holding it depends on these resources (a computed reference). */
    dependsOn: string[];
}

export interface PrincipalOffender extends NamedPrincipal {
    message: string;
}

export interface PrincipalsReport {
    /** Every principal named, with how it was accepted. */
    checked: (NamedPrincipal & { accepted: string })[];
    offenders: PrincipalOffender[];
}

function parseDoc(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Every principal a policy document names, with where. */
export function principalsInDocument(doc: unknown, prefix: string): { principal: string; where: string }[] {
    const out: { principal: string; where: string }[] = [];
    const statements = asList((doc as { Statement?: unknown } | undefined)?.Statement);
    statements.forEach((st, i) => {
        if (!st || typeof st !== "object") {
            return;
        }
        const s = st as Record<string, unknown>;
        const at = `${prefix} Statement[${i}]${typeof s.Sid === "string" && s.Sid ? ` (${s.Sid})` : ""}`;
        for (const key of ["Principal", "NotPrincipal"]) {
            const p = s[key];
            if (p === undefined) {
                continue;
            }
            if (typeof p === "string") {
                out.push({ principal: p, where: `${at} ${key}` });
                continue;
            }
            for (const [kind, values] of Object.entries(p as Record<string, unknown>)) {
                asList(values).forEach((v) => out.push({ principal: String(v), where: `${at} ${key}.${kind}` }));
            }
        }
        for (const [operator, block] of Object.entries((s.Condition ?? {}) as Record<string, unknown>)) {
            if (!PRINCIPAL_ARN_OPERATORS.test(operator) || !block || typeof block !== "object") {
                continue;
            }
            for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
                if (key.toLowerCase() === "aws:principalarn") {
                    asList(values).forEach((v) => out.push({ principal: String(v), where: `${at} Condition.${operator}.aws:PrincipalArn` }));
                }
            }
        }
    });
    return out;
}

/** Every principal named by the resources of a plan. */
export function namedPrincipals(plan: Plan): NamedPrincipal[] {
    const out: NamedPrincipal[] = [];
    for (const r of plan.resources) {
        if (r.type === ACCESS_ENTRY) {
            const value = r.inputs.principalArn;
            out.push({ stack: plan.stack, urn: r.urn, principal: String(value ?? UNKNOWN), where: "principalArn", dependsOn: r.propertyDependencies?.principalArn ?? [] });
            continue;
        }
        for (const prop of PRINCIPAL_SOURCES[r.type] ?? []) {
            const raw = r.inputs[prop];
            if (raw === undefined) {
                continue;
            }
            const doc = parseDoc(raw);
            const dependsOn = r.propertyDependencies?.[prop] ?? [];
            if (doc === undefined || raw === UNKNOWN) {
                // A document unknown until apply names nothing the plan can check; say so.
                out.push({ stack: plan.stack, urn: r.urn, principal: UNKNOWN, where: `${prop} (the whole document is unknown until apply)`, dependsOn });
                continue;
            }
            for (const p of principalsInDocument(doc, prop)) {
                out.push({ stack: plan.stack, urn: r.urn, principal: p.principal, where: p.where, dependsOn });
            }
        }
    }
    return out;
}

interface Created {
    /** ARN → `stack urn` of what creates it. */
    arns: Map<string, string>;
    /** `<account>/<service>` of service-linked roles created. */
    serviceLinkedRoles: Map<string, string>;
    /** URN → mock ARN of roles whose names AWS generates (matched only by reference). */
    generated: Map<string, string>;
}

function prerequisites(plan: Plan): { principals: string[]; existingServiceLinkedRoles: string[] } {
    const raw = parseDoc(plan.config["platform:prerequisites"]) as { principals?: unknown; existingServiceLinkedRoles?: unknown } | undefined;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    return { principals: strings(raw?.principals), existingServiceLinkedRoles: strings(raw?.existingServiceLinkedRoles) };
}

function created(plans: Plan[]): Created {
    const arns = new Map<string, string>();
    const serviceLinkedRoles = new Map<string, string>();
    const generated = new Map<string, string>();
    for (const plan of plans) {
        for (const r of plan.resources) {
            const account = accountOf(plan, r);
            const where = `${plan.stack} ${r.urn}`;
            const path = typeof r.inputs.path === "string" ? r.inputs.path : "/";
            const named = typeof r.inputs.name === "string" && r.inputs.name !== UNKNOWN ? (r.inputs.name as string) : undefined;
            if (r.type === ROLE || r.type === USER) {
                const kind = r.type === ROLE ? "role" : "user";
                if (named && account) {
                    arns.set(`arn:aws:iam::${account}:${kind}${path}${named}`, where);
                } else {
                    generated.set(r.urn, `arn:aws:iam::${account}:${kind}${path}${r.name}`);
                }
            } else if (r.type === SERVICE_LINKED_ROLE && typeof r.inputs.awsServiceName === "string" && account) {
                serviceLinkedRoles.set(`${account}/${r.inputs.awsServiceName}`, where);
            } else if (r.type === OIDC_PROVIDER && typeof r.inputs.url === "string" && account) {
                arns.set(`arn:aws:iam::${account}:oidc-provider/${r.inputs.url.replace(/^https:\/\//, "")}`, where);
            } else if (r.type === SAML_PROVIDER && named && account) {
                arns.set(`arn:aws:iam::${account}:saml-provider/${named}`, where);
            }
        }
    }
    return { arns, serviceLinkedRoles, generated };
}

const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;
const SLR = /^arn:aws[\w-]*:iam::(\d{12}):role\/aws-service-role\/([^/]+)\/[^/]+$/;
const ASSUMED = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

/** A wildcard pattern (ArnLike) as a regular expression. */
const pattern = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);

/**
 * Checks the principals invariant over the plans of all stacks. The plans are every plan of the
 * project: a principal created by one stack may be named by another.
 */
export function checkPrincipals(plans: Plans): PrincipalsReport {
    const list = Array.isArray(plans) ? plans : Object.values(plans);
    const made = created(list);
    const checked: PrincipalsReport["checked"] = [];
    const offenders: PrincipalOffender[] = [];
    for (const plan of list) {
        const declared = prerequisites(plan);
        for (const p of namedPrincipals(plan)) {
            const accepted = acceptance(p, made, declared);
            if (typeof accepted === "string") {
                checked.push({ ...p, accepted });
            } else {
                offenders.push({ ...p, message: `${p.stack} ${p.urn}: ${p.principal} (${p.where}) ${accepted.reason}` });
            }
        }
    }
    return { checked, offenders };
}

function acceptance(p: NamedPrincipal, made: Created, declared: { principals: string[]; existingServiceLinkedRoles: string[] }): string | { reason: string } {
    const v = p.principal;
    if (v === "*") {
        // Everyone (narrowed by conditions): names no principal that must exist.
        return "everyone";
    }
    if (/^\d{12}$/.test(v) || ROOT.test(v)) {
        return "account root";
    }
    if (SERVICE.test(v) && !v.startsWith("arn:")) {
        return "service principal";
    }
    const referenced = p.dependsOn.filter((u) => made.generated.has(u) || [...made.arns.values()].some((w) => w.endsWith(` ${u}`)));
    if (v === UNKNOWN || v.includes(UNKNOWN)) {
        return referenced.length > 0 ? `computed reference to ${referenced.join(", ")}` : { reason: "is unknown until apply and depends on no IAM role of its plan, so nothing shows it exists" };
    }
    if (referenced.some((u) => made.generated.get(u) === v)) {
        return `reference to ${referenced.find((u) => made.generated.get(u) === v)}`;
    }
    const slr = SLR.exec(v);
    if (slr) {
        const [, account, service] = slr;
        const by = made.serviceLinkedRoles.get(`${account}/${service}`);
        if (by) {
            return `service-linked role created by ${by}`;
        }
        if (declared.existingServiceLinkedRoles.includes(service)) {
            return "service-linked role declared in platform:prerequisites.existingServiceLinkedRoles";
        }
        return {
            reason: `is a service-linked role no stack creates (no aws:iam/serviceLinkedRole:ServiceLinkedRole for ${service} in account ${account}) and ${service} is not in platform:prerequisites.existingServiceLinkedRoles of ${p.stack}`,
        };
    }
    const assumed = ASSUMED.exec(v);
    const arn = assumed ? `arn:aws:iam::${assumed[1]}:role/${assumed[2]}` : v;
    const by = made.arns.get(arn);
    if (by) {
        return `created by ${by}`;
    }
    if (declared.principals.includes(v) || declared.principals.includes(arn)) {
        return "declared in platform:prerequisites.principals";
    }
    if (v.includes("*") || v.includes("?")) {
        const re = pattern(v);
        const match = [...made.arns.keys(), ...declared.principals].find((a) => re.test(a));
        return match ? `pattern matching ${match}` : { reason: `matches no principal created by any stack or declared in platform:prerequisites.principals of ${p.stack}` };
    }
    return { reason: `is not created by any stack, not an account root or service, and not in platform:prerequisites.principals of ${p.stack}` };
}
