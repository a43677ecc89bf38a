import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import {
    Karpenter,
    KARPENTER_CHART,
    KARPENTER_CHART_VERSION,
    KARPENTER_CRD_CHART,
    KarpenterArgs,
    karpenterControllerStatements,
} from "../../../components/cluster/karpenter";
import { KarpenterFacts, KarpenterShape, validateKarpenterArgs } from "../../../components/cluster/validate-nodes";
import { iamPolicies } from "../../../policy-packs/aws-baseline/policies/iam";
import { declare, doc } from "../../support/harness";
import { runPolicy } from "../../support/policy";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/ebs";
const ARGS: KarpenterArgs = {
    clusterName: "dev",
    kubernetesVersion: "1.34",
    accountId: "111111111111",
    region: "eu-west-1",
    ebsKmsKeyArn: KEY,
    cpuLimit: 200,
    memoryLimitGiB: 800,
    tags: { team: "platform" },
};
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111111111111:dev-karpenter";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CR_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const CR_NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

function karpenter(args: KarpenterArgs = ARGS) {
    return declare(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        return new Karpenter("karpenter", args, { providers: [provider] });
    });
}

describe("Karpenter", () => {
    it("creates the controller identity, node role, interruption queue and rules, both charts and the default node class and pool", async () => {
        const plan = await karpenter();
        expect(plan.inventory((r) => r.type !== "pulumi:providers:kubernetes")).to.deep.equal([
            "aws:cloudwatch/eventRule:EventRule::karpenter-rebalance",
            "aws:cloudwatch/eventRule:EventRule::karpenter-scheduled-change",
            "aws:cloudwatch/eventRule:EventRule::karpenter-spot-interruption",
            "aws:cloudwatch/eventRule:EventRule::karpenter-state-change",
            "aws:cloudwatch/eventTarget:EventTarget::karpenter-rebalance-target",
            "aws:cloudwatch/eventTarget:EventTarget::karpenter-scheduled-change-target",
            "aws:cloudwatch/eventTarget:EventTarget::karpenter-spot-interruption-target",
            "aws:cloudwatch/eventTarget:EventTarget::karpenter-state-change-target",
            "aws:eks/accessEntry:AccessEntry::karpenter-node-access",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::karpenter-controller",
            "aws:iam/role:Role::karpenter-controller",
            "aws:iam/role:Role::karpenter-node",
            "aws:iam/rolePolicy:RolePolicy::karpenter-controller-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::karpenter-node-0",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::karpenter-node-1",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::karpenter-node-2",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::karpenter-node-3",
            "aws:sqs/queue:Queue::karpenter-interruption",
            "aws:sqs/queuePolicy:QueuePolicy::karpenter-interruption-policy",
            `${RELEASE}::karpenter`,
            `${RELEASE}::karpenter-crd`,
            `${CR_NODE_CLASS}::karpenter-node-class`,
            `${CR_NODE_POOL}::karpenter-node-pool`,
            "platform:cluster:Karpenter::karpenter",
            "platform:cluster:NodeRole::karpenter-node",
            "platform:cluster:PodIdentityRole::karpenter-controller",
        ]);
        expect(plan.childrenOf(plan.one("platform:cluster:Karpenter", "karpenter"))).to.have.length(16);
    });

    it("tags the cluster security group for node discovery when given", async () => {
        const plan = await karpenter({ ...ARGS, clusterSecurityGroupId: "sg-cluster" });
        expect(plan.one("aws:ec2/tag:Tag", "karpenter-sg-discovery").inputs).to.deep.equal({ resourceId: "sg-cluster", key: "karpenter.sh/discovery", value: ARGS.clusterName });
        expect((await karpenter()).ofType("aws:ec2/tag:Tag")).to.deep.equal([]);
    });

    it("creates the Kubernetes resources with the provider from opts", async () => {
        const plan = await karpenter();
        const provider = plan.one("pulumi:providers:kubernetes", "k8s");
        for (const [type, n] of [
            [RELEASE, "karpenter"],
            [RELEASE, "karpenter-crd"],
            [CR_NODE_CLASS, "karpenter-node-class"],
            [CR_NODE_POOL, "karpenter-node-pool"],
        ]) {
            expect(plan.one(type, n).provider, n).to.equal(provider.urn);
        }
    });

    it("binds the controller role to kube-system/karpenter with the scoped controller policy", async () => {
        const plan = await karpenter();
        expect(plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "karpenter-controller").inputs).to.include({
            clusterName: "dev",
            namespace: "kube-system",
            serviceAccount: "karpenter",
        });
        const policy = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "karpenter-controller-policy").inputs.policy);
        expect(policy.Statement.map((s: any) => s.Sid)).to.deep.equal([
            "AllowScopedEC2InstanceAccessActions",
            "AllowScopedEC2LaunchTemplateAccessActions",
            "AllowScopedEC2InstanceActionsWithTags",
            "AllowScopedResourceCreationTagging",
            "AllowScopedResourceTagging",
            "AllowScopedDeletion",
            "AllowPassingInstanceRole",
            "AllowScopedInstanceProfileCreationActions",
            "AllowScopedInstanceProfileTagActions",
            "AllowScopedInstanceProfileActions",
            "AllowAPIServerEndpointDiscovery",
            "AllowInterruptionQueueActions",
            "AllowRegionalReadActions",
            "AllowSSMReadActions",
            "AllowPricingReadActions",
            "AllowUnscopedInstanceProfileListAction",
            "AllowInstanceProfileReadActions",
        ]);
        // An inline role policy holds at most 10,240 characters.
        expect(String(plan.one("aws:iam/rolePolicy:RolePolicy", "karpenter-controller-policy").inputs.policy).length).to.be.below(10240);
    });

    it("passes only the node role, only to EC2", () => {
        const statements = karpenterControllerStatements({ clusterName: "dev", accountId: "111111111111", region: "eu-west-1", nodeRoleArn: "arn:aws:iam::111111111111:role/dev-karpenter-node", queueArn: QUEUE_ARN });
        const passRole = statements.filter((s) => ([] as string[]).concat(s.Action ?? []).includes("iam:PassRole"));
        expect(passRole).to.deep.equal([
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: "arn:aws:iam::111111111111:role/dev-karpenter-node",
                Action: "iam:PassRole",
                Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            },
        ]);
    });

    it("scopes launching, tagging and terminating to resources tagged for this cluster", () => {
        const statements = karpenterControllerStatements({ clusterName: "dev", accountId: "111111111111", region: "eu-west-1", nodeRoleArn: "arn:x", queueArn: QUEUE_ARN });
        const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
        expect(bySid.AllowScopedDeletion).to.deep.equal({
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Resource: ["arn:aws:ec2:eu-west-1:*:instance/*", "arn:aws:ec2:eu-west-1:*:launch-template/*"],
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Condition: { StringEquals: { "aws:ResourceTag/kubernetes.io/cluster/dev": "owned" }, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        });
        expect(bySid.AllowScopedEC2InstanceActionsWithTags.Condition).to.deep.equal({
            StringEquals: { "aws:RequestTag/kubernetes.io/cluster/dev": "owned", "aws:RequestTag/eks:eks-cluster-name": "dev" },
            StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        });
        expect(bySid.AllowScopedEC2InstanceAccessActions.Resource).to.deep.equal([
            "arn:aws:ec2:eu-west-1::image/*",
            "arn:aws:ec2:eu-west-1::snapshot/*",
            "arn:aws:ec2:eu-west-1:*:security-group/*",
            "arn:aws:ec2:eu-west-1:*:subnet/*",
            "arn:aws:ec2:eu-west-1:*:capacity-reservation/*",
        ]);
        expect(bySid.AllowInterruptionQueueActions).to.deep.equal({
            Sid: "AllowInterruptionQueueActions",
            Effect: "Allow",
            Resource: QUEUE_ARN,
            Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
        });
        expect(bySid.AllowAPIServerEndpointDiscovery.Resource).to.equal("arn:aws:eks:eu-west-1:111111111111:cluster/dev");
        expect(bySid.AllowRegionalReadActions.Condition).to.deep.equal({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } });
        // Every Allow on "*" is a read, and none is a service wildcard.
        const onStar = statements.filter((s) => s.Resource === "*").flatMap((s) => ([] as string[]).concat(s.Action ?? []));
        expect(onStar.every((a) => /^(ec2:Describe|pricing:GetProducts|iam:ListInstanceProfiles)/.test(a)), onStar.join(",")).to.equal(true);
    });

    it("names the node role for PassRole, keeps the CNI policy off it and registers it for EC2_LINUX", async () => {
        const plan = await karpenter();
        expect(plan.one("aws:iam/role:Role", "karpenter-node").inputs.name).to.equal("dev-karpenter-node");
        const arns = plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
        expect(arns.some((a) => String(a).includes("CNI"))).to.equal(false);
        expect(plan.one("aws:eks/accessEntry:AccessEntry", "karpenter-node-access").inputs).to.include({ clusterName: "dev", type: "EC2_LINUX" });
    });

    it("passes the node role by its ARN with the platform path, the path and boundary the node role is created with", async () => {
        const plan = await karpenter();
        const node = plan.one("aws:iam/role:Role", "karpenter-node").inputs;
        expect(node).to.include({ name: "dev-karpenter-node", path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        const controller = plan.one("aws:iam/role:Role", "karpenter-controller").inputs;
        expect(controller).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        const pass = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "karpenter-controller-policy").inputs.policy).Statement.find((s: { Sid?: string }) => s.Sid === "AllowPassingInstanceRole");
        expect(pass.Resource).to.equal(`arn:aws:iam::111111111111:role${node.path}${node.name}`);
    });

    it("keeps interruption messages 5 minutes in an SSE-SQS queue that only EventBridge and SQS of this account may write, over TLS", async () => {
        const plan = await karpenter();
        expect(plan.one("aws:sqs/queue:Queue", "karpenter-interruption").inputs).to.include({ name: "dev-karpenter", messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
        const policy = plan.one("aws:sqs/queuePolicy:QueuePolicy", "karpenter-interruption-policy");
        expect(policy.inputs.queueUrl).to.equal("https://sqs.us-east-1.amazonaws.com/000000000000/dev-karpenter");
        expect(doc(policy.inputs.policy)).to.deep.equal({
            Id: "EC2InterruptionPolicy",
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EventBridgeDelivery",
                    Effect: "Allow",
                    Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                    Action: "sqs:SendMessage",
                    Resource: QUEUE_ARN,
                    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
                },
                { Sid: "DenyHTTP", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ],
        });
    });

    it("routes the four interruption event kinds to the queue", async () => {
        const plan = await karpenter();
        const patterns = Object.fromEntries(plan.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => [r.name, doc(r.inputs.eventPattern)]));
        expect(patterns).to.deep.equal({
            "karpenter-scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
            "karpenter-spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
            "karpenter-rebalance": { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
            "karpenter-state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
        });
        for (const t of plan.ofType("aws:cloudwatch/eventTarget:EventTarget")) {
            const rule = t.name.replace(/-target$/, "");
            expect(t.inputs, t.name).to.deep.include({ arn: "arn:aws:sqs:us-east-1:000000000000:dev-karpenter", targetId: "KarpenterInterruptionQueueTarget" });
            expect(plan.dependenciesOf(t).map((r) => r.name), t.name).to.include.members([rule, "karpenter-interruption", "karpenter-interruption-policy"]);
        }
    });

    it("installs the pinned CRD chart and the pinned controller chart with typed values", async () => {
        const plan = await karpenter({ ...ARGS, systemPool: true });
        const crd = plan.one(RELEASE, "karpenter-crd");
        expect(crd.inputs).to.include({ name: "karpenter-crd", chart: KARPENTER_CRD_CHART, version: KARPENTER_CHART_VERSION, namespace: "kube-system" });
        const release = plan.one(RELEASE, "karpenter");
        expect(release.inputs).to.include({ name: "karpenter", chart: "oci://public.ecr.aws/karpenter/karpenter", version: KARPENTER_CHART_VERSION, namespace: "kube-system", skipCrds: true });
        expect(KARPENTER_CHART).to.equal("oci://public.ecr.aws/karpenter/karpenter");
        expect(release.inputs.values).to.deep.equal({
            serviceAccount: { create: true, name: "karpenter" },
            replicas: 2,
            settings: { clusterName: "dev", interruptionQueue: "dev-karpenter" },
            controller: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } } },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
            nodeSelector: { "platform/pool": "system" },
        });
    });

    it("starts the controller after its CRDs, identity, queue and rules", async () => {
        const plan = await karpenter();
        const deps = plan.dependenciesOf(plan.one(RELEASE, "karpenter")).map((r) => `${r.type}::${r.name}`);
        expect(deps).to.include.members([
            `${RELEASE}::karpenter-crd`,
            "platform:cluster:PodIdentityRole::karpenter-controller",
            "aws:sqs/queue:Queue::karpenter-interruption",
            "aws:sqs/queuePolicy:QueuePolicy::karpenter-interruption-policy",
            "aws:cloudwatch/eventTarget:EventTarget::karpenter-spot-interruption-target",
        ]);
    });

    it("declares the default EC2NodeClass: AL2023, discovery by tag, encrypted gp3, IMDSv2 with hop limit 1", async () => {
        const plan = await karpenter();
        const nodeClass = plan.one(CR_NODE_CLASS, "karpenter-node-class");
        expect(nodeClass.inputs).to.deep.equal({
            apiVersion: "karpenter.k8s.aws/v1",
            kind: "EC2NodeClass",
            metadata: { name: "default" },
            spec: {
                role: "dev-karpenter-node",
                amiSelectorTerms: [{ alias: "al2023@latest" }],
                subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "dev" } }],
                securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "dev" } }],
                blockDeviceMappings: [
                    { deviceName: "/dev/xvda", ebs: { volumeSize: "50Gi", volumeType: "gp3", iops: 3000, throughput: 125, encrypted: true, kmsKeyID: KEY, deleteOnTermination: true } },
                ],
                metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
                tags: { team: "platform" },
            },
        });
        const deps = plan.dependenciesOf(nodeClass).map((r) => `${r.type}::${r.name}`);
        expect(deps).to.include.members([`${RELEASE}::karpenter`, `${RELEASE}::karpenter-crd`, "platform:cluster:NodeRole::karpenter-node"]);
    });

    it("takes a pinned AMI alias, hop limit 2 and a larger disk", async () => {
        const plan = await karpenter({ ...ARGS, amiAlias: "al2023@v20251217", metadataHopLimit: 2, diskSizeGiB: 100 });
        const spec = plan.one(CR_NODE_CLASS, "karpenter-node-class").inputs.spec as any;
        expect(spec.amiSelectorTerms).to.deep.equal([{ alias: "al2023@v20251217" }]);
        expect(spec.metadataOptions.httpPutResponseHopLimit).to.equal(2);
        expect(spec.blockDeviceMappings[0].ebs.volumeSize).to.equal("100Gi");
    });

    it("declares the default NodePool with limits, requirements and consolidation", async () => {
        const plan = await karpenter({ ...ARGS, capacityTypes: ["spot", "on-demand"], architectures: ["arm64"], nodeLabels: { "example.com/pool": "default" } });
        const pool = plan.one(CR_NODE_POOL, "karpenter-node-pool");
        expect(pool.inputs).to.deep.equal({
            apiVersion: "karpenter.sh/v1",
            kind: "NodePool",
            metadata: { name: "default" },
            spec: {
                template: {
                    metadata: { labels: { "example.com/pool": "default" } },
                    spec: {
                        nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                        requirements: [
                            { key: "kubernetes.io/arch", operator: "In", values: ["arm64"] },
                            { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                            { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
                            { key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["c", "m", "r"] },
                            { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["2"] },
                        ],
                        expireAfter: "720h",
                    },
                },
                limits: { cpu: "200", memory: "800Gi" },
                disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", budgets: [{ nodes: "10%" }] },
            },
        });
        const deps = plan.dependenciesOf(pool).map((r) => `${r.type}::${r.name}`);
        expect(deps).to.include.members([`${RELEASE}::karpenter`, `${CR_NODE_CLASS}::karpenter-node-class`]);
    });
});

