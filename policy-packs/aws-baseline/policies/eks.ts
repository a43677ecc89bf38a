import * as aws from "@pulumi/aws";
import { gunzipSync } from "zlib";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { isSet } from "../../lib/values";
import { allOf, anyOf, Maybe, not, read, readList, show, tagOn, test, Undecided, Verdicts } from "../../lib/verdicts";
import { DEFAULT_PUBLIC_SUBNET_TAG, isOpenCidr } from "./network";

const T = {
    cluster: tokenOf(aws.eks.Cluster),
    nodeGroup: tokenOf(aws.eks.NodeGroup),
    accessEntry: tokenOf(aws.eks.AccessEntry),
    accessPolicyAssociation: tokenOf(aws.eks.AccessPolicyAssociation),
    launchTemplate: tokenOf(aws.ec2.LaunchTemplate),
    instance: tokenOf(aws.ec2.Instance),
    volume: tokenOf(aws.ebs.Volume),
    encryptionByDefault: tokenOf(aws.ebs.EncryptionByDefault),
    subnet: tokenOf(aws.ec2.Subnet),
};

/** `true`, or the string "true" that launch template block devices and interfaces take. */
function isTrue(v: unknown): boolean {
    return v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
}

export const eksEndpointNotPublic: ResourceValidationPolicy = {
    name: "eks-endpoint-not-public",
    description: "Checks whether the EKS API endpoint is private, or public only to listed CIDRs, with private access on.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("cis-eks", "5.4.1", "Restrict Access to the Control Plane Endpoint"),
    tags: ["cis-eks:5.4.2", "fsbp:EKS.1", "checkov:CKV_AWS_39", "checkov:CKV_AWS_38", "trivy:AVD-AWS-0040", "trivy:AVD-AWS-0041"],
    remediationSteps:
        "Set vpcConfig.endpointPrivateAccess: true and vpcConfig.endpointPublicAccess: false (EksCluster's default). Where a public endpoint is needed, list publicAccessCidrs from allowedPublicCidrs; never 0.0.0.0/0 or ::/0.",
    configSchema: {
        properties: {
            allowedPublicCidrs: { type: "array", items: { type: "string" }, description: "CIDRs a public endpoint may admit (office, CI egress).", default: [] },
        },
    },
    validateResource: validateTypes([T.cluster], (props, args, report) => {
        const allowed = args.getConfig<{ allowedPublicCidrs?: string[] }>().allowedPublicCidrs ?? [];
        const vpc = read<unknown>(props, "vpcConfig");
        const v = new Verdicts(report);
        v.note(vpc);
        if (vpc instanceof Undecided) {
            return v.settle();
        }
        v.when(
            test(read<boolean>(vpc, "endpointPrivateAccess"), (p) => p !== true),
            () => report("EKS private endpoint access must be on so that nodes reach the API inside the VPC; set vpcConfig.endpointPrivateAccess: true."),
        );
        const isPublic = test(read<boolean>(vpc, "endpointPublicAccess"), (p) => p !== false);
        const cidrs = readList<string>(vpc, "publicAccessCidrs");
        // An empty or unset list means 0.0.0.0/0 to EKS.
        v.when(allOf([isPublic, cidrs.length === 0]), () =>
            report("EKS endpoint must not be public; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs (unset means 0.0.0.0/0)."),
        );
        for (const cidr of cidrs) {
            v.when(allOf([isPublic, test(cidr, isOpenCidr)]), () =>
                report(`EKS endpoint must not be public to ${show(cidr)}; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs from allowedPublicCidrs.`),
            );
            v.when(allOf([isPublic, test(cidr, (c) => c !== undefined && !isOpenCidr(c) && !allowed.includes(c.trim()))]), () =>
                report(`EKS endpoint public CIDR ${show(cidr)} is not in allowedPublicCidrs; set vpcConfig.endpointPublicAccess: false or list only allowed CIDRs.`),
            );
        }
        v.settle();
    }),
};

