/** How preflight reads the errors the SDK throws (service exceptions carry `name` = the AWS error code). */

export function errorName(e: unknown): string {
    return typeof e === "object" && e !== null && typeof (e as { name?: unknown }).name === "string" ? (e as { name: string }).name : "Error";
}

export function errorMessage(e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    return message ? `${errorName(e)}: ${message}` : errorName(e);
}

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "AuthorizationError"]);

/** The caller may not make this call: the check could not run (reported as not checked). */
export function isAccessDenied(e: unknown): boolean {
    return ACCESS_DENIED.has(errorName(e));
}

/** Errors that mean the caller has no usable credentials at all. */
const NO_CREDENTIALS = new Set(["CredentialsProviderError", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "TokenRefreshRequired"]);

export function isCredentialsError(e: unknown): boolean {
    return NO_CREDENTIALS.has(errorName(e));
}
