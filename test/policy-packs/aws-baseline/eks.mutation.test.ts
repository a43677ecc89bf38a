import { expect } from "chai";
import { gzipSync } from "zlib";
import { eksAccessEntries, eksControlPlaneLogging, eksEndpointNotPublic, eksSecretsEncryption, eksSupportedVersion, launchTemplateEbsEncrypted, noSecretsInUserData } from "../../../policy-packs/aws-baseline/policies/eks";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource, PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/**
 * EKS and node rules, one condition at a time (issue #15): each case fails if the rule stops
 * catching it, or starts refusing what it must allow. eks.test.ts describes the rules.
 */

const CLUSTER = "aws:eks/cluster:Cluster";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";

const cluster = (inputs: Record<string, unknown>): ResourceSpec => ({ type: CLUSTER, inputs: { roleArn: "<computed>", ...inputs } });
const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

describe("eks-secrets-encryption, condition by condition", () => {
    const covers = 'EKS encryptionConfig must cover secrets; set encryptionConfig.resources: ["secrets"].';
    const run = (encryptionConfig: unknown) => runPolicy(eksSecretsEncryption, cluster({ encryptionConfig }));

    it("rejects secrets encryption configured for configmaps only", async () => {
        expect((await run({ resources: ["configmaps"], provider: { keyArn: KEY } })).reported).to.deep.equal([covers]);
    });
    it("rejects resources unset (nothing covered), and passes secrets among other resources", async () => {
        expect((await run({ provider: { keyArn: KEY } })).reported).to.deep.equal([covers]);
        expect((await run({ resources: ["configmaps", "secrets"], provider: { keyArn: KEY } })).outcome).to.equal("pass");
    });
    it("reads the older list-of-one form, and an empty list as no encryption", async () => {
        expect((await run([{ resources: ["configmaps"], provider: { keyArn: KEY } }])).reported).to.deep.equal([covers]);
        expect((await run([{ resources: ["secrets"], provider: { keyArn: KEY } }])).outcome).to.equal("pass");
        expect((await run([])).reported).to.deep.equal(['EKS secrets must be encrypted with a KMS key; set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.']);
    });
    it("rejects a provider unset, with both findings when resources miss secrets too", async () => {
        expect((await run({ resources: ["configmaps"] })).reported).to.deep.equal([covers, "EKS secrets encryption needs a KMS key; set encryptionConfig.provider.keyArn."]);
    });
    it("can't decide before apply when the resource list is unknown (advisory, not a pass)", async () => {
        const r = await run({ resources: "<computed>", provider: { keyArn: KEY } });
        expect(levels(r)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("can't decide before apply when an entry of the list is unknown and none is secrets", async () => {
        const r = await run({ resources: ["configmaps", "<computed>"], provider: { keyArn: KEY } });
        expect(r.outcome).to.equal("unknown");
    });
    it("passes when a known entry is secrets beside an unknown one", async () => {
        expect((await run({ resources: ["<computed>", "secrets"], provider: { keyArn: KEY } })).outcome).to.equal("pass");
    });
    it("still reports a missing key when resources are unknown (a known failure wins)", async () => {
        const r = await run({ resources: "<computed>", provider: {} });
        expect(r.reported).to.deep.equal(["EKS secrets encryption needs a KMS key; set encryptionConfig.provider.keyArn."]);
        expect(levels(r)).to.deep.equal(["mandatory"]);
    });
});

describe("eks-endpoint-not-public, condition by condition", () => {
    const run = (vpcConfig: unknown, config: Record<string, unknown> = {}) => runPolicy(eksEndpointNotPublic, cluster({ vpcConfig }), config);
    const privateOff = "EKS private endpoint access must be on so that nodes reach the API inside the VPC; set vpcConfig.endpointPrivateAccess: true.";
    const publicAll = "EKS endpoint must not be public; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs (unset means 0.0.0.0/0).";

    it("passes a private-only endpoint", async () => {
        expect((await run({ endpointPrivateAccess: true, endpointPublicAccess: false })).outcome).to.equal("pass");
    });
    it("rejects private access unset (the provider default is off) and public access unset (default on)", async () => {
        expect((await run({})).reported).to.deep.equal([privateOff, publicAll]);
    });
    it("rejects ::/0 and 0.0.0.0/0 among listed CIDRs, and a CIDR not in allowedPublicCidrs", async () => {
        const r = await run({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "::/0", " 198.51.100.0/24"] }, { allowedPublicCidrs: ["198.51.100.0/24"] });
        expect(r.reported).to.deep.equal([
            'EKS endpoint public CIDR 203.0.113.0/24 is not in allowedPublicCidrs; set vpcConfig.endpointPublicAccess: false or list only allowed CIDRs.',
            'EKS endpoint must not be public to ::/0; set vpcConfig.endpointPublicAccess: false or list publicAccessCidrs from allowedPublicCidrs.',
        ]);
    });
    it("ignores the CIDR list when public access is off", async () => {
        expect((await run({ endpointPrivateAccess: true, endpointPublicAccess: false, publicAccessCidrs: ["0.0.0.0/0"] })).outcome).to.equal("pass");
    });
    it("can't decide before apply when vpcConfig is unknown", async () => {
        const r = await run("<computed>");
        expect(levels(r)).to.deep.equal(["advisory"]);
    });
});

describe("eks-control-plane-logging, each log type", () => {
    for (const missing of ["api", "audit", "authenticator", "controllerManager", "scheduler"]) {
        it(`rejects a cluster without ${missing}`, async () => {
            const all = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
            const r = await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: all.filter((t) => t !== missing) }));
            expect(r.reported).to.deep.equal([`EKS control plane logging must include ${missing}; add them to enabledClusterLogTypes.`]);
        });
    }
    it("can't decide before apply when an entry is unknown and a type is missing; passes when all are known", async () => {
        const r = await runPolicy(eksControlPlaneLogging, cluster({ enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "<computed>"] }));
        expect(r.outcome).to.equal("unknown");
    });
});