export const eksSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-secrets-encryption",
    description: "Checks whether EKS encrypts Kubernetes secrets with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "5.3.1", "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS"),
    tags: ["fsbp:EKS.3", "checkov:CKV_AWS_58", "trivy:AVD-AWS-0039"],
    remediationSteps: 'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn } } with the cluster-secrets key from the kms component (EksCluster does).',
    configSchema: { properties: {} },
    validateResource: validateTypes([T.cluster], (props, _args, report) => {
        let config = read<unknown>(props, "encryptionConfig");
        if (Array.isArray(config)) {
            // Older provider versions took a list of one.
            config = read<unknown>(config, "0");
        }
        const v = new Verdicts(report);
        v.note(config);
        if (config === undefined) {
            v.fail('EKS secrets must be encrypted with a KMS key; set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.');
        } else if (!(config instanceof Undecided)) {
            const resources = readList<string>(config, "resources");
            v.when(not(anyOf(resources.map((r) => test(r, (x) => x === "secrets")))), () =>
                report('EKS encryptionConfig must cover secrets; set encryptionConfig.resources: ["secrets"].'),
            );
            // A key created in the same update has an ARN unknown until apply: presence is what counts.
            const provider = read<unknown>(config, "provider");
            if (!(provider instanceof Undecided) && !isSet(provider, "keyArn")) {
                v.fail("EKS secrets encryption needs a KMS key; set encryptionConfig.provider.keyArn.");
            }
        }
        v.settle();
    }),
};

const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksControlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-control-plane-logging",
    description: "Checks whether EKS sends the required control plane log types to CloudWatch Logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-eks", "2.1.1", "Enable audit Logs"),
    tags: ["fsbp:EKS.8", "checkov:CKV_AWS_37"],
    remediationSteps: "List every required type in enabledClusterLogTypes (default all five: api, audit, authenticator, controllerManager, scheduler).",
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: { type: "string", enum: ALL_LOG_TYPES },
                description: "Control plane log types every cluster must enable.",
                default: ALL_LOG_TYPES,
            },
        },
    },
    validateResource: validateTypes([T.cluster], (props, args, report) => {
        const required = args.getConfig<{ requiredLogTypes?: string[] }>().requiredLogTypes ?? ALL_LOG_TYPES;
        const enabled = readList<string>(props, "enabledClusterLogTypes");
        const gaps = required.map((type) => ({ type, missing: not(anyOf(enabled.map((e) => test(e, (x) => x === type)))) }));
        const v = new Verdicts(report);
        v.when(anyOf(gaps.map((g) => g.missing)), () =>
            report(
                `EKS control plane logging must include ${gaps
                    .filter((g) => g.missing === true)
                    .map((g) => g.type)
                    .join(", ")}; add them to enabledClusterLogTypes.`,
            ),
        );
        v.settle();
    }),
};

/** The supported minors, from the one table that pins them (components/cluster/versions.ts). */
const DEFAULT_SUPPORTED_VERSIONS = [...SUPPORTED_VERSIONS];

export const eksSupportedVersion: StackValidationPolicy = {
    name: "eks-supported-version",
    description: "Checks whether EKS clusters and node groups run a supported Kubernetes version, node groups the same as their cluster.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("fsbp", "EKS.2", "EKS clusters should run on a supported Kubernetes version"),
    tags: ["checkov:CKV_AWS_339"],
    remediationSteps:
        "Upgrade the cluster to a supported minor (supportedVersions; the platform pins them in components/cluster/versions.ts), then its node groups; leave a node group's version unset or equal to the cluster's.",
    configSchema: {
        properties: {
            supportedVersions: { type: "array", items: { type: "string" }, description: "Kubernetes minors clusters may run.", default: DEFAULT_SUPPORTED_VERSIONS },
        },
    },
    validateStack: (args, report) => {
        const supported = args.getConfig<{ supportedVersions?: string[] }>().supportedVersions ?? DEFAULT_SUPPORTED_VERSIONS;
        const v = new Verdicts(report);
        const unsupported = (version: Maybe<string>): boolean => typeof version === "string" && !supported.includes(version);
        const clusters = ofType(args.resources, T.cluster);
        for (const cluster of clusters) {
            // Unset means the newest version EKS offers, which is supported.
            const version = read<string>(cluster.props, "version");
            v.note(version);
            if (unsupported(version)) {
                v.fail(`EKS version ${version} is not supported; set version to one of ${supported.join(", ")} and upgrade.`, cluster.urn);
            }
        }
        for (const group of ofType(args.resources, T.nodeGroup)) {
            const version = read<string>(group.props, "version");
            v.note(version);
            if (unsupported(version)) {
                v.fail(`Node group version ${version} is not supported; set version to one of ${supported.join(", ")} (or leave it unset to follow the cluster).`, group.urn);
            }
            const cluster = clusters.find((c) => refersTo(group, "clusterName", c));
            const clusterVersion = cluster ? read<string>(cluster.props, "version") : undefined;
            if (typeof version === "string") {
                v.note(clusterVersion);
            }
            if (typeof version === "string" && typeof clusterVersion === "string" && version !== clusterVersion) {
                v.fail(`Node group version ${version} differs from its cluster's ${clusterVersion}; set version to the cluster's version or leave it unset.`, group.urn);
            }
        }
        v.settle();
    },
};

