import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../config/load";
import { accountProvider } from "./providers";

/**
 * Loads the validated config once, builds the providers, and composes the components of the
 * stack's role. Returns the stack outputs other stacks read through StackReference.
 */
export async function program(): Promise<Record<string, unknown>> {
    const config = loadConfig();
    const stack = pulumi.getStack();
    const provider = accountProvider(`${config.environment}-${config.accountId}`, config, stack, config.accountId);
    return { accountId: config.accountId, region: config.region, role: config.role, providerUrn: provider.urn };
}
