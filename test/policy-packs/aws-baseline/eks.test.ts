import { expect } from "chai";
import { gzipSync } from "zlib";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import {
    eksAccessEntries,
    eksControlPlaneLogging,
    eksDeletionProtection,
    eksEndpointNotPublic,
    eksPolicies,
    eksSecretsEncryption,
    eksSupportedVersion,
    launchTemplateEbsEncrypted,
    launchTemplateImdsv2,
    launchTemplateNoPublicIp,
    nodegroupNoRemoteSsh,
    nodesInPrivateSubnets,
    noSecretsInUserData,
} from "../../../policy-packs/aws-baseline/policies/eks";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const VOLUME = "aws:ebs/volume:Volume";
const EBS_DEFAULT = "aws:ebs/encryptionByDefault:EncryptionByDefault";
const SUBNET = "aws:ec2/subnet:Subnet";


function expectUnknownOnly(r: PolicyRun): void {
    expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

/** A cluster as EksCluster makes it: private endpoint, secrets encrypted, all logs, API access. */
const goodCluster = {
    roleArn: "<computed>",
    version: "1.34",
    vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: ["<computed>", "<computed>"] },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: "<computed>" } },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    deletionProtection: true,
};
const cluster = (inputs: Record<string, unknown> = {}): ResourceSpec => ({ type: CLUSTER, name: "dev", urn: urn(CLUSTER, "dev"), inputs: { ...goodCluster, ...inputs } });
const vpcConfig = (c: Record<string, unknown>) => ({ vpcConfig: { subnetIds: ["<computed>"], ...c } });

describe("eks policies", () => {
    it("exports every EKS and node policy once, with catalog metadata", () => {
        expect(eksPolicies.map((p) => p.name)).to.deep.equal([
            "eks-endpoint-not-public",
            "eks-secrets-encryption",
            "eks-control-plane-logging",
            "eks-supported-version",
            "eks-access-entries",
            "eks-deletion-protection",
            "nodegroup-no-remote-ssh",
            "nodes-in-private-subnets",
            "launch-template-imdsv2",
            "launch-template-ebs-encrypted",
            "launch-template-no-public-ip",
            "no-secrets-in-user-data",
        ]);
        for (const p of eksPolicies) {
            expect(p.description, p.name).to.match(/^Checks whether /);
            expect(p.remediationSteps, p.name).to.be.a("string").and.not.equal("");
            expect(p.configSchema, p.name).to.have.property("properties");
        }
    });

    it("passes the compliant cluster on every cluster policy", async () => {
        for (const p of [eksEndpointNotPublic, eksSecretsEncryption, eksControlPlaneLogging, eksSupportedVersion, eksAccessEntries]) {
            const r = await runPolicy(p, cluster());
            expect(r.messages, p.name).to.deep.equal([]);
            expect(r.outcome, p.name).to.equal("pass");
        }
    });
});

