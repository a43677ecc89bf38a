import { stringify } from "yaml";

/**
 * Renders the kubeconfig the platform uses to talk to a cluster. Authentication is always the
 * exec plugin `aws eks get-token`: a short-lived token minted from the caller's AWS credentials on
 * every connection, so no token or key is ever written into state, a stack output or a file.
 */
export interface KubeconfigInput {
    /** EKS cluster name. */
    clusterName: string;
    /** API server URL (`https://…eks.amazonaws.com`). */
    endpoint: string;
    /** Base64 PEM of the cluster CA, as EKS returns it. */
    certificateAuthorityData: string;
    /** Region of the cluster: passed to `aws eks get-token` so that no default region is needed. */
    region: string;
    /** Role `get-token` assumes first (the deployment or admin role). @default the caller's credentials */
    roleArn?: string;
    /** Named AWS CLI profile to take credentials from (`AWS_PROFILE`). @default none */
    profile?: string;
}

/** The exec stanza alone: the one place the `aws eks get-token` arguments are written. */
export function execCredential(input: Pick<KubeconfigInput, "clusterName" | "region" | "roleArn" | "profile">): Record<string, unknown> {
    const args = ["eks", "get-token", "--cluster-name", input.clusterName, "--region", input.region, "--output", "json"];
    if (input.roleArn) {
        args.push("--role-arn", input.roleArn);
    }
    return {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args,
        // The token is minted by the CLI without prompting; an interactive prompt would hang a deployment.
        interactiveMode: "Never",
        ...(input.profile ? { env: [{ name: "AWS_PROFILE", value: input.profile }] } : {}),
    };
}

/** The kubeconfig as an object (cluster, context and user all named after the EKS cluster). */
export function kubeconfigObject(input: KubeconfigInput): Record<string, unknown> {
    const name = input.clusterName;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [{ name, user: { exec: execCredential(input) } }],
    };
}

/** The kubeconfig as a string; JSON by default (what the Kubernetes provider is given), YAML for humans. */
export function renderKubeconfig(input: KubeconfigInput, format: "json" | "yaml" = "json"): string {
    const config = kubeconfigObject(input);
    return format === "json" ? JSON.stringify(config) : stringify(config);
}
