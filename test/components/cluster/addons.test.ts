import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ClusterAddons, ClusterAddonsArgs } from "../../../components/cluster/addons";
import { ClusterAddonsShape, validateClusterAddonsArgs } from "../../../components/cluster/validate-nodes";
import { KUBERNETES_RELEASES } from "../../../components/cluster/versions";
import { iamPolicies } from "../../../policy-packs/aws-baseline/policies/iam";
import { declare, doc } from "../../support/harness";
import { runPolicy } from "../../support/policy";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/ebs";
const ARGS: ClusterAddonsArgs = { clusterName: "dev", kubernetesVersion: "1.34", accountId: "111111111111", region: "eu-west-1", ebsKmsKeyArn: KEY };
const ADDON = "aws:eks/addon:Addon";
const PINS = KUBERNETES_RELEASES.find((r) => r.version === "1.34")!.addons;

describe("ClusterAddons", () => {
    it("creates five add-ons, two pod identity roles and the EBS key policy", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        expect(plan.inventory()).to.deep.equal([
            `${ADDON}::addons-aws-ebs-csi-driver`,
            `${ADDON}::addons-coredns`,
            `${ADDON}::addons-eks-pod-identity-agent`,
            `${ADDON}::addons-kube-proxy`,
            `${ADDON}::addons-vpc-cni`,
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::addons-ebs-csi-identity",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::addons-vpc-cni-identity",
            "aws:iam/role:Role::addons-ebs-csi-identity",
            "aws:iam/role:Role::addons-vpc-cni-identity",
            "aws:iam/rolePolicy:RolePolicy::addons-ebs-csi-kms",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::addons-ebs-csi-identity-0",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::addons-vpc-cni-identity-0",
            "platform:cluster:ClusterAddons::addons",
            "platform:cluster:PodIdentityRole::addons-ebs-csi-identity",
            "platform:cluster:PodIdentityRole::addons-vpc-cni-identity",
        ]);
        const component = plan.one("platform:cluster:ClusterAddons", "addons");
        expect(plan.childrenOf(component)).to.have.length(8);
    });

    it("installs the versions pinned for the cluster's minor and overwrites conflicts", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        for (const name of ["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"] as const) {
            const a = plan.one(ADDON, `addons-${name}`);
            expect(a.inputs, name).to.include({ clusterName: "dev", addonName: name, addonVersion: PINS[name], resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" });
            expect(a.inputs.podIdentityAssociations, name).to.equal(undefined);
            expect(a.inputs.serviceAccountRoleArn, name).to.equal(undefined);
        }
    });

    it("takes a validated version override", async () => {
        const plan = await declare(() => new ClusterAddons("addons", { ...ARGS, addonVersions: { "vpc-cni": "v1.20.5-eksbuild.1" } }));
        expect(plan.one(ADDON, "addons-vpc-cni").inputs.addonVersion).to.equal("v1.20.5-eksbuild.1");
        expect(plan.one(ADDON, "addons-coredns").inputs.addonVersion).to.equal(PINS.coredns);
    });

    it("turns on network policy in the VPC CNI", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        expect(doc(plan.one(ADDON, "addons-vpc-cni").inputs.configurationValues)).to.deep.equal({ enableNetworkPolicy: "true" });
    });

    it("lets coredns tolerate CriticalAddonsOnly and pins it to the system pool when there is one", async () => {
        const without = await declare(() => new ClusterAddons("addons", ARGS));
        expect(doc(without.one(ADDON, "addons-coredns").inputs.configurationValues)).to.deep.equal({ tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] });
        const withPool = await declare(() => new ClusterAddons("addons", { ...ARGS, systemPool: true }));
        expect(doc(withPool.one(ADDON, "addons-coredns").inputs.configurationValues)).to.deep.equal({
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
            nodeSelector: { "platform/pool": "system" },
        });
    });

    it("gives the VPC CNI the CNI policy through Pod Identity on kube-system/aws-node", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        const assoc = plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "addons-vpc-cni-identity");
        expect(assoc.inputs).to.include({ clusterName: "dev", namespace: "kube-system", serviceAccount: "aws-node" });
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "addons-vpc-cni-identity-0").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
    });

    it("gives the EBS CSI controller its managed policy and KMS rights on the EBS key only", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        const assoc = plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "addons-ebs-csi-identity");
        expect(assoc.inputs).to.include({ clusterName: "dev", namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa" });
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "addons-ebs-csi-identity-0").inputs.policyArn).to.equal(
            "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
        );
        const kms = plan.one("aws:iam/rolePolicy:RolePolicy", "addons-ebs-csi-kms");
        expect(kms.inputs.role).to.equal("addons-ebs-csi-identity");
        expect(doc(kms.inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "EbsKeyGrantsForAttachments", Effect: "Allow", Action: "kms:CreateGrant", Resource: KEY, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
                { Sid: "EbsKeyDataKeys", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: KEY },
            ],
        });
    });

    // A dependency on a component is recorded as the component; the engine waits for all its children.
    it("makes the Pod Identity add-ons wait for the agent and their roles", async () => {
        const plan = await declare(() => new ClusterAddons("addons", ARGS));
        const deps = (n: string) => plan.dependenciesOf(plan.one(ADDON, n)).map((r) => `${r.type}::${r.name}`);
        expect(deps("addons-vpc-cni")).to.include.members([
            `${ADDON}::addons-eks-pod-identity-agent`,
            "platform:cluster:PodIdentityRole::addons-vpc-cni-identity",
        ]);
        expect(deps("addons-aws-ebs-csi-driver")).to.include.members([
            `${ADDON}::addons-eks-pod-identity-agent`,
            "platform:cluster:PodIdentityRole::addons-ebs-csi-identity",
            "aws:iam/rolePolicy:RolePolicy::addons-ebs-csi-kms",
        ]);
        expect(deps("addons-kube-proxy")).to.deep.equal([]);
        expect(deps("addons-eks-pod-identity-agent")).to.deep.equal([]);
    });

    it("makes coredns and the EBS CSI driver wait for the node pools, and nothing else", async () => {
        const plan = await declare(() => {
            const pool = new aws.eks.NodeGroup("system", { clusterName: "dev", nodeRoleArn: "arn:aws:iam::111111111111:role/n", subnetIds: ["s"], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 } });
            return new ClusterAddons("addons", { ...ARGS, nodePools: [pool] });
        });
        const pool = plan.one("aws:eks/nodeGroup:NodeGroup", "system");
        const waiting = plan.ofType(ADDON).filter((a) => a.dependencies.includes(pool.urn)).map((a) => a.name).sort();
        expect(waiting).to.deep.equal(["addons-aws-ebs-csi-driver", "addons-coredns"]);
    });
});

