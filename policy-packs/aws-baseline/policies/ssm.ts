import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { plain } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * FSBP SSM.1: EC2 instances should be managed by AWS Systems Manager
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-1, read 2026-12-03).
 * An instance is managed when its SSM Agent can reach Systems Manager with an instance profile role
 * that has AmazonSSMManagedInstanceCore (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html,
 * read 2026-12-03). The agent is part of the AMIs the platform launches (EKS-optimized Amazon Linux 2023,
 * https://docs.aws.amazon.com/eks/latest/userguide/eks-optimized-ami.html, read 2026-12-03), and nodes
 * reach Systems Manager through the VPC's NAT or endpoints; what a plan shows is the role. So
 * every node's role must carry AmazonSSMManagedInstanceCore: the role of each managed node group
 * (nodeRoleArn), of each Karpenter EC2NodeClass (spec.role), and of each aws.ec2.Instance's
 * instance profile. A role that is not declared in the stack cannot be confirmed and is reported.
 */

const T = {
    role: tokenOf(aws.iam.Role),
    attachment: tokenOf(aws.iam.RolePolicyAttachment),
    instanceProfile: tokenOf(aws.iam.InstanceProfile),
    nodeGroup: tokenOf(aws.eks.NodeGroup),
    instance: tokenOf(aws.ec2.Instance),
    nodeClass: "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass",
};

const SSM_CORE = /^arn:aws(-cn|-us-gov)?:iam::aws:policy\/AmazonSSMManagedInstanceCore$/;

/** The role's name (its `name` input), if known. */
const nameOf = (role: PolicyResource): string | undefined => (typeof role.props.name === "string" ? role.props.name : undefined);

/** Whether a role carries AmazonSSMManagedInstanceCore, in managedPolicyArns or through an attachment. */
function hasSsmCore(role: PolicyResource, all: PolicyResource[]): boolean {
    const inline = plain(role.props).managedPolicyArns;
    if (Array.isArray(inline) && inline.some((a) => typeof a === "string" && SSM_CORE.test(a))) {
        return true;
    }
    return ofType(all, T.attachment).some((a) => refersTo(a, "role", role, [nameOf(role)]) && typeof a.props.policyArn === "string" && SSM_CORE.test(a.props.policyArn));
}

/** The declared role a node refers to: by property dependency, by name, or by an ARN ending in `/<name>`. */
function roleFor(node: PolicyResource, prop: string, value: unknown, roles: PolicyResource[]): PolicyResource | undefined {
    return roles.find((role) => {
        const name = nameOf(role);
        return (
            refersTo(node, prop, role) ||
            (name !== undefined && typeof value === "string" && (value === name || value.endsWith(`:role/${name}`) || new RegExp(`:role/.*/${name.replace(/[.+]/g, "\\$&")}$`).test(value)))
        );
    });
}

export const ec2ManagedBySsm: StackValidationPolicy = {
    name: "ec2-managed-by-ssm",
    description: "Checks whether the role of every node (managed node groups, Karpenter EC2NodeClasses, EC2 instances) carries AmazonSSMManagedInstanceCore, so that Systems Manager manages the instances.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "SSM.1", "Amazon EC2 instances should be managed by AWS Systems Manager"),
    tags: [],
    remediationSteps:
        "Attach arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore to the node role (aws.iam.RolePolicyAttachment), declared in the same stack as the node group, EC2NodeClass or instance profile (components/cluster NodeRole does).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const nodeGroups = ofType(args.resources, T.nodeGroup);
        const nodeClasses = ofType(args.resources, T.nodeClass);
        const instances = ofType(args.resources, T.instance);
        if (nodeGroups.length + nodeClasses.length + instances.length === 0) {
            args.notApplicable("no node group, EC2NodeClass or EC2 instance in this stack");
        }
        const v = new Verdicts(report);
        const roles = ofType(args.resources, T.role);
        const check = (node: PolicyResource, where: string, role: PolicyResource | undefined) => {
            if (role === undefined) {
                v.fail(`${where} names a role this stack does not declare, so Systems Manager access cannot be confirmed; declare the role here with AmazonSSMManagedInstanceCore attached.`, node.urn);
            } else if (!hasSsmCore(role, args.resources)) {
                v.fail(`${where}'s role ${nameOf(role) ?? role.name} lacks AmazonSSMManagedInstanceCore, so Systems Manager cannot manage its instances; attach it.`, node.urn);
            }
        };
        for (const ng of nodeGroups) {
            check(ng, "Node group", roleFor(ng, "nodeRoleArn", ng.props.nodeRoleArn, roles));
        }
        for (const nc of nodeClasses) {
            const spec = plain(nc.props).spec as Record<string, unknown> | undefined;
            check(nc, "EC2NodeClass", roleFor(nc, "spec", spec?.role, roles));
        }
        const profiles = ofType(args.resources, T.instanceProfile);
        for (const instance of instances) {
            const profile = profiles.find((p) => refersTo(instance, "iamInstanceProfile", p, [typeof p.props.name === "string" ? p.props.name : undefined]));
            if (profile === undefined) {
                v.fail("EC2 instance has no instance profile declared in this stack, so Systems Manager cannot manage it; give it an aws.iam.InstanceProfile whose role has AmazonSSMManagedInstanceCore.", instance.urn);
                continue;
            }
            check(instance, "EC2 instance", roleFor(profile, "role", profile.props.role, roles));
        }
        v.settle();
    },
};

export const ssmPolicies: Policies = [ec2ManagedBySsm];
