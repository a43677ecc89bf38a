/**
 * What a preflight check reports. `problem` means the first `pulumi up` would fail (exit 1);
 * `not-checked` is a warning: preflight could not look (no credentials for that account, access
 * denied) and says how to look; `info` is a fact worth knowing that blocks nothing.
 */
export type Status = "ok" | "problem" | "not-checked" | "info";

export interface CheckResult {
    /** Short kebab-case name of the check: `deployment-role`, `principal`, `quota`, …. */
    check: string;
    status: Status;
    message: string;
    /** What to do about a problem or a check that could not run. */
    fix?: string;
}

/** Temporary credentials from sts:AssumeRole (structurally the SDK's AwsCredentialIdentity). */
export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
}

/**
 * Whose credentials a call uses: the caller's own (from the default provider chain: environment,
 * profile, SSO, OIDC web identity) or a role preflight assumed.
 */
export interface Session {
    /** The account these credentials act in. */
    accountId: string;
    /** The caller's ARN, or the ARN of the role assumed. */
    principal: string;
    /** Unset: the caller's own credentials. */
    credentials?: Credentials;
}

export interface PreflightReport {
    stack: string;
    role: string;
    accountId: string;
    region: string;
    /** The caller, when its identity could be read. */
    caller?: { arn: string; accountId: string };
    results: CheckResult[];
    /** Checks that stopped on an error preflight does not know how to judge (exit 3). */
    errors: { check: string; message: string }[];
}

export function isReady(report: PreflightReport): boolean {
    return report.errors.length === 0 && !report.results.some((r) => r.status === "problem");
}