describe("eks-endpoint-not-public", () => {
    const PRIVATE = "EKS private endpoint access must be on so that nodes reach the API inside the VPC; set vpcConfig.endpointPrivateAccess: true.";
    const PUBLIC = "EKS endpoint must not be public; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs (unset means 0.0.0.0/0).";

    it("rejects a vpcConfig with only subnets (public endpoint, no private access by default)", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({})));
        expect(r.reported).to.deep.equal([PRIVATE, PUBLIC]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory", "mandatory"]);
    });
    it("rejects private access off", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: false, endpointPublicAccess: false })));
        expect(r.reported).to.deep.equal([PRIVATE]);
    });
    it("rejects a public endpoint with publicAccessCidrs unset or empty", async () => {
        expect((await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, endpointPublicAccess: true })))).reported).to.deep.equal([PUBLIC]);
        expect((await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: [] })))).reported).to.deep.equal([PUBLIC]);
    });
    it("rejects a public endpoint open to ::/0 even when allowed in config", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: ["::/0"] })), { allowedPublicCidrs: ["::/0"] });
        expect(r.reported).to.deep.equal(["EKS endpoint must not be public to ::/0; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs from allowedPublicCidrs."]);
    });
    it("rejects a public endpoint open to 0.0.0.0/0 even when allowed in config", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })), { allowedPublicCidrs: ["0.0.0.0/0"] });
        expect(r.reported).to.deep.equal(["EKS endpoint must not be public to 0.0.0.0/0; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs from allowedPublicCidrs."]);
    });
    it("rejects a public CIDR not in allowedPublicCidrs (default none)", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })));
        expect(r.reported).to.deep.equal(["EKS endpoint public CIDR 203.0.113.0/24 is not in allowedPublicCidrs; set vpcConfig.endpointPublicAccess: false or list only allowed CIDRs."]);
    });
    it("passes a public endpoint limited to CIDRs from allowedPublicCidrs", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })), { allowedPublicCidrs: ["203.0.113.0/24", "198.51.100.7/32"] });
        expect(r.messages).to.deep.equal([]);
    });
    it("ignores publicAccessCidrs when the public endpoint is off", async () => {
        const r = await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, endpointPublicAccess: false, publicAccessCidrs: ["0.0.0.0/0"] })));
        expect(r.messages).to.deep.equal([]);
    });
    it("does not fail on values unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, endpointPublicAccess: "<computed>" }))));
        expectUnknownOnly(await runPolicy(eksEndpointNotPublic, cluster(vpcConfig({ endpointPrivateAccess: true, publicAccessCidrs: ["<computed>"] }))));
    });
});

describe("eks-secrets-encryption", () => {
    it("rejects a cluster without encryptionConfig (provider default: none)", async () => {
        const r = await runPolicy(eksSecretsEncryption, cluster({ encryptionConfig: undefined }));
        expect(r.reported).to.deep.equal(['EKS secrets must be encrypted with a KMS key; set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.']);
    });
    it("rejects an encryptionConfig that does not cover secrets", async () => {
        const r = await runPolicy(eksSecretsEncryption, cluster({ encryptionConfig: { resources: [], provider: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/k" } } }));
        expect(r.reported).to.deep.equal(['EKS encryptionConfig must cover secrets; set encryptionConfig.resources: ["secrets"].']);
    });
    it("rejects an encryptionConfig without a key", async () => {
        const r = await runPolicy(eksSecretsEncryption, cluster({ encryptionConfig: { resources: ["secrets"], provider: {} } }));
        expect(r.reported).to.deep.equal(["EKS secrets encryption needs a KMS key; set encryptionConfig.provider.keyArn."]);
    });
    it("counts a key ARN unknown until apply as set", async () => {
        const r = await runPolicy(eksSecretsEncryption, cluster({ encryptionConfig: { resources: ["secrets"], provider: "<computed>" } }));
        expect(r.outcome).to.equal("pass");
    });
    it("does not fail on an encryptionConfig unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(eksSecretsEncryption, cluster({ encryptionConfig: "<computed>" })));
    });
});

describe("eks-control-plane-logging", () => {
    it("rejects missing log types, naming them", async () => {
        const r = await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: ["api", "authenticator", "controllerManager"] }));
        expect(r.reported).to.deep.equal(["EKS control plane logging must include audit, scheduler; add them to enabledClusterLogTypes."]);
    });
    it("rejects logging unset (provider default: none)", async () => {
        const r = await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: undefined }));
        expect(r.reported).to.deep.equal(["EKS control plane logging must include api, audit, authenticator, controllerManager, scheduler; add them to enabledClusterLogTypes."]);
    });
    it("requires only the configured log types", async () => {
        const r = await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: ["audit", "authenticator"] }), { requiredLogTypes: ["audit", "authenticator"] });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not fail on a list unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: "<computed>" })));
    });
});

