import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { eksPolicies } from "../../../policy-packs/aws-baseline/policies/eks";
import { iamPolicies } from "../../../policy-packs/aws-baseline/policies/iam";
import { networkPolicies } from "../../../policy-packs/aws-baseline/policies/network";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { EksCluster, EksClusterArgs } from "../../../components/cluster/cluster";
import { validateEksClusterArgs } from "../../../components/cluster/validate-cluster";
import { declare, doc } from "../../support/harness";

const ADMIN = "arn:aws:iam::111111111111:role/platform-admin";
const VIEWER = "arn:aws:iam::111111111111:role/platform-readonly";
const TEAM = "arn:aws:iam::111111111111:role/team-payments";
const ARGS: EksClusterArgs = {
    region: "eu-west-1",
    accountId: "111111111111",
    vpcId: "vpc-1",
    subnetIds: ["subnet-intra-a", "subnet-intra-b", "subnet-intra-c"],
    secretsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/secrets",
    logsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs",
    admins: [ADMIN],
    kubeconfigRoleArn: ADMIN,
};

const CLUSTER = "aws:eks/cluster:Cluster";

describe("EksCluster", () => {
    it("creates exactly the control plane, its role, security group, log group, access and provider", async () => {
        const plan = await declare(() => new EksCluster("dev", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:cloudwatch/logGroup:LogGroup::dev-logs",
            "aws:ec2/securityGroup:SecurityGroup::dev-sg",
            "aws:eks/accessEntry:AccessEntry::dev-access-admin-111111111111-platform-admin",
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation::dev-access-admin-111111111111-platform-admin",
            "aws:eks/cluster:Cluster::dev",
            "aws:iam/role:Role::dev-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::dev-cluster-policy",
            "platform:cluster:ClusterAccess::dev-access",
            "platform:cluster:EksCluster::dev",
            "pulumi:providers:kubernetes::dev-k8s",
        ]);
        const component = plan.one("platform:cluster:EksCluster", "dev");
        expect(plan.childrenOf(component).map((r) => r.name).sort()).to.deep.equal(["dev", "dev-access", "dev-cluster-policy", "dev-k8s", "dev-logs", "dev-role", "dev-sg"]);
    });

    it("creates no access component when no principal is listed", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, admins: [], kubeconfigRoleArn: undefined }));
        expect(plan.inventory((r) => r.type.startsWith("platform:cluster:") || r.type.startsWith("aws:eks/access"))).to.deep.equal(["platform:cluster:EksCluster::dev"]);
    });

    it("keeps the API endpoint private, encrypts secrets, logs everything and grants no implicit admin", async () => {
        const plan = await declare(() => new EksCluster("dev", ARGS));
        const c = plan.one(CLUSTER, "dev").inputs;
        expect(c.name).to.equal("dev");
        expect(c.version).to.equal("1.35");
        expect(c.vpcConfig).to.deep.equal({
            subnetIds: ["subnet-intra-a", "subnet-intra-b", "subnet-intra-c"],
            securityGroupIds: ["dev-sg-id"],
            endpointPrivateAccess: true,
            endpointPublicAccess: false,
        });
        expect(c.encryptionConfig).to.deep.equal({ resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:111111111111:key/secrets" } });
        expect(c.enabledClusterLogTypes).to.deep.equal(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        expect(c.accessConfig).to.deep.equal({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        expect(c.deletionProtection).to.equal(true);
        expect(c.upgradePolicy).to.deep.equal({ supportType: "STANDARD" });
        expect(c.kubernetesNetworkConfig).to.deep.equal({ ipFamily: "ipv4" });
        expect(c.bootstrapSelfManagedAddons).to.equal(false);
        expect(c.roleArn).to.equal("arn:aws:iam::000000000000:role/platform/dev-role");
        expect(c.tags).to.deep.equal({ Name: "dev" });
    });

    it("opens a public endpoint only to the listed CIDRs", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }));
        expect(plan.one(CLUSTER, "dev").inputs.vpcConfig).to.deep.equal({
            subnetIds: ["subnet-intra-a", "subnet-intra-b", "subnet-intra-c"],
            securityGroupIds: ["dev-sg-id"],
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
        });
    });

    it("passes the chosen version, log types, support type, service CIDR and cluster name", async () => {
        const plan = await declare(() =>
            new EksCluster("dev", {
                ...ARGS,
                clusterName: "dev-eu",
                kubernetesVersion: "1.33",
                enabledLogTypes: ["api", "audit"],
                supportType: "EXTENDED",
                serviceIpv4Cidr: "172.20.0.0/16",
                logRetentionDays: 90,
                tags: { team: "platform" },
            }),
        );
        const c = plan.one(CLUSTER, "dev").inputs;
        expect(c).to.include({ name: "dev-eu", version: "1.33" });
        expect(c.enabledClusterLogTypes).to.deep.equal(["api", "audit"]);
        expect(c.upgradePolicy).to.deep.equal({ supportType: "EXTENDED" });
        expect(c.kubernetesNetworkConfig).to.deep.equal({ ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" });
        expect(c.tags).to.deep.equal({ team: "platform", Name: "dev-eu" });
        expect(plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs").inputs).to.deep.include({ name: "/aws/eks/dev-eu/cluster", retentionInDays: 90 });
    });

    it("pre-creates the encrypted control-plane log group with retention, and the cluster waits for it", async () => {
        const plan = await declare(() => new EksCluster("dev", ARGS));
        const logs = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs");
        expect(logs.inputs).to.deep.equal({
            name: "/aws/eks/dev/cluster",
            retentionInDays: 365,
            kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/logs",
            tags: { Name: "/aws/eks/dev/cluster" },
        });
        const deps = plan.dependenciesOf(plan.one(CLUSTER, "dev")).map((r) => `${r.type}::${r.name}`);
        expect(deps).to.include.members(["aws:cloudwatch/logGroup:LogGroup::dev-logs", "aws:iam/rolePolicyAttachment:RolePolicyAttachment::dev-cluster-policy"]);
    });

    it("trusts only eks.amazonaws.com for this account and attaches only AmazonEKSClusterPolicy", async () => {
        const plan = await declare(() => new EksCluster("dev", ARGS));
        expect(plan.one("aws:iam/role:Role", "dev-role").inputs).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        expect(doc(plan.one("aws:iam/role:Role", "dev-role").inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EksControlPlane",
                    Effect: "Allow",
                    Principal: { Service: "eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
                },
            ],
        });
        expect(plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs)).to.deep.equal([
            { role: "dev-role", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" },
        ]);
        expect(plan.ofType("aws:iam/rolePolicy:RolePolicy")).to.have.length(0);
    });

    it("uses the region's partition for the managed policy", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, region: "cn-north-1", admins: [], kubeconfigRoleArn: undefined }));
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "dev-cluster-policy").inputs.policyArn).to.equal("arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy");
    });

    it("adds a described security group with no rules by default and 443-only ingress from listed networks", async () => {
        const plain = await declare(() => new EksCluster("dev", ARGS));
        expect(plain.one("aws:ec2/securityGroup:SecurityGroup", "dev-sg").inputs).to.deep.equal({
            vpcId: "vpc-1",
            description: "Additional security group of the dev EKS control plane: API access on 443",
            revokeRulesOnDelete: true,
            tags: { Name: "dev-control-plane" },
        });
        expect(plain.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.have.length(0);

        const plan = await declare(() => new EksCluster("dev", { ...ARGS, apiAccessCidrs: ["10.20.0.0/16", "fd00::/8"], apiAccessSecurityGroupIds: ["sg-runners"] }));
        const rules = plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => ({ name: r.name, ...r.inputs }));
        expect(rules).to.deep.equal([
            { name: "dev-api-cidr-0", securityGroupId: "dev-sg-id", description: "Kubernetes API from 10.20.0.0/16", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.20.0.0/16", tags: {} },
            { name: "dev-api-cidr-1", securityGroupId: "dev-sg-id", description: "Kubernetes API from fd00::/8", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "fd00::/8", tags: {} },
            { name: "dev-api-sg-0", securityGroupId: "dev-sg-id", description: "Kubernetes API from a listed security group", ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-runners", tags: {} },
        ]);
    });

    it("protects and retains the cluster and its log group by default", async () => {
        const plan = await declare(() => new EksCluster("dev", ARGS));
        for (const r of [plan.one(CLUSTER, "dev"), plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs")]) {
            expect({ protect: r.protect, retainOnDelete: r.retainOnDelete }, r.name).to.deep.equal({ protect: true, retainOnDelete: true });
        }
        for (const r of [plan.one("aws:iam/role:Role", "dev-role"), plan.one("aws:ec2/securityGroup:SecurityGroup", "dev-sg")]) {
            expect(r.protect, r.name).to.equal(false);
        }
    });

    it("allows teardown with protect: false (no protection, no retention, no deletion protection)", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, protect: false }));
        const c = plan.one(CLUSTER, "dev");
        expect({ protect: c.protect, retainOnDelete: c.retainOnDelete, deletionProtection: c.inputs.deletionProtection }).to.deep.equal({ protect: false, retainOnDelete: false, deletionProtection: false });
        const logs = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs");
        expect({ protect: logs.protect, retainOnDelete: logs.retainOnDelete }).to.deep.equal({ protect: false, retainOnDelete: false });
    });

    it("builds the Kubernetes provider from an exec-auth kubeconfig, after its own principal's entry and policy only", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, viewers: [VIEWER], teams: [{ name: "payments", roleArn: TEAM }] }));
        const provider = plan.one("pulumi:providers:kubernetes", "dev-k8s");
        expect(provider.inputs.enableServerSideApply).to.equal("true");
        const kubeconfig = JSON.parse(provider.inputs.kubeconfig as string);
        expect(kubeconfig.users[0].user.exec.args).to.deep.equal(["eks", "get-token", "--cluster-name", "dev", "--region", "eu-west-1", "--output", "json", "--role-arn", ADMIN]);
        expect(kubeconfig.clusters[0].cluster.server).to.equal("https://DEV.gr7.us-east-1.eks.amazonaws.com");
        // A viewer's or team's entry that EKS refuses (a role not created yet) must not block every Kubernetes object.
        expect(plan.dependenciesOf(provider).map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal([
            "aws:eks/accessEntry:AccessEntry::dev-access-admin-111111111111-platform-admin",
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation::dev-access-admin-111111111111-platform-admin",
            "aws:eks/cluster:Cluster::dev",
        ]);
    });

    it("gives previewers a read-only admin-view entry, and a preview kubeconfig waits only for it", async () => {
        const PREVIEW = "arn:aws:iam::111111111111:role/platform-preview";
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, previewers: [PREVIEW], kubeconfigRoleArn: PREVIEW }));
        const association = plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "dev-access-preview-111111111111-platform-preview");
        expect(association.inputs.policyArn).to.equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy");
        expect(association.inputs.accessScope).to.deep.equal({ type: "cluster" });
        expect(plan.one("aws:eks/accessEntry:AccessEntry", "dev-access-preview-111111111111-platform-preview").inputs.principalArn).to.equal(PREVIEW);
        const provider = plan.one("pulumi:providers:kubernetes", "dev-k8s");
        expect(JSON.parse(provider.inputs.kubeconfig as string).users[0].user.exec.args.slice(-2)).to.deep.equal(["--role-arn", PREVIEW]);
        expect(plan.dependenciesOf(provider).map((r) => r.name)).to.deep.equal(["dev", "dev-access-preview-111111111111-platform-preview", "dev-access-preview-111111111111-platform-preview"]);
    });

    it("exposes the cluster's facts as outputs", async () => {
        const plan = await declare(() => {
            const c = new EksCluster("dev", ARGS);
            return {
                clusterName: c.clusterName,
                clusterArn: c.clusterArn,
                endpoint: c.endpoint,
                certificateAuthorityData: c.certificateAuthorityData,
                oidcIssuerUrl: c.oidcIssuerUrl,
                clusterSecurityGroupId: c.clusterSecurityGroupId,
                additionalSecurityGroupId: c.additionalSecurityGroupId,
                clusterRoleArn: c.clusterRoleArn,
                logGroupName: c.logGroupName,
                kubernetesVersion: c.kubernetesVersion,
            };
        });
        expect(plan.outputs).to.deep.equal({
            clusterName: "dev",
            clusterArn: "arn:aws:eks:us-east-1:000000000000:cluster/dev",
            endpoint: "https://DEV.gr7.us-east-1.eks.amazonaws.com",
            certificateAuthorityData: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=",
            oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/OFFLINEDEV",
            clusterSecurityGroupId: "sg-dev-cluster",
            additionalSecurityGroupId: "dev-sg-id",
            clusterRoleArn: "arn:aws:iam::000000000000:role/platform/dev-role",
            logGroupName: "/aws/eks/dev/cluster",
            kubernetesVersion: "1.35",
        });
    });

    it("passes the EKS, IAM and network baseline policies with its defaults, even on a stack that requires protection", async () => {
        const plan = await declare(() => new EksCluster("dev", { ...ARGS, apiAccessCidrs: ["10.0.0.0/8"], teams: [{ name: "payments", roleArn: "arn:aws:iam::111111111111:role/team-payments" }] }));
        const pack = { name: "aws-baseline", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: [...eksPolicies, ...iamPolicies, ...networkPolicies] };
        const config = { "eks-access-entries": { clusterAdminPrincipals: [ADMIN] }, "eks-deletion-protection": { requireProtection: true } };
        const e = await evaluatePack(pack, plan.resources, config);
        expect(e.findings.map((f) => `${f.policy}: ${f.message}`)).to.deep.equal([]);
        const checked = new Set(e.checks.filter((c) => c.outcome === "pass").map((c) => c.policy));
        expect([...checked]).to.include.members(["eks-endpoint-not-public", "eks-secrets-encryption", "eks-control-plane-logging", "eks-supported-version", "eks-access-entries", "eks-deletion-protection"]);
    });

    it("creates every AWS child with the caller's provider", async () => {
        const plan = await declare(() => {
            const workload = new aws.Provider("workload", { region: "eu-west-1" });
            const c = new EksCluster("dev", ARGS, { providers: { aws: workload } });
            return { clusterArn: c.clusterArn };
        });
        const provider = plan.one("pulumi:providers:aws", "workload");
        const awsChildren = plan.resources.filter((r) => r.type.startsWith("aws:"));
        expect(awsChildren).to.have.length(7);
        for (const r of awsChildren) {
            expect(r.provider, r.name).to.equal(provider.urn);
        }
        expect(plan.outputs.clusterArn).to.equal("arn:aws:eks:eu-west-1:000000000000:cluster/dev");
    });

    it("refuses invalid arguments before declaring anything", async () => {
        let error: unknown;
        try {
            await declare(() => new EksCluster("dev", { ...ARGS, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }));
        } catch (e) {
            error = e;
        }
        expect(error).to.have.property("problems").that.deep.equals(['publicAccessCidrs[0]: "0.0.0.0/0" opens the API server to the whole internet; list the networks that need it']);
    });
});

