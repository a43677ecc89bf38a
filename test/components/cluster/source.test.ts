import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { EksCluster, EksClusterArgs } from "../../../components/cluster/cluster";
import { adoptExistingCluster, ClusterSource, fromEksCluster, fromPulumiEksCluster, validateAdoptedClusterArgs } from "../../../components/cluster/source";
import { declare } from "../../support/harness";

const ADMIN = "arn:aws:iam::111111111111:role/platform-admin";
const ARGS: EksClusterArgs = {
    region: "eu-west-1",
    accountId: "111111111111",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    secretsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/secrets",
    logsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs",
    admins: [ADMIN],
    kubeconfigRoleArn: ADMIN,
};

/** The Output fields of a source, as a record the harness resolves. */
function facts(s: ClusterSource): Record<string, unknown> {
    return {
        clusterName: s.clusterName,
        endpoint: s.endpoint,
        certificateAuthorityData: s.certificateAuthorityData,
        oidcIssuerUrl: s.oidcIssuerUrl,
        clusterSecurityGroupId: s.clusterSecurityGroupId,
        kubernetesVersion: s.kubernetesVersion,
    };
}

const CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

describe("ClusterSource", () => {
    it("has exactly what the rest of the platform needs", () => {
        // A compile-time check as much as a runtime one: every implementation returns this shape.
        const keys: (keyof ClusterSource)[] = ["clusterName", "endpoint", "certificateAuthorityData", "oidcIssuerUrl", "clusterSecurityGroupId", "kubernetesVersion", "provider"];
        expect(keys).to.have.length(7);
    });

    describe("fromEksCluster", () => {
        it("passes EksCluster's facts and provider through", async () => {
            let source!: ClusterSource;
            let cluster!: EksCluster;
            const plan = await declare(() => {
                cluster = new EksCluster("dev", ARGS);
                source = fromEksCluster(cluster);
                return facts(source);
            });
            expect(plan.outputs).to.deep.equal({
                clusterName: "dev",
                endpoint: "https://DEV.gr7.us-east-1.eks.amazonaws.com",
                certificateAuthorityData: CA,
                oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/OFFLINEDEV",
                clusterSecurityGroupId: "sg-dev-cluster",
                kubernetesVersion: "1.35",
            });
            expect(source.provider).to.equal(cluster.provider);
            expect(k8s.Provider.isInstance(source.provider)).to.equal(true);
        });
    });

    describe("adoptExistingCluster", () => {
        it("reads the cluster without managing it and builds an exec-auth provider", async () => {
            const plan = await declare(() => facts(adoptExistingCluster("legacy", { clusterName: "legacy", region: "eu-west-1", kubernetesVersion: "1.33", kubeconfigRoleArn: ADMIN })));
            // The read is the only AWS resource: nothing is created, changed or protected.
            expect(plan.inventory()).to.deep.equal(["aws:eks/cluster:Cluster::legacy", "pulumi:providers:kubernetes::legacy-k8s"]);
            const read = plan.one("aws:eks/cluster:Cluster", "legacy");
            expect(read.inputs).to.deep.equal({});
            expect(read.protect).to.equal(false);
            expect(plan.outputs).to.deep.equal({
                clusterName: "legacy",
                endpoint: "https://LEGACY.gr7.us-east-1.eks.amazonaws.com",
                certificateAuthorityData: CA,
                oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/OFFLINELEGACY",
                clusterSecurityGroupId: "sg-legacy-cluster",
                kubernetesVersion: "1.33",
            });
            const provider = plan.one("pulumi:providers:kubernetes", "legacy-k8s");
            expect(provider.inputs.enableServerSideApply).to.equal("true");
            const kubeconfig = JSON.parse(provider.inputs.kubeconfig as string);
            expect(kubeconfig.users[0].user.exec.args).to.deep.equal(["eks", "get-token", "--cluster-name", "legacy", "--region", "eu-west-1", "--output", "json", "--role-arn", ADMIN]);
            expect(plan.dependenciesOf(provider).map((r) => r.name)).to.deep.equal(["legacy"]);
        });

        it("keeps the caller's parent", async () => {
            const plan = await declare(() => {
                const parent = new pulumi.ComponentResource("platform:test:Parent", "p");
                adoptExistingCluster("legacy", { clusterName: "legacy", region: "eu-west-1", kubernetesVersion: "1.33" }, { parent });
            });
            const parent = plan.one("platform:test:Parent", "p");
            expect(plan.childrenOf(parent).map((r) => r.name).sort()).to.deep.equal(["legacy", "legacy-k8s"]);
        });

        it("rejects an unsupported version, a bad name, region and role", () => {
            expect(() => validateAdoptedClusterArgs({ clusterName: "legacy prod", region: "eu", kubernetesVersion: "1.27", kubeconfigRoleArn: "admin" }))
                .to.throw("invalid adopted cluster")
                .with.property("problems")
                .that.deep.equals([
                    'clusterName: "legacy prod" is not an EKS cluster name (1-100 letters, digits, \'-\' or \'_\', starting with a letter or digit)',
                    'kubernetesVersion: "1.27" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35',
                    'region: "eu" is not an AWS region (e.g. eu-west-1)',
                    'kubeconfigRoleArn: "admin" is not an IAM role ARN',
                ]);
        });
    });

    describe("fromPulumiEksCluster", () => {
        it("wraps an @pulumi/eks v4 cluster, which the plan sees as one opaque component", async () => {
            let source!: ClusterSource;
            const plan = await declare(() => {
                const cluster = new eks.Cluster("legacy-eks", { version: "1.34", authenticationMode: "API" });
                source = fromPulumiEksCluster("legacy-eks", cluster, { region: "eu-west-1", kubernetesVersion: "1.34" });
            });
            // Its children (role, security groups, the aws:eks/cluster:Cluster) run in the plugin: invisible here.
            expect(plan.inventory()).to.deep.equal(["eks:index:Cluster::legacy-eks", "pulumi:providers:kubernetes::legacy-eks-k8s"]);
            const provider = plan.one("pulumi:providers:kubernetes", "legacy-eks-k8s");
            expect(provider.inputs.enableServerSideApply).to.equal("true");
            expect(plan.dependenciesOf(provider).map((r) => r.type)).to.deep.equal(["eks:index:Cluster"]);
            expect(source.kubernetesVersion).to.equal("1.34");
        });

        it("rejects an unsupported version", () => {
            expect(() => fromPulumiEksCluster("x", {} as eks.Cluster, { region: "eu-west-1", kubernetesVersion: "1.30" }))
                .to.throw("invalid @pulumi/eks cluster")
                .with.property("problems")
                .that.deep.equals(['kubernetesVersion: "1.30" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']);
        });
    });
});