describe("eks-supported-version (stack)", () => {
    const group = (version: unknown, name = "dev-system"): ResourceSpec => ({
        type: NODE_GROUP,
        name,
        urn: urn(NODE_GROUP, name),
        inputs: { clusterName: "<computed>", version, subnetIds: ["<computed>"] },
        propertyDependencies: { clusterName: [urn(CLUSTER, "dev")] },
    });

    it("defaults to the versions pinned in components/cluster/versions.ts", () => {
        const schema = eksSupportedVersion.configSchema!.properties.supportedVersions as { default: string[] };
        expect(schema.default).to.deep.equal([...SUPPORTED_VERSIONS]);
    });
    it("passes a supported cluster with node groups at its version or unset", async () => {
        const r = await runPolicy(eksSupportedVersion, [cluster(), group("1.34"), group(undefined, "dev-batch")]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes a cluster with version unset (EKS picks its newest)", async () => {
        expect((await runPolicy(eksSupportedVersion, [cluster({ version: undefined })])).outcome).to.equal("pass");
    });
    it("flags an unsupported cluster version at the cluster's URN", async () => {
        const r = await runPolicy(eksSupportedVersion, [cluster({ version: "1.28" })]);
        expect(r.reported).to.deep.equal([`EKS version 1.28 is not supported; set version to one of ${SUPPORTED_VERSIONS.join(", ")} and upgrade.`]);
        expect(r.findings[0].urn).to.equal(urn(CLUSTER, "dev"));
    });
    it("flags a node group behind its cluster at the node group's URN", async () => {
        const r = await runPolicy(eksSupportedVersion, [cluster(), group("1.33")]);
        expect(r.reported).to.deep.equal(["Node group version 1.33 differs from its cluster's 1.34; set version to the cluster's version or leave it unset."]);
        expect(r.findings[0].urn).to.equal(urn(NODE_GROUP, "dev-system"));
    });
    it("flags an unsupported node group version", async () => {
        const r = await runPolicy(eksSupportedVersion, [cluster({ version: "1.29" }), group("1.29")], { supportedVersions: ["1.33", "1.34"] });
        expect(r.reported).to.deep.equal([
            "EKS version 1.29 is not supported; set version to one of 1.33, 1.34 and upgrade.",
            "Node group version 1.29 is not supported; set version to one of 1.33, 1.34 (or leave it unset to follow the cluster).",
        ]);
    });
    it("takes the supported list from config", async () => {
        expect((await runPolicy(eksSupportedVersion, [cluster({ version: "1.36" })], { supportedVersions: ["1.36"] })).messages).to.deep.equal([]);
    });
    it("does not decide on a node group version unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(eksSupportedVersion, [cluster(), group("<computed>")]));
    });
});

