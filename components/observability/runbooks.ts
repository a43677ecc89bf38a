/**
 * Where every alert of the platform points its on-call: `docs/runbooks/<alert>.md` in this
 * repository, under a base URL the stack can change (`platform:observability.runbookBaseUrl`,
 * e.g. a fork or an internal Git host). One runbook per alert *name*: the SLO alerts are generic
 * (one `SloErrorBudgetBurn` for every service and burn-rate tier, told apart by labels), so they
 * have one runbook each, not one per service. test/observability/runbooks.test.ts proves that every
 * alert in every stack's plan has a runbook that exists, and every runbook an alert.
 */

/** The repository's runbooks on GitHub (the owner and name the bootstrap settings use). */
export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/example-org/platform/blob/main/docs/runbooks";

/** The repository folder the runbooks live in; the base URL points at it. */
export const RUNBOOKS_DIR = "docs/runbooks";

/** What a runbook base URL must look like: https, a host, an optional path, no query or fragment. */
export const RUNBOOK_BASE_URL_PATTERN = /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s?#]*)?$/;

/** True for a base URL the alerts can link under. */
export function isRunbookBaseUrl(value: unknown): value is string {
    return typeof value === "string" && RUNBOOK_BASE_URL_PATTERN.test(value);
}

/** `<base>/<alert>.md`, whatever trailing slash the base has. */
export function runbookUrl(baseUrl: string, alert: string): string {
    return `${baseUrl.replace(/\/+$/, "")}/${alert}.md`;
}

/** How a CloudWatch alarm names its runbook: the last sentence of its description. */
export function withRunbook(description: string, url: string): string {
    return `${description} Runbook: ${url}`;
}

/** The runbook URL a CloudWatch alarm description ends with, if any. */
export function runbookUrlOfDescription(description: string): string | undefined {
    return /(?:^|\s)Runbook: (\S+)$/.exec(description)?.[1];
}
