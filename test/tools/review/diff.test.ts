import { expect } from "chai";
import { SECRET, UNKNOWN } from "../../../tools/plan/model";
import { DIFF_MARKDOWN_LIMIT, diffPlans, renderDiffMarkdown } from "../../../tools/review/diff";
import { changed, finding, planOf, res } from "./fixtures";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const EKS = "aws:eks/cluster:Cluster";
const KMS = "aws:kms/key:Key";

function vpcAndSubnet() {
    const vpc = res(VPC, "main", { inputs: { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true } });
    const subnet = res(SUBNET, "main-a", {
        inputs: { vpcId: "main-id", cidrBlock: "10.0.0.0/24", availabilityZone: "eu-west-1a" },
        dependencies: [vpc.urn],
        propertyDependencies: { vpcId: [vpc.urn] },
    });
    return { vpc, subnet };
}

describe("review: diffPlans", () => {
    it("lists creates and deletes, counts unchanged without listing them", () => {
        const keep = res("aws:iam/role:Role", "keep", { inputs: { name: "keep" } });
        const gone = res("aws:iam/role:Role", "gone");
        const added = res("aws:iam/role:Role", "added");
        const d = diffPlans(planOf([keep, gone]), planOf([keep, added]));
        expect(d.changes.map((c) => [c.op, c.name])).to.deep.equal([
            ["delete", "gone"],
            ["create", "added"],
        ]);
        expect([d.summary.create, d.summary.update, d.summary.replace, d.summary.delete, d.summary.unchanged, d.summary.total]).to.deep.equal([1, 0, 0, 1, 1, 2]);
        expect(d.summary.byType["aws:iam/role:Role"]).to.deep.equal({ create: 1, update: 0, replace: 0, delete: 1 });
    });

    it("updates in place when a changed input is not in the replacement table", () => {
        const { vpc } = vpcAndSubnet();
        const d = diffPlans(planOf([vpc]), planOf([changed(vpc, { enableDnsHostnames: false })]));
        expect(d.changes).to.have.length(1);
        expect(d.changes[0].op).to.equal("update");
        expect(d.changes[0].properties).to.deep.equal([{ path: "enableDnsHostnames", kind: "change", old: true, new: false }]);
    });

    it("replaces when an input in the table changes (VPC cidrBlock) and cascades to inputs that depend on it", () => {
        const { vpc, subnet } = vpcAndSubnet();
        const d = diffPlans(planOf([vpc, subnet]), planOf([changed(vpc, { cidrBlock: "10.1.0.0/16" }), subnet]));
        const byName = Object.fromEntries(d.changes.map((c) => [c.name, c]));
        expect(byName.main.op).to.equal("replace");
        expect(byName.main.replaceReasons).to.deep.equal(["cidrBlock forces replacement"]);
        expect(byName["main-a"].op).to.equal("replace");
        expect(byName["main-a"].properties).to.deep.equal([{ path: "vpcId", kind: "change", old: "main-id", new: UNKNOWN, computed: true, replaces: "vpcId forces replacement (depends on replaced main)" }]);
        // Sorted by level, kind, then URN (the subnet's type sorts before the VPC's).
        expect(d.risks.map((r) => [r.kind, r.name])).to.deep.equal([
            ["replace-stateful", "main-a"],
            ["replace-stateful", "main"],
        ]);
    });

    it("replaces an EKS cluster whose subnets move to a replaced VPC (a cluster cannot change its VPC)", () => {
        const { vpc, subnet } = vpcAndSubnet();
        const cluster = res(EKS, "c", {
            inputs: { name: "c", roleArn: "arn:role", vpcConfig: { subnetIds: ["main-a-id"], endpointPublicAccess: false } },
            dependencies: [subnet.urn],
            propertyDependencies: { vpcConfig: [subnet.urn] },
        });
        const d = diffPlans(planOf([vpc, subnet, cluster]), planOf([changed(vpc, { cidrBlock: "10.1.0.0/16" }), subnet, cluster]));
        const c = d.changes.find((x) => x.name === "c")!;
        expect(c.op).to.equal("replace");
        expect(c.replaceReasons).to.deep.equal(["vpcConfig refers to main-a, which moves to a new VPC; a Cluster cannot change its VPC"]);
        expect(c.properties).to.deep.equal([
            { path: "vpcConfig", kind: "change", old: { subnetIds: ["main-a-id"], endpointPublicAccess: false }, new: UNKNOWN, computed: true, replaces: "vpcConfig refers to main-a, which moves to a new VPC; a Cluster cannot change its VPC" },
        ]);
        // Stateful replacements, by URN: the subnet, the VPC and the cluster.
        expect(d.risks.map((r) => [r.kind, r.name])).to.deep.equal([
            ["replace-stateful", "main-a"],
            ["replace-stateful", "main"],
            ["replace-stateful", "c"],
        ]);
    });

    it("updates an EKS cluster in place when a subnet it uses is replaced inside the same VPC", () => {
        const { vpc, subnet } = vpcAndSubnet();
        const cluster = res(EKS, "c", { inputs: { name: "c", vpcConfig: { subnetIds: ["main-a-id"] } }, dependencies: [subnet.urn], propertyDependencies: { vpcConfig: [subnet.urn] } });
        const d = diffPlans(planOf([vpc, subnet, cluster]), planOf([vpc, changed(subnet, { cidrBlock: "10.0.1.0/24" }), cluster]));
        const byName = Object.fromEntries(d.changes.map((x) => [x.name, x]));
        expect(byName["main-a"].op).to.equal("replace");
        expect(byName.c.op).to.equal("update");
        expect(byName.c.properties).to.deep.equal([{ path: "vpcConfig", kind: "change", old: { subnetIds: ["main-a-id"] }, new: UNKNOWN, computed: true }]);
    });

    it("reports deletion protection turned off and protect removed as protection-removed risks", () => {
        const cluster = res(EKS, "c", { inputs: { name: "c", deletionProtection: true }, protect: true, retainOnDelete: true });
        const d = diffPlans(planOf([cluster]), planOf([changed(cluster, { deletionProtection: false }, { protect: false, retainOnDelete: false })]));
        expect(d.risks.map((r) => [r.kind, r.rule, r.message])).to.deep.equal([
            ["protection-removed", "deletion-protection-off", "deletion protection turned off: deletionProtection: true → false"],
            ["protection-removed", "protect-removed", "protect option removed: protect: true → false"],
            ["protection-removed", "retain-removed", "retainOnDelete option removed: retainOnDelete: true → false"],
        ]);
        const unset = diffPlans(planOf([cluster]), planOf([{ ...cluster, inputs: { name: "c" } }]));
        expect(unset.risks.map((r) => r.message)).to.deep.equal(["deletion protection turned off: deletionProtection: true → unset"]);
    });

    it("orders risks by severity, grouped per resource: stateful replacements first, then protection removed, then the rest", () => {
        const keys = Array.from({ length: 15 }, (_, i) => res("aws:iam/role:Role", `r${String(i).padStart(2, "0")}`, { protect: true, retainOnDelete: true }));
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "a-sg", { inputs: { ingress: [] } });
        const kms = res(KMS, "z-key", { inputs: { keySpec: "SYMMETRIC_DEFAULT" }, protect: true });
        const base = planOf([sg, ...keys, kms]);
        const head = planOf([
            changed(sg, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
            ...keys.map((k) => changed(k, {}, { protect: false, retainOnDelete: false })),
            changed(kms, { keySpec: "RSA_2048" }, { protect: false }),
        ]);
        const d = diffPlans(base, head);
        const kinds = d.risks.map((r) => `${r.name}:${r.kind}`);
        // The key's replacement leads, its own protection removed follows it (grouped), then the roles, then the rest.
        expect(kinds.slice(0, 4)).to.deep.equal(["z-key:replace-protected", "z-key:replace-stateful", "z-key:protection-removed", "r00:protection-removed"]);
        expect(kinds[kinds.length - 1]).to.equal("a-sg:security-loosened");
        const md = renderDiffMarkdown(d);
        const rows = md.split("\n").filter((l) => l.startsWith("| **high** |") || l.startsWith("| medium |"));
        expect(rows[0]).to.match(/^\| \*\*high\*\* \| replace-protected, replace-stateful, protection-removed \| `aws:kms:Key` `z-key` \|/);
        // Ten role rows, then one row for the other five, then the security group.
        expect(rows.filter((r) => r.includes("`aws:iam:Role`"))).to.have.length(10);
        expect(rows[11]).to.contain("5 more resources");
        expect(rows[12]).to.contain("security-loosened");
    });

    it("replaces through the resource's own replaceOnChanges", () => {
        const fn = res("aws:lambda/function:Function", "fn", { inputs: { runtime: "nodejs20.x", memorySize: 128 }, replaceOnChanges: ["runtime"] });
        const d = diffPlans(planOf([fn]), planOf([changed(fn, { runtime: "nodejs22.x" })]));
        expect(d.changes[0].op).to.equal("replace");
        expect(d.changes[0].replaceReasons).to.deep.equal(["replaceOnChanges: runtime"]);
        const mem = diffPlans(planOf([fn]), planOf([changed(fn, { memorySize: 256 })]));
        expect(mem.changes[0].op).to.equal("update");
    });

    it("updates an EKS cluster's subnets in place (UpdateClusterConfig) but replaces it on a new name", () => {
        const cluster = res(EKS, "c", { inputs: { name: "c", roleArn: "arn:role", vpcConfig: { subnetIds: ["a", "b"], endpointPublicAccess: false } } });
        const subnets = diffPlans(planOf([cluster]), planOf([changed(cluster, { vpcConfig: { subnetIds: ["a", "c"], endpointPublicAccess: false } })]));
        expect(subnets.changes[0].op).to.equal("update");
        expect(subnets.changes[0].properties).to.deep.equal([{ path: "vpcConfig.subnetIds", kind: "change", old: ["a", "b"], new: ["a", "c"] }]);
        const renamed = diffPlans(planOf([cluster]), planOf([changed(cluster, { name: "c2" })]));
        expect(renamed.changes[0].op).to.equal("replace");
        expect(renamed.risks.map((r) => r.kind)).to.deep.equal(["replace-stateful"]);
    });

    it("does not diff ignoreChanges paths", () => {
        const ng = res("aws:eks/nodeGroup:NodeGroup", "ng", { inputs: { scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 3 } }, ignoreChanges: ["scalingConfig.desiredSize"] });
        const d = diffPlans(planOf([ng]), planOf([changed(ng, { scalingConfig: { desiredSize: 5, minSize: 1, maxSize: 3 } })]));
        expect(d.changes).to.deep.equal([]);
        expect(d.summary.unchanged).to.equal(1);
    });

    it("flags the deletion of a protected, retained KMS key as high risk", () => {
        const key = res(KMS, "data", { protect: true, retainOnDelete: true, inputs: { enableKeyRotation: true } });
        const d = diffPlans(planOf([key]), planOf([]));
        expect(d.changes.map((c) => c.op)).to.deep.equal(["delete"]);
        expect(d.risks.map((r) => [r.level, r.kind])).to.deep.equal([
            ["high", "delete-protected"],
            ["high", "delete-stateful"],
        ]);
        expect(d.risks[0].message).to.equal(
            "deletes protected aws:kms/key:Key data; pulumi up refuses until protect is removed (retainOnDelete: left in the cloud but no longer managed)",
        );
    });

    it("flags deleteBeforeReplace as downtime", () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "sg", { deleteBeforeReplace: true, inputs: { name: "sg", description: "a", vpcId: "v" } });
        const d = diffPlans(planOf([sg]), planOf([changed(sg, { description: "b" })]));
        expect(d.changes[0].op).to.equal("replace");
        expect(d.risks.map((r) => [r.level, r.kind, r.message])).to.deep.equal([["medium", "delete-before-replace", "deleteBeforeReplace: sg is deleted before its replacement exists (downtime)"]]);
    });

    it("masks secrets on either side and keys named like secrets, and never writes their values", () => {
        const db = res("aws:rds/instance:Instance", "db", { inputs: { password: "old-pass", apiToken: "tok-1", note: SECRET, other: "plain", same: SECRET } });
        const head = changed(db, { password: "new-pass", apiToken: SECRET, note: "now-plain", other: SECRET });
        const d = diffPlans(planOf([db]), planOf([head]));
        expect(d.changes[0].properties).to.deep.equal([
            { path: "apiToken", kind: "change", old: SECRET, new: SECRET, masked: true },
            { path: "note", kind: "change", old: SECRET, new: SECRET, masked: true },
            { path: "other", kind: "change", old: SECRET, new: SECRET, masked: true },
            { path: "password", kind: "change", old: SECRET, new: SECRET, masked: true },
        ]);
        const text = JSON.stringify(d) + renderDiffMarkdown(d);
        for (const leaked of ["old-pass", "new-pass", "tok-1", "now-plain", "plain\""]) {
            expect(text).not.to.contain(leaked);
        }
    });

    it("keeps a boolean under a token-like key readable (automountServiceAccountToken)", () => {
        const sa = res("kubernetes:core/v1:ServiceAccount", "sa", { inputs: { automountServiceAccountToken: false } });
        const d = diffPlans(planOf([sa]), planOf([changed(sa, { automountServiceAccountToken: true })]));
        expect(d.changes[0].properties).to.deep.equal([{ path: "automountServiceAccountToken", kind: "change", old: false, new: true }]);
    });

    it("matches a renamed resource through its alias: an update, not a delete and a create", () => {
        const oldRole = res("aws:iam/role:Role", "nodes", { inputs: { path: "/" } });
        const renamed = res("aws:iam/role:Role", "node-role", { inputs: { path: "/" }, aliases: [JSON.stringify({ name: "nodes" })] });
        const d = diffPlans(planOf([oldRole]), planOf([renamed]));
        expect(d.changes.map((c) => [c.op, c.name, c.previousUrn])).to.deep.equal([["update", "node-role", oldRole.urn]]);
        expect([d.summary.create, d.summary.delete]).to.deep.equal([0, 0]);
    });

    it("moves the children of a renamed component with it (inherited aliases)", () => {
        const oldParent = res("platform:network:SpokeVpc", "net");
        const oldChild = res(VPC, "net", { parentRes: oldParent, inputs: { cidrBlock: "10.0.0.0/16" } });
        const oldSub = res(SUBNET, "net-a", { parentRes: oldParent, inputs: { cidrBlock: "10.0.0.0/24" } });
        const newParent = res("platform:network:SpokeVpc", "spoke", { aliases: [JSON.stringify({ name: "net" })] });
        const newChild = res(VPC, "spoke", { parentRes: newParent, inputs: { cidrBlock: "10.0.0.0/16" } });
        const newSub = res(SUBNET, "spoke-a", { parentRes: newParent, inputs: { cidrBlock: "10.0.0.0/24" } });
        const d = diffPlans(planOf([oldParent, oldChild, oldSub]), planOf([newParent, newChild, newSub]));
        expect(d.changes.map((c) => [c.op, c.type, c.name, c.previousUrn])).to.deep.equal([
            ["update", "aws:ec2/subnet:Subnet", "spoke-a", oldSub.urn],
            ["update", "aws:ec2/vpc:Vpc", "spoke", oldChild.urn],
            ["update", "platform:network:SpokeVpc", "spoke", oldParent.urn],
        ]);
        expect(d.risks).to.deep.equal([]);
    });

    it("flags loosened security settings with the rule and the values", () => {
        const cluster = res(EKS, "c", { inputs: { name: "c", vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } } });
        const key = res(KMS, "k", { inputs: { enableKeyRotation: true, deletionWindowInDays: 30 } });
        const logs = res("aws:cloudwatch/logGroup:LogGroup", "l", { inputs: { retentionInDays: 365, kmsKeyId: "arn:key" } });
        const repo = res("aws:ecr/repository:Repository", "r", { inputs: { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } } });
        const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { inputs: { metadataOptions: { httpTokens: "required" }, blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] } });
        const pab = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { inputs: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } });
        const base = planOf([cluster, key, logs, repo, lt, pab]);
        const head = planOf([
            changed(cluster, { vpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true } }),
            changed(key, { enableKeyRotation: false, deletionWindowInDays: 7 }),
            changed(logs, { retentionInDays: 7, kmsKeyId: undefined }),
            changed(repo, { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false } }),
            changed(lt, { metadataOptions: { httpTokens: "optional" }, blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }),
            changed(pab, { restrictPublicBuckets: false }),
        ]);
        const d = diffPlans(base, head);
        const found = d.risks.filter((r) => r.kind === "security-loosened").map((r) => [r.name, r.rule, r.message]);
        expect(found).to.have.deep.members([
            ["c", "eks-endpoint-public", "EKS API endpoint made public: vpcConfig.endpointPublicAccess: false → true"],
            ["c", "eks-public-cidrs-widened", "EKS public endpoint CIDRs widened: vpcConfig.publicAccessCidrs adds 0.0.0.0/0"],
            ["k", "kms-rotation-disabled", "KMS key rotation turned off: enableKeyRotation: true → false"],
            ["k", "kms-deletion-window-lowered", "KMS key deletion window shortened: deletionWindowInDays: 30 → 7"],
            ["l", "log-retention-lowered", "Log retention shortened: retentionInDays: 365 → 7"],
            ["l", "log-encryption-removed", "Log group KMS encryption removed: kmsKeyId removed"],
            ["r", "ecr-tags-mutable", "ECR image tags made mutable: imageTagMutability: IMMUTABLE → MUTABLE"],
            ["r", "ecr-scan-on-push-off", "ECR scan on push turned off: imageScanningConfiguration.scanOnPush: true → false"],
            ["lt", "imdsv2-optional", "IMDSv2 no longer required: metadataOptions.httpTokens: required → optional"],
            ["lt", "ebs-unencrypted", 'EBS encryption turned off: blockDeviceMappings[0].ebs.encrypted: "true" → "false"'],
            ["pab", "s3-public-access-block-off", "S3 public access block turned off: restrictPublicBuckets: true → false"],
        ]);
        expect(d.risks.every((r) => r.level === "high")).to.equal(true);
    });

    it("flags ingress from 0.0.0.0/0, Action \"*\" and removed protection, including on new resources", () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "web", { inputs: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] } });
        const role = res("aws:iam/rolePolicy:RolePolicy", "p", { protect: true, inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] }) } });
        const rule = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh", { inputs: { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 } });
        const d = diffPlans(
            planOf([sg, role]),
            planOf([
                changed(sg, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }] }),
                changed(role, { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }, { protect: false }),
                rule,
            ]),
        );
        expect(d.risks.map((r) => [r.name, r.rule, r.message])).to.have.deep.members([
            ["web", "sg-open-to-world", "Ingress opened to the internet: ingress tcp 443-443 from 0.0.0.0/0"],
            ["p", "iam-wildcard-action", 'Policy allows Action "*": policy statement 0: Action "*"'],
            ["p", "protect-removed", "protect option removed: protect: true → false"],
            ["ssh", "sg-open-to-world", "Ingress opened to the internet: ingress tcp 22-22 from 0.0.0.0/0"],
        ]);
        const p = d.changes.find((c) => c.name === "p")!;
        expect(p.properties.map((x) => x.path)).to.deep.equal(["policy.Statement[0].Action", "[options].protect"]);
    });

    it("reports new and resolved policy findings when both sides carry them, new mandatory ones as risks", () => {
        const key = res(KMS, "k", { inputs: { enableKeyRotation: true } });
        const base = planOf([key]);
        const head = planOf([changed(key, { description: "x" })]);
        const d = diffPlans(base, head, {
            baseFindings: [finding("kms-key-rotation", key.urn), finding("kms-description", key.urn, "advisory")],
            headFindings: [finding("kms-key-rotation", key.urn), finding("kms-deletion-window", key.urn)],
        });
        expect(d.findings!.new.map((f) => f.policy)).to.deep.equal(["kms-deletion-window"]);
        expect(d.findings!.resolved.map((f) => f.policy)).to.deep.equal(["kms-description"]);
        expect([d.findings!.unchanged, d.findings!.newMandatory]).to.deep.equal([1, 1]);
        expect(d.risks.map((r) => [r.kind, r.rule])).to.deep.equal([["new-mandatory-finding", "kms-deletion-window"]]);
        expect(diffPlans(base, head).findings).to.equal(undefined);
    });

    it("adds a cost delta when both estimates are given", () => {
        const line = (item: string, monthly: number) => ({ type: "t", name: "n", item, quantity: 1, unit: "u", unitPrice: monthly, monthly, region: "eu-west-1" });
        const est = (monthly: number, lines: ReturnType<typeof line>[]) => ({ currency: "USD" as const, stack: "test", monthly, lines, unpriced: [], free: 0, assumptions: {} as never, priceTableDate: "x" });
        const d = diffPlans(planOf([]), planOf([]), { baseCost: est(10, [line("A", 10)]), headCost: est(25.5, [line("A", 10), line("B", 15.5)]) });
        expect(d.cost).to.deep.equal({ currency: "USD", base: 10, head: 25.5, delta: 15.5, lines: [{ item: "B", base: 0, head: 15.5, delta: 15.5 }], unpricedBase: 0, unpricedHead: 0 });
    });
});

