import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { KmsKey } from "./key";
import { KeyPurpose } from "./policies";
import { checkKeySettings, checkPurpose, KeySettings } from "./validate";

/** The keys of one account, one per purpose, with the same alias prefix and administrators. */
export interface PlatformKeysArgs extends KeySettings {
    /** Purposes to create a key for; each at most once. */
    purposes: KeyPurpose[];
    /** Account that owns the keys. */
    accountId: string;
    /** Region of the keys. */
    region: string;
    /** Alias prefix, e.g. `platform/dev`: aliases are `alias/<aliasPrefix>/<purpose>`. */
    aliasPrefix: string;
    /** Roles that administer the keys without using them. @default none */
    administratorArns?: string[];
    /** @default 30 */
    deletionWindowInDays?: number;
    /** ebs only: grant the EC2 Auto Scaling service-linked role. @default true */
    autoScalingServiceLinkedRole?: boolean;
    /** log-archive only. */
    logSourceAccountIds?: string[];
    /** log-archive only. */
    logSourceOrgId?: string;
    /** state only. */
    stateAccessRoleArns?: string[];
    /** state only. */
    stateReadRoleArns?: string[];
    /** state only. */
    principalOrgId?: string;
    /** @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export function validatePlatformKeysArgs(args: PlatformKeysArgs): void {
    const p = new Problems();
    const purposes = Array.isArray(args.purposes) ? args.purposes : [];
    if (purposes.length === 0) {
        p.add("purposes", args.purposes, "is empty; list at least one key purpose");
    }
    const known: KeyPurpose[] = [];
    purposes.forEach((purpose, i) => {
        if (checkPurpose(p, `purposes[${i}]`, purpose)) {
            if (known.includes(purpose)) {
                p.add(`purposes[${i}]`, purpose, "is listed twice; each purpose has one key");
            }
            known.push(purpose);
        }
    });
    checkKeySettings(p, args, known);
    if (args.autoScalingServiceLinkedRole !== undefined && !known.includes("ebs")) {
        p.add("autoScalingServiceLinkedRole", args.autoScalingServiceLinkedRole, "only applies when purposes include \"ebs\"");
    }
    p.throwIfAny("PlatformKeys");
}

export class PlatformKeys extends pulumi.ComponentResource {
    /** Key ARN by purpose, for the purposes created. */
    readonly keyArns: Partial<Record<KeyPurpose, pulumi.Output<string>>>;
    /** Alias ARN by purpose, for the purposes created. */
    readonly aliasArns: Partial<Record<KeyPurpose, pulumi.Output<string>>>;
    readonly keys: Partial<Record<KeyPurpose, KmsKey>>;

    constructor(name: string, args: PlatformKeysArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kms:PlatformKeys", name, {}, opts);
        validatePlatformKeysArgs(args);
        this.keys = {};
        this.keyArns = {};
        this.aliasArns = {};
        for (const purpose of args.purposes) {
            const key = new KmsKey(
                `${name}-${purpose}`,
                {
                    purpose,
                    accountId: args.accountId,
                    region: args.region,
                    aliasPrefix: args.aliasPrefix,
                    administratorArns: args.administratorArns,
                    deletionWindowInDays: args.deletionWindowInDays,
                    autoScalingServiceLinkedRole: purpose === "ebs" ? args.autoScalingServiceLinkedRole : undefined,
                    logSourceAccountIds: purpose === "log-archive" ? args.logSourceAccountIds : undefined,
                    logSourceOrgId: purpose === "log-archive" ? args.logSourceOrgId : undefined,
                    stateAccessRoleArns: purpose === "state" ? args.stateAccessRoleArns : undefined,
                    stateReadRoleArns: purpose === "state" ? args.stateReadRoleArns : undefined,
                    principalOrgId: purpose === "state" ? args.principalOrgId : undefined,
                    protect: args.protect,
                    tags: args.tags,
                },
                { parent: this },
            );
            this.keys[purpose] = key;
            this.keyArns[purpose] = key.keyArn;
            this.aliasArns[purpose] = key.aliasArn;
        }
        this.registerOutputs({ keyArns: this.keyArns, aliasArns: this.aliasArns });
    }
}