describe("eks-access-entries", () => {
    const BREAK_GLASS = "arn:aws:iam::111122223333:role/break-glass";
    const ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    const association = (principalArn: unknown, policyArn = ADMIN_POLICY): ResourceSpec => ({
        type: ASSOCIATION,
        inputs: { clusterName: "dev", principalArn, policyArn, accessScope: { type: "cluster" } },
    });

    it("rejects authentication mode unset (CONFIG_MAP) and API_AND_CONFIG_MAP", async () => {
        const unset = await runPolicy(eksAccessEntries, cluster({ accessConfig: { bootstrapClusterCreatorAdminPermissions: false } }));
        expect(unset.reported).to.deep.equal(['EKS authentication mode is CONFIG_MAP; set accessConfig.authenticationMode: "API" so that access is granted only through access entries.']);
        const both = await runPolicy(eksAccessEntries, cluster({ accessConfig: { authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false } }));
        expect(both.reported).to.deep.equal(['EKS authentication mode is API_AND_CONFIG_MAP; set accessConfig.authenticationMode: "API" so that access is granted only through access entries.']);
    });
    it("rejects creator admin bootstrap, also when unset (default true)", async () => {
        const MSG = "EKS cluster creator must not get cluster-admin at creation; set accessConfig.bootstrapClusterCreatorAdminPermissions: false and grant access with access entries.";
        expect((await runPolicy(eksAccessEntries, cluster({ accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true } }))).reported).to.deep.equal([MSG]);
        expect((await runPolicy(eksAccessEntries, cluster({ accessConfig: { authenticationMode: "API" } }))).reported).to.deep.equal([MSG]);
    });
    it("rejects accessConfig unset on both counts", async () => {
        const r = await runPolicy(eksAccessEntries, cluster({ accessConfig: undefined }));
        expect(r.reported).to.deep.equal([
            'EKS authentication mode is CONFIG_MAP; set accessConfig.authenticationMode: "API" so that access is granted only through access entries.',
            "EKS cluster creator must not get cluster-admin at creation; set accessConfig.bootstrapClusterCreatorAdminPermissions: false and grant access with access entries.",
        ]);
    });
    it("flags cluster-admin for a principal not listed (the default list approves none)", async () => {
        const r = await runPolicy(eksAccessEntries, association("arn:aws:iam::111122223333:role/ci"));
        expect(r.reported).to.deep.equal([
            "Cluster-admin (AmazonEKSClusterAdminPolicy) is only for principals in clusterAdminPrincipals; grant arn:aws:iam::111122223333:role/ci a narrower access policy or add it to clusterAdminPrincipals.",
        ]);
    });
    it("passes cluster-admin for a listed principal and narrower policies for anyone", async () => {
        expect((await runPolicy(eksAccessEntries, association(BREAK_GLASS), { clusterAdminPrincipals: [BREAK_GLASS] })).messages).to.deep.equal([]);
        const view = association("arn:aws:iam::111122223333:role/dev", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
        expect((await runPolicy(eksAccessEntries, view)).messages).to.deep.equal([]);
    });
    it("flags an access entry mapping an unlisted principal to system:masters", async () => {
        const entry = { type: ACCESS_ENTRY, inputs: { clusterName: "dev", principalArn: "arn:aws:iam::111122223333:role/ops", kubernetesGroups: ["system:masters"] } };
        const r = await runPolicy(eksAccessEntries, entry);
        expect(r.reported).to.deep.equal([
            "Access entry for arn:aws:iam::111122223333:role/ops must not map to system:masters; grant access with an access policy association or a narrower Kubernetes group.",
        ]);
        expect((await runPolicy(eksAccessEntries, { ...entry, inputs: { ...entry.inputs, kubernetesGroups: ["platform-viewers"] } })).messages).to.deep.equal([]);
    });
    it("does not decide on a principal unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(eksAccessEntries, association("<computed>")));
    });
});

describe("eks-deletion-protection", () => {
    it("is not applicable unless the stack requires protection (default)", async () => {
        const r = await runPolicy(eksDeletionProtection, cluster({ deletionProtection: undefined }));
        expect(r.outcome).to.equal("notApplicable");
    });
    it("passes a protected cluster when required", async () => {
        const r = await runPolicy(eksDeletionProtection, { ...cluster(), protect: true }, { requireProtection: true });
        expect(r.outcome).to.equal("pass");
    });
    it("requires deletionProtection (unset means off) and the protect option when required", async () => {
        const r = await runPolicy(eksDeletionProtection, cluster({ deletionProtection: undefined }), { requireProtection: true });
        expect(r.reported).to.deep.equal([
            "EKS cluster deletion protection must be on for this stack; set deletionProtection: true.",
            "EKS cluster must be protected from deletion by Pulumi on this stack; set the resource option protect: true.",
        ]);
    });
});

