import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../config/load";
import { accountProvider } from "./providers";
import { bootstrapRole } from "./roles/bootstrap";
import { networkRole } from "./roles/network";
import { securityRole } from "./roles/security";
import { sharedRole } from "./roles/shared";
import { workloadRole } from "./roles/workload";

/**
 * Loads the validated config once, builds the providers (one per account the stack touches), and
 * composes the components of the stack's role. Returns the outputs other stacks read.
 */
export async function program(): Promise<Record<string, unknown>> {
    const c = loadConfig();
    const stack = pulumi.getStack();
    const provider = accountProvider(c.environment, c, stack, c.accountId);
    switch (c.role) {
        case "bootstrap":
            return bootstrapRole(c, stack, provider);
        case "network":
            return networkRole(c, provider);
        case "shared-services":
            return sharedRole(c, provider, accountProvider("network-hub", c, stack, c.networkAccountId!));
        case "workload":
            return workloadRole(c, provider, accountProvider("network-hub", c, stack, c.networkAccountId!));
        case "security":
            return securityRole(c, provider);
    }
}