describe("validateEksClusterArgs", () => {
    it("accepts the defaults", () => {
        expect(() => validateEksClusterArgs(ARGS, "dev")).not.to.throw();
    });

    const cases: [string, Partial<EksClusterArgs>, string[]][] = [
        ["rejects an unsupported version, listing the supported ones", { kubernetesVersion: "1.29" }, ['kubernetesVersion: "1.29" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
        ["rejects a patch version", { kubernetesVersion: "1.34.2" }, ['kubernetesVersion: "1.34.2" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
        [
            "rejects a public endpoint open to 0.0.0.0/0",
            { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
            ['publicAccessCidrs[0]: "0.0.0.0/0" opens the API server to the whole internet; list the networks that need it'],
        ],
        [
            "rejects a public endpoint open to ::/0",
            { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "::/0"] },
            ['publicAccessCidrs[1]: "::/0" opens the API server to the whole internet; list the networks that need it'],
        ],
        [
            "rejects a public endpoint without CIDRs",
            { endpointPublicAccess: true },
            ["publicAccessCidrs: empty while endpointPublicAccess is true; EKS would open the endpoint to 0.0.0.0/0. List the networks allowed to reach it"],
        ],
        [
            "rejects public CIDRs on a private endpoint",
            { publicAccessCidrs: ["203.0.113.0/24"] },
            ['publicAccessCidrs: ["203.0.113.0/24"] is set but endpointPublicAccess is not true; set endpointPublicAccess: true to use them, or remove them'],
        ],
        [
            "rejects malformed public CIDRs",
            { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0", "300.1.1.1/32", "10.0.0.0/33", "office"] },
            [
                'publicAccessCidrs[0]: "203.0.113.0" is not a CIDR block (a.b.c.d/n or an IPv6 prefix)',
                'publicAccessCidrs[1]: "300.1.1.1/32" is not a CIDR block (a.b.c.d/n or an IPv6 prefix)',
                'publicAccessCidrs[2]: "10.0.0.0/33" is not a CIDR block (a.b.c.d/n or an IPv6 prefix)',
                'publicAccessCidrs[3]: "office" is not a CIDR block (a.b.c.d/n or an IPv6 prefix)',
            ],
        ],
        ["rejects a duplicated public CIDR", { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "203.0.113.0/24"] }, ['publicAccessCidrs[1]: "203.0.113.0/24" is listed twice']],
        ["rejects private API access from anywhere", { apiAccessCidrs: ["0.0.0.0/0"] }, ['apiAccessCidrs[0]: "0.0.0.0/0" opens the API server to the whole internet; list the networks that need it']],
        ["rejects fewer than 2 subnets", { subnetIds: ["subnet-a"] }, ["subnetIds: 1 given; EKS needs at least 2 subnets, in different Availability Zones, for the control-plane ENIs"]],
        [
            "rejects an unknown log type",
            { enabledLogTypes: ["api", "kubelet" as never] },
            ['enabledLogTypes[1]: "kubelet" is not one of "api", "audit", "authenticator", "controllerManager", "scheduler"'],
        ],
        ["rejects a repeated log type", { enabledLogTypes: ["api", "api"] }, ['enabledLogTypes: ["api","api"] lists a log type twice']],
        [
            "rejects a retention CloudWatch does not offer",
            { logRetentionDays: 100 },
            ["logRetentionDays: 100 is not a CloudWatch retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
        ],
        [
            "rejects never-expiring logs",
            { logRetentionDays: 0 },
            ["logRetentionDays: 0 is not a CloudWatch retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
        ],
        [
            "rejects a bad cluster name",
            { clusterName: "-dev.cluster" },
            ['clusterName: "-dev.cluster" is not an EKS cluster name (1-100 letters, digits, \'-\' or \'_\', starting with a letter or digit)'],
        ],
        ["rejects a service CIDR outside RFC 1918", { serviceIpv4Cidr: "100.64.0.0/16" }, ['serviceIpv4Cidr: "100.64.0.0/16" is not a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16']],
        ["rejects a service CIDR too small", { serviceIpv4Cidr: "10.100.0.0/25" }, ['serviceIpv4Cidr: "10.100.0.0/25" is not a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16']],
        ["rejects a malformed service CIDR", { serviceIpv4Cidr: "fd00::/108" }, ['serviceIpv4Cidr: "fd00::/108" is not an IPv4 CIDR block']],
        ["rejects an unknown support type", { supportType: "LTS" as never }, ['supportType: "LTS" is not one of "STANDARD", "EXTENDED"']],
        ["rejects a bad region", { region: "europe" }, ['region: "europe" is not an AWS region (e.g. eu-west-1)']],
        ["rejects a bad account", { accountId: "1111" }, ['accountId: "1111" is not a 12-digit AWS account ID']],
        ["rejects a boundary that is not a policy ARN", { permissionsBoundaryArn: "platform-workload-boundary" }, ['permissionsBoundaryArn: "platform-workload-boundary" is not an IAM managed policy ARN (arn:aws:iam::<account>:policy/<path><name>)']],
        [
            "rejects a kubeconfig role that is not an admin",
            { kubeconfigRoleArn: "arn:aws:iam::111111111111:role/deploy" },
            [
                'kubeconfigRoleArn: "arn:aws:iam::111111111111:role/deploy" is not listed in admins or previewers; the Kubernetes provider deploys cluster-wide resources and needs an admin access entry (or, for a preview, a previewer entry)',
            ],
        ],
        [
            "rejects a malformed admin ARN",
            { admins: [ADMIN, "platform-admin"] },
            ['admins[1]: "platform-admin" is not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateEksClusterArgs({ ...ARGS, ...change }, "dev"))
                .to.throw("invalid EksCluster")
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }

    it("accepts a public endpoint with listed CIDRs and a valid service CIDR", () => {
        expect(() => validateEksClusterArgs({ ...ARGS, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "2001:db8::/32"], serviceIpv4Cidr: "172.20.0.0/16" }, "dev")).not.to.throw();
    });

    it("collects every problem at once", () => {
        expect(() => validateEksClusterArgs({ ...ARGS, kubernetesVersion: "1.20", subnetIds: [], logRetentionDays: 2 }, "dev"))
            .to.throw()
            .with.property("problems")
            .with.length(3);
    });
});