describe("nodegroup-no-remote-ssh", () => {
    const MSG = "Node group SSH must not be open to the internet (remoteAccess without sourceSecurityGroupIds admits 0.0.0.0/0); remove remoteAccess or list remoteAccess.sourceSecurityGroupIds.";
    const group = (remoteAccess: unknown): ResourceSpec => ({ type: NODE_GROUP, inputs: { clusterName: "dev", subnetIds: ["<computed>"], remoteAccess } });

    it("passes a node group without remoteAccess (unset)", async () => {
        expect((await runPolicy(nodegroupNoRemoteSsh, group(undefined))).outcome).to.equal("pass");
    });
    it("passes SSH limited to listed security groups, also when their ids are unknown until apply", async () => {
        expect((await runPolicy(nodegroupNoRemoteSsh, group({ ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] }))).outcome).to.equal("pass");
        expect((await runPolicy(nodegroupNoRemoteSsh, group({ ec2SshKey: "ops", sourceSecurityGroupIds: "<computed>" }))).outcome).to.equal("pass");
    });
    it("rejects a key with no source security groups, or an empty list", async () => {
        expect((await runPolicy(nodegroupNoRemoteSsh, group({ ec2SshKey: "ops" }))).reported).to.deep.equal([MSG]);
        expect((await runPolicy(nodegroupNoRemoteSsh, group({ ec2SshKey: "ops", sourceSecurityGroupIds: [] }))).reported).to.deep.equal([MSG]);
    });
    it("does not fail on remoteAccess unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(nodegroupNoRemoteSsh, group("<computed>")));
    });
});

describe("nodes-in-private-subnets (stack)", () => {
    const subnet = (name: string, inputs: Record<string, unknown>): ResourceSpec => ({ type: SUBNET, name, urn: urn(SUBNET, name), inputs: { vpcId: "<computed>", ...inputs } });
    const privateA = subnet("spoke-private-a", { tags: { "kubernetes.io/role/internal-elb": "1" } });
    const publicA = subnet("spoke-public-a", { mapPublicIpOnLaunch: false, tags: { "kubernetes.io/role/elb": "1" } });
    const group = (...subnets: ResourceSpec[]): ResourceSpec => ({
        type: NODE_GROUP,
        name: "dev-system",
        urn: urn(NODE_GROUP, "dev-system"),
        inputs: { clusterName: "dev", subnetIds: subnets.map(() => "<computed>") },
        propertyDependencies: { subnetIds: subnets.map((s) => s.urn!) },
    });

    it("passes node groups in private subnets", async () => {
        expect((await runPolicy(nodesInPrivateSubnets, [privateA, publicA, group(privateA)])).outcome).to.equal("pass");
    });
    it("flags a node group in a subnet tagged for public load balancers", async () => {
        const r = await runPolicy(nodesInPrivateSubnets, [privateA, publicA, group(privateA, publicA)]);
        expect(r.reported).to.deep.equal(["Node group must run in private subnets; subnet spoke-public-a is tagged kubernetes.io/role/elb: use the private subnet tier's ids in subnetIds."]);
        expect(r.findings[0].urn).to.equal(urn(NODE_GROUP, "dev-system"));
    });
    it("flags a node group in a subnet that maps public IPs", async () => {
        const mapping = subnet("spoke-x", { mapPublicIpOnLaunch: true });
        const r = await runPolicy(nodesInPrivateSubnets, [mapping, group(mapping)]);
        expect(r.reported).to.deep.equal(["Node group must run in private subnets; subnet spoke-x assigns public IPs on launch: use the private subnet tier's ids in subnetIds."]);
    });
    it("reads the public tag named in config", async () => {
        const tagged = subnet("edge", { tags: { "tier:public": "true" } });
        expect((await runPolicy(nodesInPrivateSubnets, [tagged, group(tagged)])).messages).to.deep.equal([]);
        expect((await runPolicy(nodesInPrivateSubnets, [tagged, group(tagged)], { publicSubnetTag: "tier:public" })).reported).to.have.length(1);
    });
});

