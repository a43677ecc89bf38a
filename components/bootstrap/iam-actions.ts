/**
 * IAM action lists both the deployers' permissions (trust.ts) and their boundaries (boundary.ts)
 * name; here so that neither imports the other for them (the two modules import each other).
 */

/** Every write on an OpenID Connect provider. */
export const OIDC_PROVIDER_WRITE_ACTIONS = [
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:CreateOpenIDConnectProvider",
    "iam:DeleteOpenIDConnectProvider",
    "iam:RemoveClientIDFromOpenIDConnectProvider",
    "iam:TagOpenIDConnectProvider",
    "iam:UntagOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
];
