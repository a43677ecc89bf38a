import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";

/**
 * Service-linked roles an account needs before the first resource that relies on them, created
 * once by the stack that needs them. AWS creates most service-linked roles itself on first use;
 * these are the ones that are needed *before* that use: a KMS key policy naming Auto Scaling's
 * role, Spot launches through EC2 Fleet (config/prerequisites.ts says why, with sources).
 *
 * Each role is retained when removed from the program or on `pulumi destroy`: other resources of
 * the account (Auto Scaling groups of any owner, Spot requests) use it, and IAM refuses to delete a
 * service-linked role still in use anyway. A role that already exists must not be created again
 * ("has been taken in this account"): the settings declare it
 * (`platform:prerequisites.existingServiceLinkedRoles`) and `npm run preflight` checks both ways.
 */
export interface ServiceLinkedRolesArgs {
    /** Service principals (`autoscaling.amazonaws.com`, ...), each created as `<name>-<service's first label>`. */
    services: string[];
}

/** Child name suffix for a service: its first DNS label (`autoscaling`, `spot`). */
export function serviceKey(service: string): string {
    return service.split(".")[0];
}

export function validateServiceLinkedRolesArgs(args: ServiceLinkedRolesArgs): void {
    const p = new Problems();
    const seen = new Set<string>();
    args.services.forEach((s, i) => {
        if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(s)) {
            p.add(`services[${i}]`, s, "is not an AWS service principal such as autoscaling.amazonaws.com");
        } else if (seen.has(serviceKey(s))) {
            p.add(`services[${i}]`, s, "is listed twice");
        }
        seen.add(serviceKey(s));
    });
    p.throwIfAny("ServiceLinkedRoles");
}

export class ServiceLinkedRoles extends pulumi.ComponentResource {
    /** Role ARNs by service principal. */
    readonly roleArns: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: ServiceLinkedRolesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:account:ServiceLinkedRoles", name, {}, opts);
        validateServiceLinkedRolesArgs(args);
        for (const service of args.services) {
            const role = new aws.iam.ServiceLinkedRole(
                `${name}-${serviceKey(service)}`,
                { awsServiceName: service, description: `Created by the platform before its first use (${service})` },
                { parent: this, retainOnDelete: true },
            );
            this.roleArns[service] = role.arn;
        }
        this.registerOutputs({ roleArns: this.roleArns });
    }
}