describe("no-secrets-in-user-data, each pattern and encoding", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const FIX = "give the instance a role and read secrets at boot from Secrets Manager or SSM Parameter Store.";
    const found = (what: string, key = "userData") => `User data must not contain secrets (found ${what} in ${key}); ${FIX}`;
    const template = async (userData: string) => (await runPolicy(noSecretsInUserData, { type: LAUNCH_TEMPLATE, inputs: { userData } })).reported;

    it("finds a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)", async () => {
        expect(await template(b64("#!/bin/bash\ncat > key <<EOF\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\nEOF\n"))).to.deep.equal([found("a private key")]);
    });
    it("finds the RSA, EC, OPENSSH and ENCRYPTED forms and a PGP private key block", async () => {
        for (const header of ["RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]) {
            expect(await template(b64(`-----BEGIN ${header}-----\nx\n`)), header).to.deep.equal([found("a private key")]);
        }
    });
    it("does not take a public key or certificate for a private key", async () => {
        expect(await template(b64("-----BEGIN PUBLIC KEY-----\nx\n-----BEGIN CERTIFICATE-----\ny\n"))).to.deep.equal([]);
    });
    it("finds an ASIA (temporary) key id and a secret key name in any case; not a key id inside a longer word", async () => {
        expect(await template(b64("ASIAABCDEFGHIJKLMNOP"))).to.deep.equal([found("an AWS access key id")]);
        expect(await template(b64("AWS_SECRET_ACCESS_KEY=x"))).to.deep.equal([found("an AWS secret access key")]);
        expect(await template(b64("XAKIAABCDEFGHIJKLMNOP"))).to.deep.equal([]);
        expect(await template(b64("AKIAABCDEFGHIJKLMNO"))).to.deep.equal([]);
    });
    it("finds a secret in launch template user data given as plain text (not base64)", async () => {
        expect(await template("-----BEGIN PRIVATE KEY-----")).to.deep.equal([found("a private key")]);
    });
    it("finds a PKCS#8 key in gzipped userDataBase64 of an instance, and not in its plain userData when that is base64", async () => {
        const gz = gzipSync(Buffer.from("-----BEGIN PRIVATE KEY-----\n")).toString("base64");
        expect((await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userDataBase64: gz } })).reported).to.deep.equal([found("a private key", "userDataBase64")]);
        // Instance userData is plain text: AWS encodes it. Base64 text there is not decoded.
        expect((await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userData: b64("-----BEGIN PRIVATE KEY-----\n") } })).reported).to.deep.equal([]);
    });
    it("reads data that starts like gzip but is not, without failing", async () => {
        const notGzip = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("AKIAABCDEFGHIJKLMNOP")]).toString("base64");
        expect(await template(notGzip)).to.deep.equal([found("an AWS access key id")]);
    });
    it("reports both fields of an instance, and can't decide before apply on an unknown field when the known one is clean", async () => {
        const r = await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userData: "AKIAABCDEFGHIJKLMNOP", userDataBase64: b64("-----BEGIN PRIVATE KEY-----") } });
        expect(r.reported).to.deep.equal([found("an AWS access key id"), found("a private key", "userDataBase64")]);
        const unknown = await runPolicy(noSecretsInUserData, { type: INSTANCE, inputs: { userData: "echo ok", userDataBase64: "<computed>" } });
        expect(unknown.outcome).to.equal("unknown");
    });
});

