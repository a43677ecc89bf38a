import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";

/**
 * An AWS CodeConnections (formerly CodeStar Connections) connection to GitHub, for the
 * CodeBuild-hosted GitHub Actions runners. AWS creates it PENDING: a person completes the GitHub
 * handshake once in the console (Developer Tools > Settings > Connections > "Update pending
 * connection"), which no API can do; after that it is AVAILABLE and stays so.
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html, read 2026-12-02.)
 */
export interface GitHubConnectionArgs {
    /** Connection name, unique in the account. @default the component name */
    connectionName?: string;
    /** Protect the connection and retain it when removed (re-creating it repeats the handshake). @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const GITHUB_CONNECTION_DEFAULTS = { protect: true } as const;

export function validateGitHubConnectionArgs(args: GitHubConnectionArgs, name = "github"): void {
    const p = new Problems();
    const connectionName = args.connectionName ?? name;
    if (typeof connectionName !== "string" || connectionName.length < 1 || connectionName.length > 32) {
        p.add("connectionName", connectionName, "is not a connection name of 1 to 32 characters");
    }
    p.throwIfAny("GitHubConnection");
}

export class GitHubConnection extends pulumi.ComponentResource {
    readonly connectionArn: pulumi.Output<string>;
    /** PENDING until the handshake is completed in the console, then AVAILABLE. */
    readonly connectionStatus: pulumi.Output<string>;

    constructor(name: string, args: GitHubConnectionArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:GitHubConnection", name, {}, opts);
        validateGitHubConnectionArgs(args, name);
        const protect = args.protect ?? GITHUB_CONNECTION_DEFAULTS.protect;
        const connectionName = args.connectionName ?? name;
        const connection = new aws.codestarconnections.Connection(name, { name: connectionName, providerType: "GitHub", tags: tagsFor(args.tags, connectionName) }, stateful(this, protect));

        this.connectionArn = connection.arn;
        this.connectionStatus = connection.connectionStatus;
        this.registerOutputs({ connectionArn: this.connectionArn, connectionStatus: this.connectionStatus });
    }
}