const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

export const eksAccessEntries: ResourceValidationPolicy = {
    name: "eks-access-entries",
    description: "Checks whether EKS access is granted only through access entries, without creator bootstrap admin, and cluster-admin only to listed principals.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("cis-eks", "5.5.1", "Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater"),
    tags: ["cis-eks:4.1.1", "cis-eks:4.1.7"],
    remediationSteps:
        'Set accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } and grant access with aws.eks.AccessEntry and AccessPolicyAssociation; ' +
        "associate AmazonEKSClusterAdminPolicy (or map system:masters) only for the principals in clusterAdminPrincipals (break-glass roles).",
    configSchema: {
        properties: {
            clusterAdminPrincipals: {
                type: "array",
                items: { type: "string" },
                description: "IAM principal ARNs that may hold cluster-admin. Empty (the default) approves none: every cluster-admin grant is reported.",
                default: [],
            },
        },
    },
    validateResource: validateTypes([T.cluster, T.accessEntry, T.accessPolicyAssociation], (props, args, report) => {
        const admins = args.getConfig<{ clusterAdminPrincipals?: string[] }>().clusterAdminPrincipals ?? [];
        const v = new Verdicts(report);
        if (args.type === T.cluster) {
            const access = read<unknown>(props, "accessConfig");
            v.note(access);
            const mode = access instanceof Undecided ? access : read<string>(access, "authenticationMode");
            v.when(
                test(mode, (m) => (m ?? "CONFIG_MAP") !== "API"),
                () => report(`EKS authentication mode is ${show(mode ?? "CONFIG_MAP")}; set accessConfig.authenticationMode: "API" so that access is granted only through access entries.`),
            );
            const bootstrap = access instanceof Undecided ? access : read<boolean>(access, "bootstrapClusterCreatorAdminPermissions");
            v.when(
                test(bootstrap, (b) => b !== false),
                () => report("EKS cluster creator must not get cluster-admin at creation; set accessConfig.bootstrapClusterCreatorAdminPermissions: false and grant access with access entries."),
            );
            return v.settle();
        }
        const principal = read<string>(props, "principalArn");
        const approved = test(principal, (p) => p !== undefined && admins.includes(p));
        if (args.type === T.accessPolicyAssociation) {
            const isAdmin = test(read<string>(props, "policyArn"), (arn) => typeof arn === "string" && arn.endsWith(`/${CLUSTER_ADMIN_POLICY}`));
            v.when(allOf([isAdmin, not(approved)]), () =>
                report(`Cluster-admin (${CLUSTER_ADMIN_POLICY}) is only for principals in clusterAdminPrincipals; grant ${show(principal)} a narrower access policy or add it to clusterAdminPrincipals.`),
            );
        } else {
            const masters = anyOf(readList<string>(props, "kubernetesGroups").map((g) => test(g, (x) => x === "system:masters")));
            v.when(allOf([masters, not(approved)]), () =>
                report(`Access entry for ${show(principal)} must not map to system:masters; grant access with an access policy association or a narrower Kubernetes group.`),
            );
        }
        v.settle();
    }),
};

