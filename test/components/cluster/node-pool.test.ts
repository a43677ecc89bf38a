import { expect } from "chai";
import { NodePool, NodePoolArgs } from "../../../components/cluster/node-pool";
import { NodeRole } from "../../../components/cluster/node-role";
import { instanceArchitecture, NodePoolShape, validateNodePoolArgs } from "../../../components/cluster/validate-nodes";
import {
    launchTemplateEbsEncrypted,
    launchTemplateImdsv2,
    launchTemplateNoPublicIp,
    nodegroupNoRemoteSsh,
    noSecretsInUserData,
} from "../../../policy-packs/aws-baseline/policies/eks";
import { declare } from "../../support/harness";
import { runPolicy } from "../../support/policy";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/ebs";

const ARGS: NodePoolArgs = {
    clusterName: "dev",
    kubernetesVersion: "1.34",
    nodeRoleArn: "arn:aws:iam::111111111111:role/nodes",
    subnetIds: ["subnet-a", "subnet-b"],
    ebsKmsKeyArn: KEY,
    instanceTypes: ["m7i.large", "m6i.large"],
    minSize: 2,
    desiredSize: 3,
    maxSize: 6,
    tags: { team: "platform" },
};

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NG = "aws:eks/nodeGroup:NodeGroup";

describe("NodePool", () => {
    it("creates a launch template and a managed node group", async () => {
        const plan = await declare(() => new NodePool("general", ARGS));
        expect(plan.inventory()).to.deep.equal([`${LT}::general-launch-template`, `${NG}::general`, "platform:cluster:NodePool::general"]);
        const component = plan.one("platform:cluster:NodePool", "general");
        expect(plan.childrenOf(component).map((r) => r.name).sort()).to.deep.equal(["general", "general-launch-template"]);
    });

    it("requires IMDSv2 with hop limit 2, and sets no key, user data or network interfaces", async () => {
        const plan = await declare(() => new NodePool("general", ARGS));
        const lt = plan.one(LT, "general-launch-template");
        expect(lt.inputs.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 });
        expect(lt.inputs.updateDefaultVersion).to.equal(true);
        for (const absent of ["keyName", "userData", "networkInterfaces", "imageId", "iamInstanceProfile", "vpcSecurityGroupIds"]) {
            expect(lt.inputs[absent], absent).to.equal(undefined);
        }
    });

    it("takes hop limit 1 when asked", async () => {
        const plan = await declare(() => new NodePool("general", { ...ARGS, metadataHopLimit: 1 }));
        expect((plan.one(LT, "general-launch-template").inputs.metadataOptions as any).httpPutResponseHopLimit).to.equal(1);
    });

    it("encrypts the gp3 root volume with the EBS key and the given size and performance", async () => {
        const plan = await declare(() => new NodePool("general", { ...ARGS, diskSizeGiB: 100, diskIops: 6000, diskThroughputMiBps: 250 }));
        expect(plan.one(LT, "general-launch-template").inputs.blockDeviceMappings).to.deep.equal([
            {
                deviceName: "/dev/xvda",
                ebs: { volumeType: "gp3", encrypted: "true", kmsKeyId: KEY, deleteOnTermination: "true", volumeSize: 100, iops: 6000, throughput: 250 },
            },
        ]);
    });

    it("encrypts both Bottlerocket volumes and sizes the data volume", async () => {
        const plan = await declare(() => new NodePool("br", { ...ARGS, amiType: "BOTTLEROCKET_ARM_64", instanceTypes: ["m7g.large", "m6g.large"] }));
        expect(plan.one(LT, "br-launch-template").inputs.blockDeviceMappings).to.deep.equal([
            { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", kmsKeyId: KEY, deleteOnTermination: "true" } },
            { deviceName: "/dev/xvdb", ebs: { volumeType: "gp3", encrypted: "true", kmsKeyId: KEY, deleteOnTermination: "true", volumeSize: 50, iops: 3000, throughput: 125 } },
        ]);
        expect(plan.one(NG, "br").inputs.amiType).to.equal("BOTTLEROCKET_ARM_64");
    });

    it("tags instances, volumes and network interfaces", async () => {
        const plan = await declare(() => new NodePool("general", ARGS));
        const tags = { team: "platform", Name: "general" };
        expect(plan.one(LT, "general-launch-template").inputs.tagSpecifications).to.deep.equal([
            { resourceType: "instance", tags },
            { resourceType: "volume", tags },
            { resourceType: "network-interface", tags },
        ]);
    });

    it("builds the node group from the launch template's latest version, in the cluster's version, with no remote access", async () => {
        const plan = await declare(() => new NodePool("general", ARGS));
        const ng = plan.one(NG, "general");
        expect(ng.inputs).to.deep.include({
            clusterName: "dev",
            version: "1.34",
            nodeRoleArn: "arn:aws:iam::111111111111:role/nodes",
            subnetIds: ["subnet-a", "subnet-b"],
            amiType: "AL2023_x86_64_STANDARD",
            capacityType: "ON_DEMAND",
            instanceTypes: ["m7i.large", "m6i.large"],
            launchTemplate: { id: "general-launch-template-id", version: "1" },
            updateConfig: { maxUnavailablePercentage: 33 },
        });
        expect(ng.inputs.remoteAccess).to.equal(undefined);
        expect(ng.inputs.diskSize).to.equal(undefined);
        const lt = plan.one(LT, "general-launch-template");
        expect(ng.dependencies).to.include(lt.urn);
    });

    it("sets min/desired/max and leaves desiredSize to the autoscaler after creation", async () => {
        const plan = await declare(() => new NodePool("general", ARGS));
        const ng = plan.one(NG, "general");
        expect(ng.inputs.scalingConfig).to.deep.equal({ minSize: 2, desiredSize: 3, maxSize: 6 });
        expect(ng.ignoreChanges).to.deep.equal(["scalingConfig.desiredSize"]);
    });

    it("starts at minSize when desiredSize is unset", async () => {
        const plan = await declare(() => new NodePool("general", { ...ARGS, desiredSize: undefined }));
        expect(plan.one(NG, "general").inputs.scalingConfig).to.deep.equal({ minSize: 2, desiredSize: 2, maxSize: 6 });
    });

    it("runs SPOT with several instance types, labels and taints", async () => {
        const plan = await declare(
            () =>
                new NodePool("batch", {
                    ...ARGS,
                    capacityType: "SPOT",
                    instanceTypes: ["c7i.xlarge", "c6i.xlarge", "c5.xlarge"],
                    labels: { "example.com/workload": "batch" },
                    taints: [{ key: "example.com/batch", value: "true", effect: "NO_EXECUTE" }],
                }),
        );
        const ng = plan.one(NG, "batch");
        expect(ng.inputs).to.deep.include({
            capacityType: "SPOT",
            instanceTypes: ["c7i.xlarge", "c6i.xlarge", "c5.xlarge"],
            labels: { "example.com/workload": "batch" },
            taints: [{ key: "example.com/batch", value: "true", effect: "NO_EXECUTE" }],
        });
    });

    it("taints a system pool CriticalAddonsOnly and labels it platform/pool=system", async () => {
        const plan = await declare(() => new NodePool("system", { ...ARGS, system: true, labels: { "example.com/tier": "core" } }));
        const ng = plan.one(NG, "system");
        expect(ng.inputs.labels).to.deep.equal({ "example.com/tier": "core", "platform/pool": "system" });
        expect(ng.inputs.taints).to.deep.equal([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
    });

    it("does not repeat the CriticalAddonsOnly taint when it is given", async () => {
        const plan = await declare(() => new NodePool("system", { ...ARGS, system: true, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }] }));
        expect(plan.one(NG, "system").inputs.taints).to.have.length(1);
    });

    it("waits for the node role's attachments and access entry through roleArn", async () => {
        const plan = await declare(() => {
            const role = new NodeRole("nodes", { clusterName: "dev", region: "eu-west-1", accountId: "111111111111" });
            return new NodePool("general", { ...ARGS, nodeRoleArn: role.roleArn });
        });
        const deps = plan.dependenciesOf(plan.one(NG, "general")).map((r) => `${r.type}::${r.name}`);
        expect(deps).to.include.members([
            "aws:iam/role:Role::nodes",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-0",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-1",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-2",
            "aws:eks/accessEntry:AccessEntry::nodes-access",
        ]);
    });
});

