import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stateful } from "../common";

/**
 * RAM resource sharing with AWS Organizations (`EnableSharingWithAwsOrganization`): without it a
 * resource share can name only accounts, never the organization (the network stack's Transit
 * Gateway share). AWS accepts the call only from the organization's management account, so the
 * provider must be the management account's. It also creates RAM's service-linked role.
 * (https://docs.aws.amazon.com/cli/latest/reference/ram/enable-sharing-with-aws-organization.html, read 2026-12-02.)
 */
export interface RamOrganizationSharingArgs {
    /** Protect the setting and keep it enabled when removed (the organization's shares depend on it). @default true */
    protect?: boolean;
}

export const RAM_ORGANIZATION_SHARING_DEFAULTS = { protect: true } as const;

export class RamOrganizationSharing extends pulumi.ComponentResource {
    constructor(name: string, args: RamOrganizationSharingArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:RamOrganizationSharing", name, {}, opts);
        new aws.ram.SharingWithOrganization(name, {}, stateful(this, args.protect ?? RAM_ORGANIZATION_SHARING_DEFAULTS.protect));
        this.registerOutputs({});
    }
}
