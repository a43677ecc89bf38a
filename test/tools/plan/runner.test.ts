import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { SECRET } from "../../../tools/plan/model";
import { planOrder, planStack, runProgram, summarize } from "../../../tools/plan/runner";
import { listStacks } from "../../../tools/plan/stack-file";
import { declare } from "../../support/harness";

class Store extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    constructor(name: string, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:test:Store", name, {}, opts);
        const key = new aws.kms.Key(`${name}-key`, { enableKeyRotation: true, tags: { Name: `${name}-key` } }, { parent: this, protect: true, retainOnDelete: true });
        const bucket = new aws.s3.Bucket(name, { tags: { team: "a" } }, { parent: this, ignoreChanges: ["tags"] });
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-sse`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }] },
            { parent: this, dependsOn: [key], deleteBeforeReplace: true },
        );
        this.bucketName = bucket.bucket;
        this.registerOutputs({});
    }
}

function program() {
    const provider = new aws.Provider("acct", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deployer" }], defaultTags: { tags: { environment: "dev", team: "platform" } } });
    const store = new Store("logs", { providers: [provider] });
    const net = new pulumi.StackReference("network");
    return { bucket: store.bucketName, tgw: net.getOutput("transitGatewayId"), secret: pulumi.secret("s3cr3t") };
}

describe("offline plan runner", () => {
    it("records type, name, parent, provider and real-style URNs", async () => {
        const plan = await declare(program, { stackOutputs: { network: { transitGatewayId: "tgw-123" } } });
        const key = plan.one("aws:kms/key:Key", "logs-key");
        expect(key.urn).to.equal("urn:pulumi:test::platform::platform:test:Store$aws:kms/key:Key::logs-key");
        expect(key.parent).to.equal("urn:pulumi:test::platform::platform:test:Store::logs");
        expect(key.provider).to.equal("urn:pulumi:test::platform::pulumi:providers:aws::acct");
        expect(plan.one("platform:test:Store", "logs").parent).to.equal("urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test");
    });

    it("records the options mocks never see", async () => {
        const plan = await declare(program, { stackOutputs: { network: { transitGatewayId: "tgw-123" } } });
        const key = plan.one("aws:kms/key:Key", "logs-key");
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
        const bucket = plan.one("aws:s3/bucket:Bucket", "logs");
        expect([bucket.protect, bucket.retainOnDelete, bucket.ignoreChanges]).to.deep.equal([false, false, ["tags"]]);
        expect(bucket.aliases).to.deep.equal([]);
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-sse").deleteBeforeReplace).to.equal(true);
    });

    it("records dependencies from inputs and dependsOn, per property", async () => {
        const plan = await declare(program, { stackOutputs: { network: { transitGatewayId: "tgw-123" } } });
        const sse = plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-sse");
        const keyUrn = "urn:pulumi:test::platform::platform:test:Store$aws:kms/key:Key::logs-key";
        const bucketUrn = "urn:pulumi:test::platform::platform:test:Store$aws:s3/bucket:Bucket::logs";
        expect(sse.dependencies).to.deep.equal([keyUrn, bucketUrn].sort());
        expect(sse.propertyDependencies).to.deep.equal({ bucket: [bucketUrn], rules: [keyUrn] });
        expect((sse.inputs.rules as any)[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal("arn:aws:kms:eu-west-1:123456789012:key/logs-key-key-id");
    });

    it("merges provider default tags under the resource's own tags", async () => {
        const plan = await declare(program, { stackOutputs: { network: { transitGatewayId: "tgw-123" } } });
        expect(plan.one("aws:s3/bucket:Bucket", "logs").effectiveTags).to.deep.equal({ environment: "dev", team: "a" });
        expect(plan.one("aws:kms/key:Key", "logs-key").effectiveTags).to.deep.equal({ environment: "dev", team: "platform", Name: "logs-key" });
    });

    it("answers stack references from the given outputs and masks secrets", async () => {
        const plan = await declare(program, { stackOutputs: { network: { transitGatewayId: "tgw-123" } } });
        expect(plan.outputs).to.deep.equal({ bucket: "logs-id", tgw: "tgw-123", secret: SECRET });
    });

    it("passes secure config values as placeholders, never their ciphertext", async () => {
        const run = await runProgram(
            async () => {
                const cfg = new pulumi.Config("platform");
                return { token: cfg.requireSecret("token"), plain: cfg.require("plain") };
            },
            { stack: "test", config: { "platform:token": SECRET, "platform:plain": "x" }, secretKeys: ["platform:token"] },
        );
        expect(run.outputs).to.deep.equal({ token: SECRET, plain: "x" });
    });

    it("keeps a program's own error and leaves the runtime usable", async () => {
        let caught: unknown;
        try {
            await runProgram(async () => {
                throw new Error("boom");
            }, { stack: "failing" });
        } catch (e) {
            caught = e;
        }
        expect((caught as Error).message).to.equal("boom");
        const run = await runProgram(async () => {
            new aws.sqs.Queue("q", {});
        }, { stack: "after" });
        expect(run.resources.map((r) => r.urn)).to.deep.equal(["urn:pulumi:after::platform::aws:sqs/queue:Queue::q"]);
    });

    it("rejects an invoke that is not mocked, naming it", async () => {
        let caught: unknown;
        try {
            await runProgram(async () => {
                await aws.ec2.getVpc({ default: true });
            }, { stack: "invoke" });
        } catch (e) {
            caught = e;
        }
        expect(String(caught)).to.contain("invoke aws:ec2/getVpc:getVpc is not mocked");
    });

    it("records an input known only after apply as unknown, with its dependency", async () => {
        const plan = await declare(() => {
            const instance = new aws.ec2.Instance("vm", { ami: "ami-123", instanceType: "t3.micro" });
            new aws.ec2.Tag("vm-ip", { resourceId: "r-1", key: "ip", value: instance.privateIp });
        });
        const tag = plan.one("aws:ec2/tag:Tag", "vm-ip");
        expect(tag.inputs).to.deep.equal({ resourceId: "r-1", key: "ip", value: "<computed>" });
        expect(tag.propertyDependencies).to.deep.equal({ value: ["urn:pulumi:test::platform::aws:ec2/instance:Instance::vm"] });
    });

    it("marks a resource the program reads (Resource.get) with its ID, named after it", async () => {
        const plan = await declare(() => {
            const c = aws.eks.Cluster.get("adopted", "existing-cluster");
            return { name: c.name, arn: c.arn };
        });
        const adopted = plan.one("aws:eks/cluster:Cluster", "adopted");
        expect(adopted.readId).to.equal("existing-cluster");
        expect(adopted.inputs).to.deep.equal({});
        expect(plan.outputs).to.deep.equal({ name: "existing-cluster", arn: "arn:aws:eks:us-east-1:000000000000:cluster/existing-cluster" });
        expect(plan.one("aws:eks/cluster:Cluster", "adopted").protect).to.equal(false);
    });

    it("summarizes by type, counting components apart", () => {
        const s = summarize([
            { type: "aws:kms/key:Key", custom: true },
            { type: "aws:kms/key:Key", custom: true },
            { type: "platform:kms:KmsKey", custom: false },
        ] as any);
        expect(s).to.deep.equal({ resourceCount: 3, customResourceCount: 2, componentCount: 1, byType: { "aws:kms/key:Key": 2, "platform:kms:KmsKey": 1 } });
    });

    it("plans a referenced stack first and hands its outputs to the reference", async () => {
        const seen: string[] = [];
        const cache = new Map();
        const prog = async () => {
            const stack = pulumi.getStack();
            seen.push(stack);
            if (stack === "dev") {
                const ref = new pulumi.StackReference("network");
                return { tgw: ref.requireOutput("transitGatewayId") };
            }
            return { transitGatewayId: "tgw-from-network" };
        };
        const plan = await planStack({ stack: "dev", program: prog, cache, references: (c) => (c["platform:role"] === "workload" ? ["network"] : []) });
        expect(plan.outputs).to.deep.equal({ tgw: "tgw-from-network" });
        expect(seen).to.deep.equal(["network", "dev"]);
        expect([...cache.keys()]).to.deep.equal(["network"]);
    });

    it("orders stacks for plan --all: each after the stacks it references, otherwise as given", () => {
        // Stand-in references, keyed by the stack's platform:environment (each example stack's name).
        const refs: Record<string, string[]> = { dev: ["network", "shared"], prod: ["shared", "network"], shared: ["network"] };
        const references = (c: Record<string, unknown>) => refs[String(c["platform:environment"])] ?? [];
        expect(planOrder(["dev", "network", "prod", "shared"], references)).to.deep.equal(["network", "shared", "dev", "prod"]);
        expect(planOrder(["prod", "bootstrap"], references)).to.deep.equal(["prod", "bootstrap"]);
        expect(planOrder(["network", "dev"], () => [])).to.deep.equal(["network", "dev"]);
    });

    it("orders the real stacks so that every reference is planned first, and refuses a cycle", () => {
        const order = planOrder(listStacks());
        expect([...order].sort()).to.deep.equal(listStacks());
        expect(order.indexOf("network")).to.be.lessThan(order.indexOf("prod"));
        expect(order.indexOf("shared")).to.be.lessThan(order.indexOf("dev"));
        const cycle = (c: Record<string, unknown>) => (c["platform:environment"] === "dev" ? ["prod"] : ["dev"]);
        expect(() => planOrder(["dev", "prod"], cycle)).to.throw("offline plan: stack references form a cycle: dev -> prod -> dev");
    });
});