describe("review: renderDiffMarkdown", () => {
    it("puts the summary and risks first and each change in <details>", () => {
        const key = res(KMS, "k", { protect: true });
        const role = res("aws:iam/role:Role", "r", { inputs: { maxSessionDuration: 3600 } });
        const md = renderDiffMarkdown(diffPlans(planOf([key, role]), planOf([changed(role, { maxSessionDuration: 7200 })])));
        expect(md).to.contain("| create | update | replace | delete | unchanged |\n|---|---|---|---|---|\n| 0 | 1 | 0 | 1 | 0 |");
        expect(md.indexOf("### Risks (2)")).to.be.lessThan(md.indexOf("<details>"));
        // One row per resource, with all its risks.
        expect(md).to.contain("| **high** | delete-protected, delete-stateful | `aws:kms:Key` `k` |");
        expect(md).to.contain("<summary><code>~</code> update aws:iam:Role <b>r</b></summary>");
        expect(md).to.contain("| `maxSessionDuration` | `3600` | `7200` |  |");
    });

    it("stays under the limit by dropping details, never risks, and says so", () => {
        const big = "x".repeat(150);
        const base = Array.from({ length: 600 }, (_, i) => res("aws:iam/role:Role", `role-${i}`, { protect: i < 300, inputs: Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`p${j}`, `${big}-${j}`])) }));
        const head = base.slice(300).map((r) => changed(r, Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`p${j}`, `${big}-${j}-new`]))));
        const d = diffPlans(planOf(base), planOf(head));
        const md = renderDiffMarkdown(d);
        expect(md.length).to.be.at.most(DIFF_MARKDOWN_LIMIT);
        expect(d.risks).to.have.length(300);
        for (const r of d.risks) {
            expect(md).to.contain(`\`${r.name}\` | deletes protected`);
        }
        expect(md).to.match(/\*\*Truncated:\*\* details of \d+ of 600 changed resources are not shown/);
    });
});