describe("launch-template-imdsv2", () => {
    const TOKENS = 'Instance metadata must require IMDSv2 tokens; set metadataOptions.httpTokens: "required" (unset means "optional").';
    const lt = (metadataOptions: unknown): ResourceSpec => ({ type: LAUNCH_TEMPLATE, inputs: { metadataOptions } });

    it("passes required tokens with hop limit 2, or unset (default 1)", async () => {
        expect((await runPolicy(launchTemplateImdsv2, lt({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 }))).outcome).to.equal("pass");
        expect((await runPolicy(launchTemplateImdsv2, lt({ httpTokens: "required" }))).outcome).to.equal("pass");
    });
    it("rejects optional tokens, and metadataOptions unset", async () => {
        expect((await runPolicy(launchTemplateImdsv2, lt({ httpTokens: "optional" }))).reported).to.deep.equal([TOKENS]);
        expect((await runPolicy(launchTemplateImdsv2, lt(undefined))).reported).to.deep.equal([TOKENS]);
    });
    it("rejects a hop limit above the maximum, and takes the maximum from config", async () => {
        const r = await runPolicy(launchTemplateImdsv2, lt({ httpTokens: "required", httpPutResponseHopLimit: 3 }));
        expect(r.reported).to.deep.equal(["Instance metadata hop limit 3 exceeds 2; set metadataOptions.httpPutResponseHopLimit to 2 or less."]);
        const strict = await runPolicy(launchTemplateImdsv2, lt({ httpTokens: "required", httpPutResponseHopLimit: 2 }), { maxHopLimit: 1 });
        expect(strict.reported).to.deep.equal(["Instance metadata hop limit 2 exceeds 1; set metadataOptions.httpPutResponseHopLimit to 1 or less."]);
    });
    it("passes metadata turned off", async () => {
        expect((await runPolicy(launchTemplateImdsv2, lt({ httpEndpoint: "disabled" }))).outcome).to.equal("pass");
    });
    it("checks instances too", async () => {
        const r = await runPolicy(launchTemplateImdsv2, { type: INSTANCE, inputs: { ami: "ami-1", instanceType: "t3.micro" } });
        expect(r.reported).to.deep.equal([TOKENS]);
    });
    it("does not fail on tokens unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(launchTemplateImdsv2, lt({ httpTokens: "<computed>" })));
    });
});

describe("launch-template-ebs-encrypted", () => {
    const lt = (ebs: unknown): ResourceSpec => ({ type: LAUNCH_TEMPLATE, inputs: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs }] } });

    it("passes encrypted block devices (string or boolean) and a template without mappings", async () => {
        expect((await runPolicy(launchTemplateEbsEncrypted, lt({ encrypted: "true", kmsKeyId: "<computed>", volumeSize: 50 }))).outcome).to.equal("pass");
        expect((await runPolicy(launchTemplateEbsEncrypted, lt({ encrypted: true }))).outcome).to.equal("pass");
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: LAUNCH_TEMPLATE, inputs: {} })).outcome).to.equal("pass");
    });
    it("rejects a block device with encrypted unset or false", async () => {
        const MSG = 'EBS volume /dev/xvda must be encrypted; set blockDeviceMappings[0].ebs.encrypted: "true".';
        expect((await runPolicy(launchTemplateEbsEncrypted, lt({ volumeSize: 50 }))).reported).to.deep.equal([MSG]);
        expect((await runPolicy(launchTemplateEbsEncrypted, lt({ encrypted: "false" }))).reported).to.deep.equal([MSG]);
    });
    it("rejects an unencrypted volume (unset means unencrypted)", async () => {
        const r = await runPolicy(launchTemplateEbsEncrypted, { type: VOLUME, inputs: { availabilityZone: "eu-west-1a", size: 10 } });
        expect(r.reported).to.deep.equal(["EBS volume must be encrypted; set encrypted: true (unset means unencrypted)."]);
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: VOLUME, inputs: { availabilityZone: "eu-west-1a", encrypted: true } })).outcome).to.equal("pass");
    });
    it("rejects EBS encryption by default turned off; unset is on", async () => {
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: EBS_DEFAULT, inputs: { enabled: false } })).reported).to.deep.equal(["EBS encryption by default must be on; set enabled: true."]);
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: EBS_DEFAULT, inputs: {} })).outcome).to.equal("pass");
    });
    it("checks instance root and EBS block devices", async () => {
        const r = await runPolicy(launchTemplateEbsEncrypted, { type: INSTANCE, inputs: { rootBlockDevice: { volumeSize: 20 }, ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }, { deviceName: "/dev/sdg" }] } });
        expect(r.reported).to.deep.equal([
            "EBS volume rootBlockDevice must be encrypted; set rootBlockDevice.encrypted: true.",
            "EBS volume ebsBlockDevices[1] must be encrypted; set ebsBlockDevices[1].encrypted: true.",
        ]);
    });
    it("does not fail on encryption unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(launchTemplateEbsEncrypted, lt({ encrypted: "<computed>" })));
    });
});

