import { expect } from "chai";
import {
    defaultSgRestrictAll,
    naclNoPublicAdminPorts,
    networkPolicies,
    noDefaultVpc,
    privateEndpointsForPrivateClusters,
    sgNoPublicAdminPorts,
    sgNoPublicIngressUnapprovedPorts,
    sgNoUnrestrictedEgress,
    sgRuleDescriptions,
    subnetNoAutoPublicIp,
    tgwNoAutoAccept,
    vpcFlowLogsEnabled,
    vpcPeeringRoutesLeastAccess,
} from "../../../policy-packs/aws-baseline/policies/network";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const SUBNET = "aws:ec2/subnet:Subnet";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const CLUSTER = "aws:eks/cluster:Cluster";


/** Only advisory findings, and the run ended on a value unknown until apply. */
function expectUnknownOnly(r: PolicyRun): void {
    expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS from the internet" };
const sshInternal = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], description: "SSH from the VPN" };

describe("network policies", () => {
    it("exports every network policy once, with catalog metadata", () => {
        expect(networkPolicies.map((p) => p.name)).to.deep.equal([
            "sg-no-public-admin-ports",
            "sg-no-public-ingress-unapproved-ports",
            "sg-no-unrestricted-egress",
            "sg-rule-descriptions",
            "default-sg-restrict-all",
            "vpc-flow-logs-enabled",
            "no-default-vpc",
            "subnet-no-auto-public-ip",
            "nacl-no-public-admin-ports",
            "tgw-no-auto-accept",
            "vpc-peering-routes-least-access",
            "private-endpoints-for-private-clusters",
        ]);
        for (const p of networkPolicies) {
            expect(p.description, p.name).to.match(/^Checks whether /);
            expect(p.severity, p.name).to.be.oneOf(["critical", "high", "medium", "low"]);
            expect(p.framework, p.name).to.have.property("reference");
            expect(p.remediationSteps, p.name).to.be.a("string").and.not.equal("");
            expect(p.configSchema, p.name).to.have.property("properties");
        }
    });
});