describe("validateKarpenterArgs", () => {
    const BASE: KarpenterShape = { clusterName: "dev", kubernetesVersion: "1.34", accountId: "111111111111", cpuLimit: 100, memoryLimitGiB: 400 };
    const FACTS: KarpenterFacts = { nodeRoleName: "dev-karpenter-node", queueName: "dev-karpenter", chartVersion: "1.9.0", maxKubernetesVersion: "1.35" };
    const cases: [string, Partial<KarpenterShape>, Partial<KarpenterFacts>, string[]][] = [
        ["rejects a cluster name with dots", { clusterName: "dev.cluster" }, {}, ['clusterName: "dev.cluster" is not an EKS cluster name (1 to 100 of [A-Za-z0-9-_], starting alphanumeric)']],
        [
            "rejects a cluster name that makes the node role name too long",
            { clusterName: "c".repeat(50) },
            { nodeRoleName: `${"c".repeat(50)}-karpenter-node` },
            [`clusterName: "${"c".repeat(50)}" makes the node role name "${"c".repeat(50)}-karpenter-node" longer than 64 characters; use a shorter cluster name`],
        ],
        ["rejects a Kubernetes version newer than the chart supports", {}, { maxKubernetesVersion: "1.33" }, ['kubernetesVersion: "1.34" is newer than Karpenter 1.9.0 supports (up to 1.33); raise KARPENTER_CHART_VERSION first']],
        ["rejects an unsupported Kubernetes version", { kubernetesVersion: "1.27" }, {}, ['kubernetesVersion: "1.27" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
        ["rejects a zero CPU limit", { cpuLimit: 0 }, {}, ["cpuLimit: 0 is not in 1..100000"]],
        ["rejects an unknown capacity type", { capacityTypes: ["reserved" as never] }, {}, ['capacityTypes[0]: "reserved" is not one of "on-demand", "spot"']],
        ["rejects no capacity type", { capacityTypes: [] }, {}, ['capacityTypes: [] is empty; list one or more of "on-demand", "spot"']],
        ["rejects an unknown architecture", { architectures: ["x86_64" as never] }, {}, ['architectures[0]: "x86_64" is not one of "amd64", "arm64"']],
        ["rejects a malformed instance category", { instanceCategories: ["M5"] }, {}, ['instanceCategories[0]: "M5" is not an EC2 instance category (1 to 3 lowercase letters, for example "m")']],
        ["rejects hop limit 3", { metadataHopLimit: 3 }, {}, ["metadataHopLimit: 3 is not in 1..2"]],
        ["rejects a non-AL2023 alias", { amiAlias: "bottlerocket@latest" }, {}, ['amiAlias: "bottlerocket@latest" is not an AL2023 alias ("al2023@vYYYYMMDD" or "al2023@latest")']],
        ["rejects a malformed controller memory", { controllerMemory: "1G" }, {}, ['controllerMemory: "1G" is not a memory quantity in Mi or Gi (for example "1Gi")']],
        ["rejects a reserved node label", { nodeLabels: { "kubernetes.io/role": "x" } }, {}, ['nodeLabels: "kubernetes.io/role" uses a kubernetes.io or k8s.io prefix that kubelet may not set; use node-restriction.kubernetes.io/ or your own prefix']],
    ];
    for (const [title, change, facts, problems] of cases) {
        it(title, () => {
            expect(() => validateKarpenterArgs({ ...BASE, ...change }, { ...FACTS, ...facts })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("accepts the defaults", () => {
        expect(() => validateKarpenterArgs(BASE, FACTS)).not.to.throw();
    });
});

describe("Karpenter against the aws-baseline IAM policies", () => {
    for (const policy of iamPolicies) {
        it(`passes ${policy.name}`, async () => {
            const plan = await karpenter();
            const resources = plan.resources.filter((r) => r.custom && r.type.startsWith("aws:")).map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.inputs }));
            expect((await runPolicy(policy, resources)).messages).to.deep.equal([]);
        });
    }
});