describe("launch-template-no-public-ip", () => {
    it("passes interfaces without a public IP, unset or false", async () => {
        const r = await runPolicy(launchTemplateNoPublicIp, { type: LAUNCH_TEMPLATE, inputs: { networkInterfaces: [{ deviceIndex: 0 }, { deviceIndex: 1, associatePublicIpAddress: "false" }] } });
        expect(r.outcome).to.equal("pass");
    });
    it("rejects an interface that associates a public IP", async () => {
        const r = await runPolicy(launchTemplateNoPublicIp, { type: LAUNCH_TEMPLATE, inputs: { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] } });
        expect(r.reported).to.deep.equal(['Launch template network interface 0 must not get a public IP; set networkInterfaces[0].associatePublicIpAddress: "false" or leave it unset.']);
    });
    it("rejects an instance with a public IP, passes one with it unset", async () => {
        expect((await runPolicy(launchTemplateNoPublicIp, { type: INSTANCE, inputs: { associatePublicIpAddress: true } })).reported).to.deep.equal([
            "EC2 instance must not get a public IP; set associatePublicIpAddress: false.",
        ]);
        expect((await runPolicy(launchTemplateNoPublicIp, { type: INSTANCE, inputs: {} })).outcome).to.equal("pass");
    });
    it("does not fail on a value unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(launchTemplateNoPublicIp, { type: LAUNCH_TEMPLATE, inputs: { networkInterfaces: [{ associatePublicIpAddress: "<computed>" }] } }));
    });
});

describe("no-secrets-in-user-data", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const FIX = "give the instance a role and read secrets at boot from Secrets Manager or SSM Parameter Store.";
    const nodeadm = "MIME-Version: 1.0\n\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: dev\n";

    it("passes ordinary node user data", async () => {
        expect((await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: { userData: b64(nodeadm) } })).outcome).to.equal("pass");
    });
    it("finds an access key id in base64 launch template user data", async () => {
        const r = await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: { userData: b64(`${nodeadm}export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n`) } });
        expect(r.reported).to.deep.equal([`User data must not contain secrets (found an AWS access key id in userData); ${FIX}`]);
    });
    it("finds a private key and a secret key in gzipped user data", async () => {
        const text = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\naws_secret_access_key = x\n";
        const r = await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: { userData: gzipSync(Buffer.from(text)).toString("base64") } });
        expect(r.reported).to.deep.equal([`User data must not contain secrets (found a private key, an AWS secret access key in userData); ${FIX}`]);
    });
    it("reads instance userData as plain text and userDataBase64 decoded", async () => {
        expect((await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userData: "echo ASIAABCDEFGHIJKLMNOP" } })).reported).to.deep.equal([
            `User data must not contain secrets (found an AWS access key id in userData); ${FIX}`,
        ]);
        expect((await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userDataBase64: b64("AKIAABCDEFGHIJKLMNOP") } })).reported).to.deep.equal([
            `User data must not contain secrets (found an AWS access key id in userDataBase64); ${FIX}`,
        ]);
    });
    it("passes user data unset, and does not fail on user data unknown until apply", async () => {
        expect((await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: {} })).outcome).to.equal("pass");
        expectUnknownOnly(await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: { userData: "<computed>" } }));
    });
});
