import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stateful, tagsFor } from "../common";

/**
 * A customer managed key of a security component, as components/kms makes them (rotation, 30-day
 * deletion window, no policy lockout bypass, an alias retained with it), with a policy the
 * component writes: these policies name one trail or one service and do not fit the per-purpose
 * keys of components/kms.
 */
export function securityKey(
    name: string,
    args: { alias: string; description: string; policy: pulumi.Input<string>; protect: boolean; tags?: Record<string, string> },
    parent: pulumi.Resource,
): aws.kms.Key {
    const key = new aws.kms.Key(
        name,
        {
            description: `${args.description} (${args.alias})`,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            bypassPolicyLockoutSafetyCheck: false,
            policy: args.policy,
            tags: tagsFor(args.tags, args.alias),
        },
        stateful(parent, args.protect),
    );
    new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: key.keyId }, { parent, retainOnDelete: args.protect });
    return key;
}
