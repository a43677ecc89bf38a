/**
 * How long a deploy job's credentials last: the deployment role's MaxSessionDuration, and the
 * `role-duration-seconds` the workflows request (their job timeouts stay below it). Four hours,
 * because a deploy that upgrades a cluster rolls every node group and runs for three hours or more.
 *
 * - `AssumeRoleWithWebIdentity` (the job's GitHub OIDC login) may ask for up to the role's
 *   MaxSessionDuration (1 to 12 hours):
 *   https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sts/aws.sdk.kotlin.services.sts.model/-assume-role-with-web-identity-request/duration-seconds.html
 * - The providers assume the role again (role chaining), which AWS caps at one hour whatever the
 *   role allows: https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sts/aws.sdk.kotlin.services.sts.model/-assume-role-request/duration-seconds.html
 * - The AWS provider (Terraform's aws-sdk-go-base, which pulumi-aws builds on) wraps each assumed
 *   role in `aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(...))`, whose STS client signs
 *   with the job's source credentials, so an expired chained session is assumed again from them
 *   for as long as they are valid (the job's four hours):
 *   https://github.com/hashicorp/aws-sdk-go-base/blob/main/credentials.go,
 *   https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/credentials/stscreds
 *
 * All read 2026-12-02.
 */
export const DEPLOYMENT_SESSION_SECONDS = 14_400;