describe("validateClusterAddonsArgs", () => {
    const BASE: ClusterAddonsShape = { kubernetesVersion: "1.34", accountId: "111111111111" };
    const cases: [string, Partial<ClusterAddonsShape>, string[]][] = [
        ["rejects an unsupported Kubernetes version", { kubernetesVersion: "1.29" }, ['kubernetesVersion: "1.29" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
        ["rejects a malformed account", { accountId: "1234" }, ['accountId: "1234" is not a 12-digit AWS account ID']],
        ["rejects an override that is not an EKS version", { addonVersions: { coredns: "1.11" } }, ['addonVersions.coredns: "1.11" is not an EKS add-on version (vX.Y.Z-eksbuild.N)']],
        [
            "rejects a kube-proxy built for another minor",
            { addonVersions: { "kube-proxy": "v1.33.9-eksbuild.1" } },
            ['addonVersions.kube-proxy: "v1.33.9-eksbuild.1" is built for Kubernetes 1.33, not 1.34; kube-proxy must match the cluster minor (pinned: "v1.34.0-eksbuild.2")'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateClusterAddonsArgs({ ...BASE, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});

describe("ClusterAddons against the aws-baseline IAM policies", () => {
    for (const policy of iamPolicies) {
        it(`passes ${policy.name}`, async () => {
            const plan = await declare(() => new ClusterAddons("addons", ARGS));
            const resources = plan.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.inputs }));
            expect((await runPolicy(policy, resources)).messages).to.deep.equal([]);
        });
    }
});
