import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { KmsKey, KmsKeyArgs } from "./key";
import { KeyPurpose } from "./policies";
import { checkKeySettings, checkPurpose } from "./validate";

/**
 * The keys of one account, one per purpose, with the same alias prefix and administrators. Every
 * setting is KmsKey's; a purpose-only setting (`stateAccessRoleArns`, `logSourceAccountIds`, …)
 * reaches only that purpose's key.
 */
export interface PlatformKeysArgs extends Omit<KmsKeyArgs, "purpose" | "description"> {
    /** Purposes to create a key for; each at most once. */
    purposes: KeyPurpose[];
}

/** Settings that only one purpose's key takes. */
const PURPOSE_ONLY: Partial<Record<keyof KmsKeyArgs, KeyPurpose>> = {
    autoScalingServiceLinkedRole: "ebs",
    logSourceAccountIds: "log-archive",
    logSourceOrgId: "log-archive",
    stateAccessRoleArns: "state",
    stateReadRoleArns: "state",
    principalOrgId: "state",
};

/** The KmsKey args of one purpose's key: the shared settings, and its own purpose-only ones. */
export function keyArgsFor(purpose: KeyPurpose, args: PlatformKeysArgs): KmsKeyArgs {
    const { purposes: _purposes, ...shared } = args;
    const own = Object.fromEntries(Object.entries(shared).filter(([k]) => PURPOSE_ONLY[k as keyof KmsKeyArgs] === undefined || PURPOSE_ONLY[k as keyof KmsKeyArgs] === purpose));
    return { ...(own as Omit<KmsKeyArgs, "purpose">), purpose };
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
            const key = new KmsKey(`${name}-${purpose}`, keyArgsFor(purpose, args), { parent: this });
            this.keys[purpose] = key;
            this.keyArns[purpose] = key.keyArn;
            this.aliasArns[purpose] = key.aliasArn;
        }
        this.registerOutputs({ keyArns: this.keyArns, aliasArns: this.aliasArns });
    }
}
