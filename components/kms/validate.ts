import { Problems } from "../common";
import { KEY_PURPOSES, KeyPurpose } from "./policies";

/** Settings shared by a single key and a set of keys. */
export interface KeySettings {
    accountId: string;
    region: string;
    aliasPrefix: string;
    administratorArns?: string[];
    deletionWindowInDays?: number;
    logSourceAccountIds?: string[];
    logSourceOrgId?: string;
    stateAccessRoleArns?: string[];
    stateReadRoleArns?: string[];
    principalOrgId?: string;
}

export const ACCOUNT_ID = /^\d{12}$/;
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ALIAS_PREFIX = /^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_-]+)*$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Records every problem of the shared key settings; `purposes` are the purposes being created. */
export function checkKeySettings(p: Problems, args: KeySettings, purposes: readonly KeyPurpose[]): void {
    if (!ACCOUNT_ID.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, "is not an AWS region name such as \"eu-west-1\"");
    }
    if (typeof args.aliasPrefix !== "string" || !ALIAS_PREFIX.test(args.aliasPrefix) || args.aliasPrefix.toLowerCase().startsWith("aws")) {
        p.add("aliasPrefix", args.aliasPrefix, "is not an alias prefix (letters, digits, '_', '-' in '/'-separated parts, not starting with \"aws\")");
    }
    if (args.deletionWindowInDays !== undefined) {
        p.intRange("deletionWindowInDays", args.deletionWindowInDays, 7, 30);
    }
    (args.administratorArns ?? []).forEach((arn, i) => {
        if (!ROLE_ARN.test(arn)) {
            p.add(`administratorArns[${i}]`, arn, "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
        }
    });
    const archive = purposes.includes("log-archive");
    const sources = args.logSourceAccountIds ?? [];
    sources.forEach((a, i) => {
        if (!ACCOUNT_ID.test(a)) {
            p.add(`logSourceAccountIds[${i}]`, a, "is not a 12-digit AWS account ID");
        }
    });
    if (args.logSourceOrgId !== undefined && !ORG_ID.test(args.logSourceOrgId)) {
        p.add("logSourceOrgId", args.logSourceOrgId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
    }
    if (archive && sources.length === 0 && args.logSourceOrgId === undefined) {
        p.addMessage("logSourceAccountIds and logSourceOrgId: both unset; a log-archive key needs the accounts or the organization whose logs it receives");
    }
    if (archive && sources.length > 0 && args.logSourceOrgId !== undefined) {
        p.addMessage("logSourceAccountIds and logSourceOrgId: both set; set one of them");
    }
    if (!archive && (sources.length > 0 || args.logSourceOrgId !== undefined)) {
        p.addMessage("logSourceAccountIds and logSourceOrgId: only apply to the \"log-archive\" purpose");
    }
    checkStateRoles(p, args);
    const state = purposes.includes("state");
    if (!state && ((args.stateAccessRoleArns ?? []).length > 0 || (args.stateReadRoleArns ?? []).length > 0 || args.principalOrgId !== undefined)) {
        p.addMessage("stateAccessRoleArns, stateReadRoleArns and principalOrgId: only apply to the \"state\" purpose");
    }
}

/**
 * The roles granted the state (bucket and key): exact role ARNs, each once, in one of the two
 * lists; and the organization they must belong to. Shared with the StateBackend.
 */
export function checkStateRoles(p: Problems, args: Pick<KeySettings, "stateAccessRoleArns" | "stateReadRoleArns" | "principalOrgId">): void {
    const writers = args.stateAccessRoleArns ?? [];
    const readers = args.stateReadRoleArns ?? [];
    const check = (path: string, arns: string[]) =>
        arns.forEach((arn, i) => {
            if (!ROLE_ARN.test(String(arn))) {
                p.add(`${path}[${i}]`, arn, "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted");
            } else if (arns.indexOf(arn) !== i) {
                p.add(`${path}[${i}]`, arn, "is listed twice");
            }
        });
    check("stateAccessRoleArns", writers);
    check("stateReadRoleArns", readers);
    readers.forEach((arn, i) => {
        if (writers.includes(arn)) {
            p.add(`stateReadRoleArns[${i}]`, arn, "is also in stateAccessRoleArns; list a role in one of them");
        }
    });
    if (args.principalOrgId !== undefined && !ORG_ID.test(args.principalOrgId)) {
        p.add("principalOrgId", args.principalOrgId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
    }
}

export function checkPurpose(p: Problems, path: string, purpose: unknown): purpose is KeyPurpose {
    const ok = KEY_PURPOSES.includes(purpose as KeyPurpose);
    if (!ok) {
        p.oneOf(path, purpose, KEY_PURPOSES);
    }
    return ok;
}