describe("validateNodePoolArgs", () => {
    const BASE: NodePoolShape = { kubernetesVersion: "1.34", instanceTypes: ["m7i.large", "m6i.large"], minSize: 2, desiredSize: 3, maxSize: 6 };

    const cases: [string, Partial<NodePoolShape>, string[]][] = [
        ["rejects min > max", { minSize: 5, desiredSize: 5, maxSize: 4 }, ["minSize 5, desiredSize 5, maxSize 4: need minSize <= desiredSize <= maxSize"]],
        ["rejects desired < min", { minSize: 3, desiredSize: 1, maxSize: 4 }, ["minSize 3, desiredSize 1, maxSize 4: need minSize <= desiredSize <= maxSize"]],
        ["rejects desired > max", { desiredSize: 7 }, ["minSize 2, desiredSize 7, maxSize 6: need minSize <= desiredSize <= maxSize"]],
        ["rejects a maxSize of 0", { minSize: 0, desiredSize: 0, maxSize: 0 }, ["maxSize: 0 is not in 1..1000"]],
        ["rejects a fractional minSize", { minSize: 1.5 }, ["minSize: 1.5 is not in 0..1000"]],
        ["rejects empty instanceTypes", { instanceTypes: [] }, ['instanceTypes: [] is empty; list at least one instance type (for example "m7i.large")']],
        ["rejects a malformed instance type", { instanceTypes: ["m7i.large", "large"] }, ['instanceTypes: "large" is not an EC2 instance type (family.size, for example "m7i.large" or "c7g.2xlarge")']],
        ["rejects an upper-case instance type", { instanceTypes: ["M7i.large", "m6i.large"] }, ['instanceTypes: "M7i.large" is not an EC2 instance type (family.size, for example "m7i.large" or "c7g.2xlarge")']],
        ["rejects a repeated instance type", { instanceTypes: ["m7i.large", "m7i.large"] }, ['instanceTypes: ["m7i.large"] are listed more than once']],
        [
            "rejects SPOT with a single instance type",
            { capacityType: "SPOT", instanceTypes: ["m7i.large"] },
            ['instanceTypes: ["m7i.large"] has a single type for a SPOT pool; list at least 2 types of similar size so that one reclaimed Spot pool does not empty the node group'],
        ],
        [
            "rejects Graviton types with an x86 AMI",
            { instanceTypes: ["m7g.large", "m7i.large"] },
            ['instanceTypes: ["m7g.large"] are arm64 types but amiType "AL2023_x86_64_STANDARD" boots x86_64; use x86_64 types or an arm64 AMI type'],
        ],
        [
            "rejects x86 types with an ARM AMI",
            { amiType: "AL2023_ARM_64_STANDARD", instanceTypes: ["c7g.large", "c7i.large"] },
            ['instanceTypes: ["c7i.large"] are x86_64 types but amiType "AL2023_ARM_64_STANDARD" boots arm64; use arm64 types or an x86_64 AMI type'],
        ],
        ["rejects an unknown AMI type", { amiType: "AL2_x86_64" as never }, ['amiType: "AL2_x86_64" is not one of "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"']],
        ["rejects an unknown capacity type", { capacityType: "RESERVED" as never }, ['capacityType: "RESERVED" is not one of "ON_DEMAND", "SPOT"']],
        ["rejects hop limit 3", { metadataHopLimit: 3 }, ["metadataHopLimit: 3 is not in 1..2"]],
        ["rejects hop limit 0", { metadataHopLimit: 0 }, ["metadataHopLimit: 0 is not in 1..2"]],
        ["rejects a disk smaller than the AMI snapshot", { diskSizeGiB: 10 }, ["diskSizeGiB: 10 is not in 20..16384"]],
        ["rejects a disk larger than gp3 allows", { diskSizeGiB: 20000 }, ["diskSizeGiB: 20000 is not in 20..16384"]],
        ["rejects IOPS above 500 per GiB", { diskSizeGiB: 20, diskIops: 12000 }, ["diskIops: 12000 is more than gp3 allows for 20 GiB (500 per GiB: at most 10000); raise diskSizeGiB or lower diskIops"]],
        ["rejects throughput above 0.25 MiB/s per IOPS", { diskThroughputMiBps: 1000 }, ["diskThroughputMiBps: 1000 is more than gp3 allows for 3000 IOPS (0.25 MiB/s per IOPS: at most 750); raise diskIops or lower diskThroughputMiBps"]],
        ["rejects maxUnavailablePercentage 0", { maxUnavailablePercentage: 0 }, ["maxUnavailablePercentage: 0 is not in 1..100"]],
        ["rejects an unsupported Kubernetes version", { kubernetesVersion: "1.28" }, ['kubernetesVersion: "1.28" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
        [
            "rejects a label key with spaces",
            { labels: { "my label": "x" } },
            ['labels: "my label" is not a Kubernetes label key (an optional DNS-subdomain prefix and \'/\', then at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)'],
        ],
        [
            "rejects a label value longer than 63 characters",
            { labels: { team: "x".repeat(64) } },
            [`labels.team: "${"x".repeat(64)}" is not a Kubernetes label value (empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)`],
        ],
        [
            "rejects a label under kubernetes.io",
            { labels: { "node-role.kubernetes.io/worker": "" } },
            ['labels: "node-role.kubernetes.io/worker" uses a kubernetes.io or k8s.io prefix that kubelet may not set; use node-restriction.kubernetes.io/ or your own prefix'],
        ],
        ["rejects a system pool relabelled", { system: true, labels: { "platform/pool": "general" } }, ['labels.platform/pool: "general" conflicts with system: true, which labels the pool platform/pool=system']],
        ["rejects a taint effect in Kubernetes spelling", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" as never }] }, ['taints[0].effect: "NoSchedule" is not one of "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"']],
        [
            "rejects a malformed taint key",
            { taints: [{ key: "-bad", effect: "NO_SCHEDULE" }] },
            ['taints[0].key: "-bad" is not a Kubernetes taint key (an optional DNS-subdomain prefix and \'/\', then at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)'],
        ],
        [
            "rejects a taint repeated with the same effect",
            {
                taints: [
                    { key: "dedicated", value: "a", effect: "NO_SCHEDULE" },
                    { key: "dedicated", value: "b", effect: "NO_SCHEDULE" },
                ],
            },
            ['taints[1]: "dedicated:NO_SCHEDULE" repeats a key and effect already listed; a node takes one value per key and effect'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateNodePoolArgs({ ...BASE, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("lists every problem at once", () => {
        expect(() => validateNodePoolArgs({ ...BASE, minSize: 9, metadataHopLimit: 5, instanceTypes: [] }))
            .to.throw()
            .with.property("problems")
            .that.has.length(3);
    });

    it("accepts a valid pool", () => {
        expect(() => validateNodePoolArgs(BASE)).not.to.throw();
        expect(() => validateNodePoolArgs({ ...BASE, amiType: "BOTTLEROCKET_ARM_64", instanceTypes: ["c6gn.xlarge", "im4gn.large", "a1.large"] })).not.to.throw();
        expect(() => validateNodePoolArgs({ ...BASE, instanceTypes: ["m7i-flex.large", "u-6tb1.metal", "g4dn.xlarge"] })).not.to.throw();
    });

    const arches: [string, string][] = [
        ["m7g.large", "arm64"],
        ["c6gn.16xlarge", "arm64"],
        ["is4gen.large", "arm64"],
        ["x2gd.medium", "arm64"],
        ["a1.large", "arm64"],
        ["g5g.xlarge", "arm64"],
        ["g5.xlarge", "x86_64"],
        ["g4dn.xlarge", "x86_64"],
        ["m7i-flex.large", "x86_64"],
        ["c7a.large", "x86_64"],
        ["gr6.4xlarge", "x86_64"],
    ];
    for (const [type, arch] of arches) {
        it(`reads ${type} as ${arch}`, () => expect(instanceArchitecture(type)).to.equal(arch));
    }
});

describe("NodePool against the aws-baseline node policies", () => {
    for (const policy of [launchTemplateImdsv2, launchTemplateEbsEncrypted, launchTemplateNoPublicIp, nodegroupNoRemoteSsh, noSecretsInUserData]) {
        it(`passes ${policy.name}`, async () => {
            const plan = await declare(() => new NodePool("general", { ...ARGS, amiType: "BOTTLEROCKET_x86_64" }));
            const resources = plan.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.inputs }));
            const run = await runPolicy(policy, resources);
            expect(run.messages).to.deep.equal([]);
        });
    }
});