export const eksDeletionProtection: ResourceValidationPolicy = {
    name: "eks-deletion-protection",
    description: "Checks whether EKS clusters on stacks that require it have deletion protection and the protect option.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "eks-deletion-protection", "Production clusters are protected from deletion"),
    tags: [],
    remediationSteps: "On production stacks (requireProtection: true) set deletionProtection: true on the cluster and the resource option protect: true (EksCluster's protect arg).",
    configSchema: {
        properties: {
            requireProtection: { type: "boolean", description: "Set for production stacks: clusters must be protected.", default: false },
        },
    },
    validateResource: validateTypes([T.cluster], (props, args, report) => {
        if (args.getConfig<{ requireProtection?: boolean }>().requireProtection !== true) {
            args.notApplicable("requireProtection is off for this stack");
        }
        const v = new Verdicts(report);
        v.when(test(read<boolean>(props, "deletionProtection"), (d) => d !== true), () =>
            report("EKS cluster deletion protection must be on for this stack; set deletionProtection: true."),
        );
        if (args.opts.protect !== true) {
            v.fail("EKS cluster must be protected from deletion by Pulumi on this stack; set the resource option protect: true.");
        }
        v.settle();
    }),
};

export const nodegroupNoRemoteSsh: ResourceValidationPolicy = {
    name: "nodegroup-no-remote-ssh",
    description: "Checks whether managed node groups avoid SSH access, or limit it to listed security groups.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "nodegroup-no-remote-ssh", "Nodes are not reachable over SSH from the internet"),
    tags: ["checkov:CKV_AWS_100"],
    remediationSteps: "Remove remoteAccess and reach nodes through SSM Session Manager; if SSH is unavoidable, set remoteAccess.sourceSecurityGroupIds to a bastion's security group.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.nodeGroup], (props, _args, report) => {
        const remote = read<unknown>(props, "remoteAccess");
        const v = new Verdicts(report);
        v.note(remote);
        // Security group IDs are unknown until apply when created alongside: presence is what counts.
        const sources = remote instanceof Undecided || remote === undefined ? [] : readList<unknown>(remote, "sourceSecurityGroupIds");
        if (remote !== undefined && !(remote instanceof Undecided) && sources.length === 0) {
            v.fail("Node group SSH must not be open to the internet (remoteAccess without sourceSecurityGroupIds admits 0.0.0.0/0); remove remoteAccess or list remoteAccess.sourceSecurityGroupIds.");
        }
        v.settle();
    }),
};

export const nodesInPrivateSubnets: StackValidationPolicy = {
    name: "nodes-in-private-subnets",
    description: "Checks whether managed node groups run in private subnets.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("cis-eks", "5.4.3", "Ensure clusters are created with Private Nodes"),
    tags: [],
    remediationSteps: "Give node groups the private subnet tier's ids (SpokeVpc privateSubnetIds): subnets that do not map public IPs and are not tagged for internet-facing load balancers.",
    configSchema: {
        properties: {
            publicSubnetTag: { type: "string", description: 'Tag (value "1" or "true") that marks a public subnet.', default: DEFAULT_PUBLIC_SUBNET_TAG },
        },
    },
    validateStack: (args, report) => {
        const tag = args.getConfig<{ publicSubnetTag?: string }>().publicSubnetTag ?? DEFAULT_PUBLIC_SUBNET_TAG;
        const subnets = ofType(args.resources, T.subnet);
        const v = new Verdicts(report);
        for (const group of ofType(args.resources, T.nodeGroup)) {
            for (const subnet of subnets.filter((s) => refersTo(group, "subnetIds", s))) {
                const mapsPublic = test(read<boolean>(subnet.props, "mapPublicIpOnLaunch"), (m) => m === true);
                const tagged = tagOn(read(subnet.props, "tags"), tag);
                v.when(anyOf([mapsPublic, tagged]), () =>
                    report(
                        `Node group must run in private subnets; subnet ${subnet.name} ${mapsPublic === true ? "assigns public IPs on launch" : `is tagged ${tag}`}: use the private subnet tier's ids in subnetIds.`,
                        group.urn,
                    ),
                );
            }
        }
        v.settle();
    },
};

const DEFAULT_MAX_HOP_LIMIT = 2;