describe("sg-no-public-admin-ports", () => {
    const FIX = "remote administration ports must not be open to the internet: admit only internal CIDRs or security groups, or use SSM Session Manager.";
    const sg = (ingress: unknown[]): ResourceSpec => ({ type: SG, inputs: { description: "web", ingress, egress: [] } });

    it("passes public HTTPS and SSH from an internal range", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([https, sshInternal]));
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes a security group with no ingress (unset)", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: SG, inputs: {} });
        expect(r.outcome).to.equal("pass");
    });
    it("rejects SSH open to 0.0.0.0/0", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([https, { ...sshInternal, cidrBlocks: ["0.0.0.0/0"] }]));
        expect(r.reported).to.deep.equal([`ingress[1] allows tcp port 22 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
    });
    it("rejects a port range covering 22 and 3389 open to ::/0", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([https, { ...sshInternal, fromPort: 0, toPort: 65535, cidrBlocks: [], ipv6CidrBlocks: ["::/0"] }]));
        expect(r.reported).to.deep.equal([`ingress[1] allows tcp ports 0-65535 from ::/0, which includes ports 22, 3389; ${FIX}`]);
    });
    it("rejects all protocols from the internet", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]));
        expect(r.reported).to.deep.equal([`ingress[0] allows all traffic from 0.0.0.0/0, which includes ports 22, 3389; ${FIX}`]);
    });
    it("passes public ICMP, whose ports are types and codes", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([{ protocol: "icmp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }]));
        expect(r.messages).to.deep.equal([]);
    });
    it("ignores public egress to port 22", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: SG, inputs: { egress: [{ ...sshInternal, cidrBlocks: ["0.0.0.0/0"] }] } });
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a SecurityGroupRule of type ingress, not one of type egress", async () => {
        const rule = { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] };
        const r = await runPolicy(sgNoPublicAdminPorts, { type: SG_RULE, inputs: rule });
        expect(r.reported).to.deep.equal([`This security group rule allows tcp port 3389 from 0.0.0.0/0, which includes port 3389; ${FIX}`]);
        const egress = await runPolicy(sgNoPublicAdminPorts, { type: SG_RULE, inputs: { ...rule, type: "egress" } });
        expect(egress.messages).to.deep.equal([]);
    });
    it("rejects a vpc ingress rule for all protocols from 0.0.0.0/0", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" } });
        expect(r.reported).to.deep.equal([`This ingress rule allows all traffic from 0.0.0.0/0, which includes ports 22, 3389; ${FIX}`]);
    });
    it("passes a vpc ingress rule for all protocols from an internal CIDR", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" } });
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a vpc ingress rule for all protocols from ::/0 and a SecurityGroupRule for all protocols from ::/0", async () => {
        const rule = await runPolicy(sgNoPublicAdminPorts, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0" } });
        expect(rule.reported).to.deep.equal([`This ingress rule allows all traffic from ::/0, which includes ports 22, 3389; ${FIX}`]);
        const legacy = await runPolicy(sgNoPublicAdminPorts, { type: SG_RULE, inputs: { type: "ingress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] } });
        expect(legacy.reported).to.deep.equal([`This security group rule allows all traffic from ::/0, which includes ports 22, 3389; ${FIX}`]);
    });
    it("passes a vpc ingress rule from another security group", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "<computed>" } });
        expect(r.outcome).to.equal("pass");
    });
    it("does not fail on a source CIDR unknown until apply", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([{ ...sshInternal, cidrBlocks: ["<computed>"] }]));
        expectUnknownOnly(r);
    });
    it("passes an unknown port on a rule whose source is known to be internal", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg([{ ...sshInternal, fromPort: "<computed>", toPort: "<computed>" }]));
        expect(r.outcome).to.equal("pass");
    });
    it("still reports a known violation next to an unknown rule, and records the check as failed", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, sg(["<computed>", { ...sshInternal, cidrBlocks: ["0.0.0.0/0"] }]));
        // The decided violation fails the resource; the undecided rule adds no "can't run" line.
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        expect(r.outcome).to.equal("fail");
        expect(r.reported[0]).to.equal(`ingress[1] allows tcp port 22 from 0.0.0.0/0, which includes port 22; ${FIX}`);
    });
    it("checks the configured admin ports", async () => {
        const winrm = { protocol: "tcp", fromPort: 5985, toPort: 5986, cidrBlocks: ["0.0.0.0/0"] };
        expect((await runPolicy(sgNoPublicAdminPorts, sg([winrm]))).messages).to.deep.equal([]);
        const r = await runPolicy(sgNoPublicAdminPorts, sg([winrm]), { adminPorts: [22, 3389, 5985] });
        expect(r.reported).to.deep.equal([`ingress[0] allows tcp ports 5985-5986 from 0.0.0.0/0, which includes port 5985; ${FIX}`]);
    });
    it("does not look at other types (no check recorded)", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: EGRESS_RULE, inputs: { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" } });
        expect(r.findings).to.deep.equal([]);
        expect(r.outcome).to.equal("");
    });
});

describe("sg-no-public-ingress-unapproved-ports", () => {
    const TAGS = { "platform:internet-facing": "true" };
    const lb = (ingress: unknown[], tags: unknown = TAGS): ResourceSpec => ({ type: SG, inputs: { description: "alb", ingress, tags } });
    const notTagged = "only internet-facing security groups may accept public traffic: tag it or admit only internal sources.";
    const unapproved = "open only approved ports to the internet, or add the port to allowedPublicPorts.";

    it("passes public 443 on a security group tagged internet-facing", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https, sshInternal]));
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects public ingress on a security group without the tag (tags unset)", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: SG, inputs: { description: "alb", ingress: [https] } });
        expect(r.reported).to.deep.equal([`ingress[0] allows public ingress from 0.0.0.0/0 on a security group not tagged platform:internet-facing=true; ${notTagged}`]);
    });
    it("rejects public ingress when the tag is not true", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https], { "platform:internet-facing": "false" }));
        expect(r.reported).to.deep.equal([`ingress[0] allows public ingress from 0.0.0.0/0 on a security group not tagged platform:internet-facing=true; ${notTagged}`]);
    });
    it("rejects public port 80 on an internet-facing group", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https, { ...https, fromPort: 80, toPort: 80 }]));
        expect(r.reported).to.deep.equal([`ingress[1] allows tcp port 80 from 0.0.0.0/0; public ingress is approved only on port 443: ${unapproved}`]);
    });
    it("rejects a range that includes 443 and more", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([{ ...https, fromPort: 443, toPort: 444 }]));
        expect(r.reported).to.deep.equal([`ingress[0] allows tcp ports 443-444 from 0.0.0.0/0; public ingress is approved only on port 443: ${unapproved}`]);
    });
    it("admits ports listed in allowedPublicPorts", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https, { ...https, fromPort: 80, toPort: 80 }]), { allowedPublicPorts: [443, 80] });
        expect(r.messages).to.deep.equal([]);
    });
    it("reads the internet-facing tag named in config", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https], { "edge:public": "true" }), { internetFacingTag: "edge:public" });
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a tagged vpc ingress rule for all protocols (ipProtocol -1) from 0.0.0.0/0, not one for 443", async () => {
        const rule = { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", tags: TAGS };
        expect((await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: INGRESS_RULE, inputs: rule })).messages).to.deep.equal([]);
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: TAGS } });
        expect(r.reported).to.deep.equal([`This ingress rule allows all traffic from 0.0.0.0/0; public ingress is approved only on port 443: ${unapproved}`]);
    });
    it("accepts a tagged vpc ingress rule and rejects an untagged one", async () => {
        const rule = { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0", tags: TAGS };
        expect((await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: INGRESS_RULE, inputs: rule })).messages).to.deep.equal([]);
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: INGRESS_RULE, inputs: { ...rule, tags: {} } });
        expect(r.reported).to.deep.equal([`This ingress rule allows public ingress from ::/0 on a rule not tagged platform:internet-facing=true; ${notTagged}`]);
    });
    it("rejects public ingress through aws.ec2.SecurityGroupRule, which cannot be tagged", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, { type: SG_RULE, inputs: { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] } });
        expect(r.reported).to.deep.equal([
            "This security group rule allows public ingress from 0.0.0.0/0, and aws.ec2.SecurityGroupRule cannot carry the platform:internet-facing tag; declare public ingress inline on a security group tagged platform:internet-facing=true, or as an aws.vpc.SecurityGroupIngressRule tagged platform:internet-facing=true.",
        ]);
    });
    it("does not fail on tags unknown until apply", async () => {
        const r = await runPolicy(sgNoPublicIngressUnapprovedPorts, lb([https], "<computed>"));
        expectUnknownOnly(r);
    });
});

describe("sg-no-unrestricted-egress", () => {
    const allOut = { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] };
    const FIX = "egress must name its protocols, ports and destinations: restrict it, or tag the security group platform:unrestricted-egress=true where unrestricted egress is intended.";

    it("passes egress to HTTPS only, and a group with no egress (the provider removes the default rule)", async () => {
        expect((await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [https] } })).outcome).to.equal("pass");
        expect((await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: {} })).outcome).to.equal("pass");
    });
    it("flags all-protocol egress to 0.0.0.0/0 as advisory", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [https, allOut] } }, {}, "advisory");
        expect(r.reported).to.deep.equal([`egress[1] allows all traffic to 0.0.0.0/0; ${FIX}`]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
        expect(sgNoUnrestrictedEgress.enforcementLevel).to.equal("advisory");
    });
    it("allows it on a security group tagged for unrestricted egress", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [allOut], tags: { "platform:unrestricted-egress": "true" } } });
        expect(r.messages).to.deep.equal([]);
    });
    it("reads the tag named in config", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [allOut], tags: { "nat:egress": "1" } } }, { unrestrictedEgressTag: "nat:egress" });
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a vpc egress rule and a SecurityGroupRule of type egress", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: EGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0" } });
        expect(r.reported).to.deep.equal([`This egress rule allows all traffic to ::/0; ${FIX}`]);
        const legacy = await runPolicy(sgNoUnrestrictedEgress, { type: SG_RULE, inputs: { type: "egress", securityGroupId: "sg-1", ...allOut } });
        expect(legacy.reported).to.deep.equal([`This security group rule allows all traffic to 0.0.0.0/0; ${FIX}`]);
    });
    it("ignores all-protocol ingress", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { ingress: [allOut] } });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not decide on an unknown destination", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [{ ...allOut, cidrBlocks: "<computed>" }] } });
        expectUnknownOnly(r);
    });
});

describe("sg-rule-descriptions", () => {
    it("passes a described group with described rules", async () => {
        const r = await runPolicy(sgRuleDescriptions, { type: SG, inputs: { description: "ALB for the API", ingress: [https], egress: [sshInternal] } });
        expect(r.messages).to.deep.equal([]);
    });
    it("flags an unset group description (provider default 'Managed by Pulumi') and an undescribed rule", async () => {
        const r = await runPolicy(sgRuleDescriptions, { type: SG, inputs: { ingress: [{ ...https, description: "" }] } });
        expect(r.reported).to.deep.equal([
            'Security group needs a description; set description (the provider default "Managed by Pulumi" says nothing).',
            "ingress[0] needs a description; set description to who the rule lets in or out, and why.",
        ]);
    });
    it("flags a standalone rule without a description", async () => {
        const r = await runPolicy(sgRuleDescriptions, { type: INGRESS_RULE, inputs: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" } });
        expect(r.reported).to.deep.equal(["This ingress rule needs a description; set description to who the rule lets in or out, and why."]);
    });
});

describe("default-sg-restrict-all (stack)", () => {
    const vpc: ResourceSpec = { type: VPC, name: "spoke", urn: urn(VPC, "spoke"), inputs: { cidrBlock: "10.1.0.0/16" } };
    const adopted = (inputs: Record<string, unknown> = { vpcId: "<computed>" }): ResourceSpec => ({
        type: DEFAULT_SG,
        name: "spoke-default",
        urn: urn(DEFAULT_SG, "spoke-default"),
        inputs,
        propertyDependencies: { vpcId: [vpc.urn!] },
        dependencies: [vpc.urn!],
    });

    it("passes a VPC whose default security group is adopted with no rules", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc, adopted()]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes explicit empty rule lists", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc, adopted({ vpcId: "<computed>", ingress: [], egress: [] })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a VPC whose default security group is not adopted, at the VPC's URN", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc]);
        expect(r.reported).to.deep.equal([
            "VPC's default security group must restrict all traffic; adopt it with aws.ec2.DefaultSecurityGroup (vpcId: this VPC's id) and declare no ingress or egress.",
        ]);
        expect(r.findings[0].urn).to.equal(vpc.urn);
    });
    it("does not count a default security group adopted for another VPC", async () => {
        const other = { ...adopted(), propertyDependencies: { vpcId: [urn(VPC, "other")] }, dependencies: [] };
        const r = await runPolicy(defaultSgRestrictAll, [vpc, { ...vpc, name: "other", urn: urn(VPC, "other") }, other]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([vpc.urn]);
    });
    it("rejects a default security group with rules, at its URN", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc, adopted({ vpcId: "<computed>", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]);
        expect(r.reported).to.deep.equal(["Default security group must have no rules; remove its ingress and egress so that it restricts all traffic."]);
        expect(r.findings[0].urn).to.equal(urn(DEFAULT_SG, "spoke-default"));
    });
    it("does not fail on rules unknown until apply", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc, adopted({ vpcId: "<computed>", ingress: "<computed>" })]);
        expectUnknownOnly(r);
    });
    it("falls back to dependencies for a plan without property dependencies", async () => {
        const r = await runPolicy(defaultSgRestrictAll, [vpc, { ...adopted(), propertyDependencies: {} }]);
        expect(r.messages).to.deep.equal([]);
    });
});

describe("vpc-flow-logs-enabled (stack)", () => {
    const vpc: ResourceSpec = { type: VPC, name: "spoke", urn: urn(VPC, "spoke"), inputs: { cidrBlock: "10.1.0.0/16" } };
    const flowLog = (trafficType: unknown): ResourceSpec => ({
        type: FLOW_LOG,
        name: "spoke-flow",
        urn: urn(FLOW_LOG, "spoke-flow"),
        inputs: { vpcId: "<computed>", trafficType, logDestination: "<computed>" },
        propertyDependencies: { vpcId: [vpc.urn!] },
    });

    it("passes a VPC with an ALL flow log", async () => {
        const r = await runPolicy(vpcFlowLogsEnabled, [vpc, flowLog("ALL")]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a VPC without a flow log", async () => {
        const r = await runPolicy(vpcFlowLogsEnabled, [vpc]);
        expect(r.reported).to.deep.equal(['VPC has no flow log; add aws.ec2.FlowLog with vpcId: this VPC\'s id and trafficType: "ALL".']);
        expect(r.findings[0].urn).to.equal(vpc.urn);
    });
    it("rejects a flow log of accepted traffic only, and one with trafficType unset", async () => {
        const msg = 'VPC flow logs must capture ALL traffic, not only accepted or rejected; set trafficType: "ALL" on its flow log.';
        expect((await runPolicy(vpcFlowLogsEnabled, [vpc, flowLog("ACCEPT")])).reported).to.deep.equal([msg]);
        expect((await runPolicy(vpcFlowLogsEnabled, [vpc, flowLog(undefined)])).reported).to.deep.equal([msg]);
    });
    it("does not fail on a traffic type unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(vpcFlowLogsEnabled, [vpc, flowLog("<computed>")]));
    });
});

describe("no-default-vpc", () => {
    it("flags an adopted default VPC", async () => {
        const r = await runPolicy(noDefaultVpc, { type: "aws:ec2/defaultVpc:DefaultVpc", inputs: {} });
        expect(r.reported).to.deep.equal(["The default VPC must not be used; remove aws.ec2.DefaultVpc and use a dedicated VPC (SpokeVpc)."]);
    });
    it("does not look at a VPC", async () => {
        const r = await runPolicy(noDefaultVpc, { type: VPC, inputs: {} });
        expect(r.findings).to.deep.equal([]);
        expect(r.outcome).to.equal("");
    });
});

describe("subnet-no-auto-public-ip", () => {
    const MSG = "Subnet must not assign public IPs on launch; set mapPublicIpOnLaunch: false, or tag a public load-balancer subnet kubernetes.io/role/elb=1.";
    it("passes a subnet with mapPublicIpOnLaunch unset (default false) or false", async () => {
        expect((await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { vpcId: "<computed>" } })).outcome).to.equal("pass");
        expect((await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { mapPublicIpOnLaunch: false } })).outcome).to.equal("pass");
    });
    it("rejects a subnet that maps public IPs", async () => {
        const r = await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { mapPublicIpOnLaunch: true } });
        expect(r.reported).to.deep.equal([MSG]);
    });
    it("allows it on a load-balancer subnet tagged kubernetes.io/role/elb=1", async () => {
        const r = await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { mapPublicIpOnLaunch: true, tags: { "kubernetes.io/role/elb": "1" } } });
        expect(r.messages).to.deep.equal([]);
    });
    it("reads the tag named in config", async () => {
        const r = await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { mapPublicIpOnLaunch: true, tags: { "tier:public": "true" } } }, { publicSubnetTag: "tier:public" });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not fail on a value unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(subnetNoAutoPublicIp, { type: SUBNET, inputs: { mapPublicIpOnLaunch: "<computed>" } }));
    });
});

describe("nacl-no-public-admin-ports", () => {
    const FIX = "network ACLs must not open remote administration ports to the internet: deny them or narrow the source CIDR.";
    const entry = { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" };

    it("passes an ACL allowing 443 from anywhere and denying SSH", async () => {
        const r = await runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress: [entry, { ...entry, ruleNo: 90, action: "deny", fromPort: 22, toPort: 22 }] } });
        expect(r.outcome).to.equal("pass");
    });
    it("rejects an allow of all traffic from 0.0.0.0/0", async () => {
        const r = await runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress: [{ ...entry, protocol: "-1", fromPort: 0, toPort: 0 }] } });
        expect(r.reported).to.deep.equal([`ingress[0] allows all traffic from 0.0.0.0/0, which includes ports 22, 3389; ${FIX}`]);
    });
    it("rejects a standalone ingress rule for 3389 from ::/0, not an egress one", async () => {
        const rule = { networkAclId: "acl-1", ruleNumber: 100, ruleAction: "allow", protocol: "6", fromPort: 3389, toPort: 3389, ipv6CidrBlock: "::/0" };
        const r = await runPolicy(naclNoPublicAdminPorts, { type: NACL_RULE, inputs: rule });
        expect(r.reported).to.deep.equal([`This network ACL rule allows 6 port 3389 from ::/0, which includes port 3389; ${FIX}`]);
        expect((await runPolicy(naclNoPublicAdminPorts, { type: NACL_RULE, inputs: { ...rule, egress: true } })).messages).to.deep.equal([]);
    });
    it("does not fail on a CIDR unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress: [{ ...entry, fromPort: 22, toPort: 22, cidrBlock: "<computed>" }] } }));
    });
});

describe("tgw-no-auto-accept", () => {
    const good = { autoAcceptSharedAttachments: "disable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" };

    it("passes a transit gateway with the three flags off", async () => {
        expect((await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: good })).outcome).to.equal("pass");
    });
    it("rejects auto-accept", async () => {
        const r = await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: { ...good, autoAcceptSharedAttachments: "enable" } });
        expect(r.reported).to.deep.equal(['Transit gateway must not accept shared attachments automatically; set autoAcceptSharedAttachments: "disable".']);
    });
    it("rejects default route-table association and propagation", async () => {
        const r = await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: { ...good, defaultRouteTableAssociation: "enable", defaultRouteTablePropagation: "enable" } });
        expect(r.reported).to.deep.equal([
            'Transit gateway must not associate attachments with its default route table; set defaultRouteTableAssociation: "disable" (unset means "enable").',
            'Transit gateway must not propagate attachments to its default route table; set defaultRouteTablePropagation: "disable" (unset means "enable").',
        ]);
    });
    it("treats unset flags as the provider defaults (auto-accept disable, association and propagation enable)", async () => {
        const r = await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: {} });
        expect(r.reported).to.deep.equal([
            'Transit gateway must not associate attachments with its default route table; set defaultRouteTableAssociation: "disable" (unset means "enable").',
            'Transit gateway must not propagate attachments to its default route table; set defaultRouteTablePropagation: "disable" (unset means "enable").',
        ]);
    });
    it("does not fail on a flag unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: { ...good, autoAcceptSharedAttachments: "<computed>" } }));
    });
    it("remediates by turning the three flags off", async () => {
        const r = await runPolicy(tgwNoAutoAccept, { type: TGW, inputs: { description: "hub", autoAcceptSharedAttachments: "enable" } }, {}, "remediate");
        expect(r.messages).to.deep.equal([]);
        const fixed = await tgwNoAutoAccept.remediateResource!({ type: TGW, props: { description: "hub" } } as never);
        expect(fixed).to.deep.equal({ description: "hub", ...good });
    });
});

describe("vpc-peering-routes-least-access", () => {
    it("passes a peering route to the peer's CIDR and a default route through NAT", async () => {
        expect((await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE, inputs: { routeTableId: "rtb-1", destinationCidrBlock: "10.2.0.0/16", vpcPeeringConnectionId: "<computed>" } })).outcome).to.equal("pass");
        expect((await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE, inputs: { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "<computed>" } })).outcome).to.equal("pass");
    });
    it("flags a default route through a peering connection created in the same update", async () => {
        const r = await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE, inputs: { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", vpcPeeringConnectionId: "<computed>" } });
        expect(r.reported).to.deep.equal(["This route sends 0.0.0.0/0 through a VPC peering connection; peering routes must be least access: route only the peer's CIDR blocks."]);
    });
    it("flags an inline IPv6 default route through peering", async () => {
        const r = await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE_TABLE, inputs: { routes: [{ ipv6CidrBlock: "::/0", vpcPeeringConnectionId: "pcx-1" }] } });
        expect(r.reported).to.deep.equal(["routes[0] sends ::/0 through a VPC peering connection; peering routes must be least access: route only the peer's CIDR blocks."]);
    });
});

describe("private-endpoints-for-private-clusters (stack)", () => {
    const vpc: ResourceSpec = { type: VPC, name: "spoke", urn: urn(VPC, "spoke"), inputs: {} };
    const subnet: ResourceSpec = { type: SUBNET, name: "spoke-private-a", urn: urn(SUBNET, "spoke-private-a"), inputs: { vpcId: "<computed>" }, propertyDependencies: { vpcId: [vpc.urn!] } };
    const cluster = (publicAccess: unknown): ResourceSpec => ({
        type: CLUSTER,
        name: "dev",
        urn: urn(CLUSTER, "dev"),
        inputs: { vpcConfig: { endpointPublicAccess: publicAccess, endpointPrivateAccess: true, subnetIds: ["<computed>"] } },
        propertyDependencies: { vpcConfig: [subnet.urn!] },
    });
    const endpoint = (svc: string): ResourceSpec => ({
        type: ENDPOINT,
        name: `spoke-${svc}`,
        urn: urn(ENDPOINT, `spoke-${svc}`),
        inputs: { vpcId: "<computed>", serviceName: `com.amazonaws.eu-west-1.${svc}` },
        propertyDependencies: { vpcId: [vpc.urn!] },
    });
    const all = ["ec2", "ecr.api", "ecr.dkr", "s3", "sts", "logs"].map(endpoint);
    const claimed = ["ec2", "ecr.api", "ecr.dkr"].map(endpoint);
    const msg = (missing: string) =>
        `VPC of an EKS cluster lacks VPC endpoints for ${missing}; nodes call the EC2 API and pull from ECR through them (FSBP EC2.10, EC2.55, EC2.56), and without internet egress cannot get credentials or ship logs: add aws.ec2.VpcEndpoint for com.amazonaws.<region>.<service>.`;

    it("claims FSBP EC2.10, EC2.55 and EC2.56 in full", () => {
        expect([privateEndpointsForPrivateClusters.framework, privateEndpointsForPrivateClusters.tags]).to.deep.equal([
            { name: "fsbp", version: "1.0.0", reference: "EC2.10", specification: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service" },
            ["fsbp:EC2.55", "fsbp:EC2.56"],
        ]);
    });
    it("passes when the private cluster's VPC has every endpoint", async () => {
        const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(false), ...all]);
        expect(r.outcome).to.equal("pass");
    });
    it("flags missing endpoints of a private cluster's VPC at the VPC's URN", async () => {
        const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(false), ...all.slice(0, 4)]);
        expect(r.reported).to.deep.equal([msg("sts, logs")]);
        expect(r.findings[0].urn).to.equal(vpc.urn);
        expect(privateEndpointsForPrivateClusters.enforcementLevel).to.equal("advisory");
    });
    it("holds a public cluster's VPC (endpointPublicAccess unset means public) to ec2, ecr.api and ecr.dkr only", async () => {
        expect((await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(undefined), ...claimed])).outcome).to.equal("pass");
        for (const [i, svc] of ["ec2", "ecr.api", "ecr.dkr"].entries()) {
            const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(true), ...claimed.filter((_, k) => k !== i)]);
            expect(r.reported).to.deep.equal([msg(svc)]);
        }
        expect((await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(true)])).reported).to.deep.equal([msg("ec2, ecr.api, ecr.dkr")]);
    });
    it("does not count another VPC's endpoints, and leaves a VPC without a cluster alone", async () => {
        const other: ResourceSpec = { type: VPC, name: "egress", urn: urn(VPC, "egress"), inputs: {} };
        const elsewhere = claimed.map((e) => ({ ...e, name: `egress-${e.name}`, urn: `${e.urn}-egress`, propertyDependencies: { vpcId: [other.urn!] } }));
        const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, other, subnet, cluster(true), ...elsewhere]);
        expect(r.reported).to.deep.equal([msg("ec2, ecr.api, ecr.dkr")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([vpc.urn]);
    });
    it("is not applicable without an EKS cluster", async () => {
        const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet]);
        expect(r.outcome).to.equal("notApplicable");
    });
    it("takes a private cluster's further services from config", async () => {
        const r = await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(false), ...claimed, endpoint("s3")], { requiredServices: ["s3"] });
        expect(r.messages).to.deep.equal([]);
        expect((await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(false), endpoint("s3")], { requiredServices: ["s3"] })).reported).to.deep.equal([msg("ec2, ecr.api, ecr.dkr")]);
    });
    it("does not decide on a service name unknown until apply", async () => {
        const unknownName = { ...endpoint("logs"), inputs: { vpcId: "<computed>", serviceName: "<computed>" } };
        expectUnknownOnly(await runPolicy(privateEndpointsForPrivateClusters, [vpc, subnet, cluster(false), ...all.slice(0, 5), unknownName]));
    });
});