describe("eks-supported-version: a node group beside its cluster", () => {
    const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
    const CLUSTER_URN = `urn:pulumi:test::platform::${CLUSTER}::dev`;
    const dev = (version: unknown): ResourceSpec => ({ type: CLUSTER, name: "dev", urn: CLUSTER_URN, inputs: { roleArn: "<computed>", version } });
    const group = (version: unknown, linked = true): ResourceSpec => ({
        type: NODE_GROUP,
        name: "dev-system",
        inputs: { clusterName: "<computed>", version, subnetIds: ["<computed>"] },
        propertyDependencies: linked ? { clusterName: [CLUSTER_URN] } : {},
    });
    it("can't decide before apply when the group's version is set and its cluster's is unknown", async () => {
        expect((await runPolicy(eksSupportedVersion, [dev("<computed>"), group("1.34")])).outcome).to.equal("unknown");
    });
    it("passes a group at a supported version whose cluster the plan does not show", async () => {
        expect((await runPolicy(eksSupportedVersion, [group("1.34", false)])).outcome).to.equal("pass");
    });
});

describe("eks-access-entries: associations with fields unset", () => {
    const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
    const ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    it("flags cluster-admin for an association without a principal (none is listed)", async () => {
        const r = await runPolicy(eksAccessEntries, { type: ASSOCIATION, inputs: { clusterName: "dev", policyArn: ADMIN_POLICY, accessScope: { type: "cluster" } } }, { clusterAdminPrincipals: ["arn:aws:iam::1:role/x"] });
        expect(r.reported).to.have.length(1);
    });
    it("passes an association without a policy ARN", async () => {
        expect((await runPolicy(eksAccessEntries, { type: ASSOCIATION, inputs: { clusterName: "dev", principalArn: "arn:aws:iam::1:role/x", accessScope: { type: "cluster" } } })).outcome).to.equal("pass");
    });
});

describe("falling back to the defaults when the engine passes no config", () => {
    const validate = (policy: { validateResource?: unknown }, spec: ResourceSpec) => {
        const reported: string[] = [];
        (policy.validateResource as (a: unknown, r: (m: string) => void) => void)(resourceArgs(planResource(spec), new Map(), {}), (m) => reported.push(m));
        return reported;
    };
    it("eks-endpoint-not-public allows no public CIDR", () => {
        expect(validate(eksEndpointNotPublic, cluster({ vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }))).to.deep.equal([
            "EKS endpoint public CIDR 203.0.113.0/24 is not in allowedPublicCidrs; set vpcConfig.endpointPublicAccess: false or list only allowed CIDRs.",
        ]);
    });
    it("eks-access-entries approves no cluster-admin principal", () => {
        const spec = { type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", inputs: { clusterName: "dev", principalArn: "arn:aws:iam::1:role/x", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" } };
        expect(validate(eksAccessEntries, spec)).to.have.length(1);
    });
});

describe("launch-template-ebs-encrypted: mappings without EBS, names and unknowns", () => {
    const lt = (blockDeviceMappings: unknown) => runPolicy(launchTemplateEbsEncrypted, { type: LAUNCH_TEMPLATE, inputs: { blockDeviceMappings } });
    it("passes an instance-store mapping (no ebs block)", async () => {
        expect((await lt([{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }])).outcome).to.equal("pass");
    });
    it('accepts encrypted given as " TRUE " (trimmed, any case)', async () => {
        expect((await lt([{ deviceName: "/dev/xvda", ebs: { encrypted: " TRUE " } }])).outcome).to.equal("pass");
    });
    it("names a mapping without deviceName by its position", async () => {
        expect((await lt([{ ebs: { volumeSize: 20 } }])).reported).to.deep.equal(['EBS volume blockDeviceMappings[0] must be encrypted; set blockDeviceMappings[0].ebs.encrypted: "true".']);
    });
    it("can't decide before apply on an ebs block unknown until apply", async () => {
        expect(levels(await lt([{ deviceName: "/dev/xvda", ebs: "<computed>" }]))).to.deep.equal(["advisory"]);
    });
    it("passes an instance without rootBlockDevice, and can't decide on an EBS device unknown until apply", async () => {
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: INSTANCE, inputs: {} })).outcome).to.equal("pass");
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: INSTANCE, inputs: { ebsBlockDevices: ["<computed>"] } })).outcome).to.equal("unknown");
        expect((await runPolicy(launchTemplateEbsEncrypted, { type: INSTANCE, inputs: { rootBlockDevice: "<computed>" } })).outcome).to.equal("unknown");
    });
});