export const launchTemplateImdsv2: ResourceValidationPolicy = {
    name: "launch-template-imdsv2",
    description: "Checks whether instances require IMDSv2 tokens, with a metadata hop limit no higher than configured.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-aws", "5.6", "Ensure that EC2 Metadata Service only allows IMDSv2"),
    tags: ["fsbp:EC2.8", "fsbp:EC2.170", "checkov:CKV_AWS_79"],
    remediationSteps:
        'Set metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 } (NodePool does): 2 lets pods behind the node reach IMDS only where needed; 1 keeps them out.',
    configSchema: {
        properties: {
            maxHopLimit: { type: "integer", minimum: 1, maximum: 64, description: "Highest allowed httpPutResponseHopLimit.", default: DEFAULT_MAX_HOP_LIMIT },
        },
    },
    validateResource: validateTypes([T.launchTemplate, T.instance], (props, args, report) => {
        const maxHops = args.getConfig<{ maxHopLimit?: number }>().maxHopLimit ?? DEFAULT_MAX_HOP_LIMIT;
        const meta = read<unknown>(props, "metadataOptions");
        const v = new Verdicts(report);
        v.note(meta);
        if (meta instanceof Undecided) {
            return v.settle();
        }
        const enabled = test(read<string>(meta, "httpEndpoint"), (e) => e !== "disabled");
        v.when(allOf([enabled, test(read<string>(meta, "httpTokens"), (t) => t !== "required")]), () =>
            report('Instance metadata must require IMDSv2 tokens; set metadataOptions.httpTokens: "required" (unset means "optional").'),
        );
        const hops = read<number>(meta, "httpPutResponseHopLimit");
        v.when(allOf([enabled, test(hops, (h) => h !== undefined && Number(h) > maxHops)]), () =>
            report(`Instance metadata hop limit ${show(hops)} exceeds ${maxHops}; set metadataOptions.httpPutResponseHopLimit to ${maxHops} or less.`),
        );
        v.settle();
    }),
};

export const launchTemplateEbsEncrypted: ResourceValidationPolicy = {
    name: "launch-template-ebs-encrypted",
    description: "Checks whether EBS volumes are encrypted: launch template and instance block devices, volumes, and the account default.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest"),
    tags: ["fsbp:EC2.181", "checkov:CKV_AWS_8", "checkov:CKV_AWS_3"],
    remediationSteps:
        'Set ebs.encrypted: "true" (and kmsKeyId: the EBS key) on every launch template block device, encrypted: true on volumes and instance block devices, and keep aws.ebs.EncryptionByDefault enabled.',
    configSchema: { properties: {} },
    validateResource: validateTypes([T.launchTemplate, T.instance, T.volume, T.encryptionByDefault], (props, args, report) => {
        const v = new Verdicts(report);
        const encrypted = (where: string, holder: unknown, fix: string) =>
            v.when(test(read<unknown>(holder, "encrypted"), (e) => !isTrue(e)), () => report(`EBS volume${where ? ` ${where}` : ""} must be encrypted; set ${fix}.`));
        if (args.type === T.launchTemplate) {
            readList<unknown>(props, "blockDeviceMappings").forEach((mapping, i) => {
                v.note(mapping);
                const ebs = mapping instanceof Undecided ? undefined : read<unknown>(mapping, "ebs");
                v.note(ebs);
                if (ebs !== undefined && !(ebs instanceof Undecided)) {
                    const device = read<string>(mapping, "deviceName");
                    encrypted(typeof device === "string" ? device : `blockDeviceMappings[${i}]`, ebs, `blockDeviceMappings[${i}].ebs.encrypted: "true"`);
                }
            });
        } else if (args.type === T.instance) {
            const root = read<unknown>(props, "rootBlockDevice");
            v.note(root);
            if (root !== undefined && !(root instanceof Undecided)) {
                encrypted("rootBlockDevice", root, "rootBlockDevice.encrypted: true");
            }
            readList<unknown>(props, "ebsBlockDevices").forEach((device, i) => {
                v.note(device);
                if (!(device instanceof Undecided)) {
                    encrypted(`ebsBlockDevices[${i}]`, device, `ebsBlockDevices[${i}].encrypted: true`);
                }
            });
        } else if (args.type === T.volume) {
            encrypted("", props, "encrypted: true (unset means unencrypted)");
        } else {
            // The resource's own default is enabled.
            v.when(test(read<boolean>(props, "enabled"), (e) => e === false), () => report("EBS encryption by default must be on; set enabled: true."));
        }
        v.settle();
    }),
};