describe("review: diffPlans and providers", () => {
    it("replaces every resource of an AWS provider whose region changes", () => {
        const provider = res("pulumi:providers:aws", "acct", { inputs: { region: "eu-west-1" } });
        const role = res("aws:iam/role:Role", "r", { provider: provider.urn, dependencies: [] });
        const d = diffPlans(planOf([provider, role]), planOf([changed(provider, { region: "eu-central-1" }), role]));
        expect(d.changes.map((c) => [c.op, c.name, c.replaceReasons])).to.deep.equal([
            ["replace", "r", ["provider acct replaced"]],
            ["replace", "acct", ["provider region changed"]],
        ]);
    });

    it("shows a default-tag change as tagsAll on each tagged resource, without repeating its own tags", () => {
        const a = res("aws:kms/key:Key", "a", { inputs: { tags: { Name: "a" } }, effectiveTags: { Name: "a", owner: "team-a" } });
        const b = res("aws:kms/key:Key", "b", { inputs: { tags: { owner: "x" } }, effectiveTags: { owner: "x" } });
        const d = diffPlans(planOf([a, b]), planOf([{ ...a, effectiveTags: { Name: "a", owner: "team-b" } }, changed(b, { tags: { owner: "y" } }, { effectiveTags: { owner: "y" } })]));
        expect(d.changes.map((c) => [c.name, c.op, c.properties])).to.deep.equal([
            ["a", "update", [{ path: "tagsAll.owner", kind: "change", old: "team-a", new: "team-b" }]],
            ["b", "update", [{ path: "tags.owner", kind: "change", old: "x", new: "y" }]],
        ]);
    });
});