export const launchTemplateNoPublicIp: ResourceValidationPolicy = {
    name: "launch-template-no-public-ip",
    description: "Checks whether launch templates and instances avoid public IP addresses.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "EC2.25", "Amazon EC2 launch templates should not assign public IPs to network interfaces"),
    tags: ["fsbp:EC2.9", "checkov:CKV_AWS_88"],
    remediationSteps: "Leave associatePublicIpAddress unset or false, run nodes in private subnets and reach the internet through NAT or VPC endpoints.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.launchTemplate, T.instance], (props, args, report) => {
        const v = new Verdicts(report);
        if (args.type === T.instance) {
            v.when(test(read<unknown>(props, "associatePublicIpAddress"), isTrue), () => report("EC2 instance must not get a public IP; set associatePublicIpAddress: false."));
        } else {
            readList<unknown>(props, "networkInterfaces").forEach((nic, i) => {
                const assigns = nic instanceof Undecided ? nic : test(read<unknown>(nic, "associatePublicIpAddress"), isTrue);
                v.when(assigns, () =>
                    report(`Launch template network interface ${i} must not get a public IP; set networkInterfaces[${i}].associatePublicIpAddress: "false" or leave it unset.`),
                );
            });
        }
        v.settle();
    }),
};

const SECRET_PATTERNS: { what: string; re: RegExp }[] = [
    { what: "an AWS access key id", re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { what: "a private key", re: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
    { what: "an AWS secret access key", re: /aws_secret_access_key/i },
];

/** User data as the instance sees it: base64 decoded (and gunzipped) where it decodes, else as given. */
function userDataTexts(value: string, base64: boolean): string[] {
    const texts = [value];
    if (base64) {
        const bytes = Buffer.from(value, "base64");
        texts.push(bytes.toString("utf8"));
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
            try {
                texts.push(gunzipSync(bytes).toString("utf8"));
            } catch {
                // Not gzip after all: the raw and decoded texts are checked.
            }
        }
    }
    return texts;
}

export const noSecretsInUserData: ResourceValidationPolicy = {
    name: "no-secrets-in-user-data",
    description: "Checks whether instance user data is free of AWS keys and private keys.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("own", "no-secrets-in-user-data", "User data carries no credentials"),
    tags: ["checkov:CKV_AWS_46"],
    remediationSteps: "Remove credentials from user data (anyone with ec2:DescribeInstanceAttribute reads it); give the instance a role and read secrets at boot from Secrets Manager or SSM Parameter Store. Rotate the exposed key.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.launchTemplate, T.instance], (props, args, report) => {
        const v = new Verdicts(report);
        const fields = args.type === T.launchTemplate ? [{ key: "userData", base64: true }] : [{ key: "userData", base64: false }, { key: "userDataBase64", base64: true }];
        for (const { key, base64 } of fields) {
            const data = read<unknown>(props, key);
            v.note(data);
            if (typeof data !== "string") {
                continue;
            }
            const texts = userDataTexts(data, base64);
            const found = SECRET_PATTERNS.filter((p) => texts.some((t) => p.re.test(t))).map((p) => p.what);
            if (found.length > 0) {
                v.fail(`User data must not contain secrets (found ${found.join(", ")} in ${key}); give the instance a role and read secrets at boot from Secrets Manager or SSM Parameter Store.`);
            }
        }
        v.settle();
    }),
};

export const eksPolicies: Policies = [
    eksEndpointNotPublic,
    eksSecretsEncryption,
    eksControlPlaneLogging,
    eksSupportedVersion,
    eksAccessEntries,
    eksDeletionProtection,
    nodegroupNoRemoteSsh,
    nodesInPrivateSubnets,
    launchTemplateImdsv2,
    launchTemplateEbsEncrypted,
    launchTemplateNoPublicIp,
    noSecretsInUserData,
];
