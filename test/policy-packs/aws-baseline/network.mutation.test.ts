import { expect } from "chai";
import {
    naclNoPublicAdminPorts,
    privateEndpointsForPrivateClusters,
    sgNoPublicAdminPorts,
    sgNoPublicIngressUnapprovedPorts,
    sgNoUnrestrictedEgress,
    sgRuleDescriptions,
    tgwNoAutoAccept,
    vpcFlowLogsEnabled,
    vpcPeeringRoutesLeastAccess,
} from "../../../policy-packs/aws-baseline/policies/network";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

/**
 * Network rules, one condition at a time (issue #15): each case fails if the rule stops catching
 * it, or starts refusing what it must allow. network.test.ts describes the rules.
 *
 * Protocols are names or numbers (tcp 6, udp 17, "-1" or "all" for every protocol):
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html and
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group#protocol-1 (read 2026-12-03).
 */

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
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

const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

/** Only the "can't decide before apply" advisory: neither a pass nor a failure. */
function expectUndecided(r: PolicyRun): void {
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

const sg = (ingress: unknown[], inputs: Record<string, unknown> = {}): ResourceSpec => ({ type: SG, inputs: { description: "web", ingress, ...inputs } });
const rule = (protocol: unknown, fromPort: unknown, toPort: unknown, cidrBlocks: unknown = ["0.0.0.0/0"]) => ({ protocol, fromPort, toPort, cidrBlocks, description: "test" });

describe("sg-no-public-admin-ports, condition by condition", () => {
    const FIX = "remote administration ports must not be open to the internet: admit only internal CIDRs or security groups, or use SSM Session Manager.";
    const run = (...ingress: unknown[]) => runPolicy(sgNoPublicAdminPorts, sg(ingress));

    for (const [protocol, shown] of [
        ["tcp", "tcp"],
        ["udp", "udp"],
        ["6", "6"],
        ["17", "17"],
        ["TCP", "tcp"],
        ["UDP", "udp"],
    ]) {
        it(`rejects protocol ${protocol} on port 3389 from 0.0.0.0/0`, async () => {
            expect((await run(rule(protocol, 3389, 3389))).reported).to.deep.equal([`ingress[0] allows ${shown} port 3389 from 0.0.0.0/0, which includes port 3389; ${FIX}`]);
        });
    }
    for (const protocol of ["-1", "all", "ALL"]) {
        it(`rejects every protocol (${protocol}) from ::/0, whatever the ports say`, async () => {
            expect((await run(rule(protocol, 443, 443, []))).reported).to.deep.equal([]);
            const r = await runPolicy(sgNoPublicAdminPorts, sg([{ ...rule(protocol, 443, 443, []), ipv6CidrBlocks: ["::/0"] }]));
            expect(r.reported).to.deep.equal([`ingress[0] allows all traffic from ::/0, which includes ports 22, 3389; ${FIX}`]);
        });
    }
    it("treats a protocol number given as a number like its string", async () => {
        expect((await run(rule(6, 22, 22))).reported).to.deep.equal([`ingress[0] allows 6 port 22 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
    });
    it("passes ICMP (1) and other port-less protocols from the internet, whatever the ports say", async () => {
        expect((await run(rule("icmp", 22, 22), rule("1", 0, 65535), rule("58", 22, 3389))).outcome).to.equal("pass");
    });
    it("takes the range boundaries as inclusive, and a range just beside 22 and 3389 as clear", async () => {
        expect((await run(rule("tcp", 22, 23))).reported).to.deep.equal([`ingress[0] allows tcp ports 22-23 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
        expect((await run(rule("tcp", 3300, 3389))).reported).to.deep.equal([`ingress[0] allows tcp ports 3300-3389 from 0.0.0.0/0, which includes port 3389; ${FIX}`]);
        expect((await run(rule("tcp", 23, 3388), rule("tcp", 3390, 65535), rule("tcp", 0, 21))).outcome).to.equal("pass");
    });
    it("reads ports given as strings as numbers", async () => {
        expect((await run(rule("tcp", "20", "22"))).reported).to.deep.equal([`ingress[0] allows tcp ports 20-22 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
    });
    it("finds the open CIDR among others, and trims it", async () => {
        expect((await run(rule("tcp", 22, 22, ["10.0.0.0/8", "0.0.0.0/0"]))).reported).to.deep.equal([`ingress[0] allows tcp port 22 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
        expect((await run(rule("tcp", 22, 22, [" 0.0.0.0/0 "]))).reported).to.have.length(1);
        expect((await run(rule("tcp", 22, 22, ["10.0.0.0/8", "192.168.0.0/16"]), { ...rule("tcp", 22, 22, []), ipv6CidrBlocks: ["fd00::/8"] })).outcome).to.equal("pass");
    });
    it("names the open CIDR of a vpc ingress rule whose IPv4 source is internal and IPv6 source is ::/0", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: INGRESS_RULE, inputs: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8", cidrIpv6: "::/0" } });
        expect(r.reported).to.deep.equal([`This ingress rule allows tcp port 22 from ::/0, which includes port 22; ${FIX}`]);
    });
    it("passes a rule without a protocol (it opens nothing)", async () => {
        expect((await run({ fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] })).outcome).to.equal("pass");
    });
    it("passes TCP from the internet without ports (no port covered)", async () => {
        expect((await run({ protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] })).outcome).to.equal("pass");
    });
    it("can't decide before apply on a public rule whose protocol is unknown", async () => {
        expectUndecided(await run(rule("<computed>", 22, 22)));
    });
    it("can't decide before apply on a public TCP rule whose ports are unknown (either end)", async () => {
        expectUndecided(await run(rule("tcp", "<computed>", "<computed>")));
        expectUndecided(await run(rule("tcp", "<computed>", 22)));
        expectUndecided(await run(rule("tcp", 22, "<computed>")));
    });
    it("can't decide before apply on an inline ingress rule that is unknown as a whole", async () => {
        expectUndecided(await run("<computed>"));
    });
    it("passes an unknown egress rule (egress is not this rule's concern)", async () => {
        expect((await runPolicy(sgNoPublicAdminPorts, { type: SG, inputs: { description: "web", egress: ["<computed>"] } })).outcome).to.equal("pass");
    });
    it("can't decide before apply on a SecurityGroupRule whose type is unknown", async () => {
        expectUndecided(await runPolicy(sgNoPublicAdminPorts, { type: SG_RULE, inputs: { type: "<computed>", ...rule("tcp", 22, 22) } }));
    });
});

describe("sg-no-public-ingress-unapproved-ports, condition by condition", () => {
    const TAGS = { "platform:internet-facing": "true" };
    const unapproved = "open only approved ports to the internet, or add the port to allowedPublicPorts.";
    const run = (ingress: unknown[], config: Record<string, unknown> = {}) => runPolicy(sgNoPublicIngressUnapprovedPorts, sg(ingress, { tags: TAGS }), config);

    it("rejects every protocol (all) from the internet on a tagged group", async () => {
        expect((await run([rule("all", 443, 443)])).reported).to.deep.equal([`ingress[0] allows all traffic from 0.0.0.0/0; public ingress is approved only on port 443: ${unapproved}`]);
    });
    it("rejects UDP 443 by number (17) outside the approved list only when the port differs", async () => {
        expect((await run([rule("17", 443, 443), rule("udp", 443, 443)])).outcome).to.equal("pass");
        expect((await run([rule("17", 53, 53)])).reported).to.deep.equal([`ingress[0] allows 17 port 53 from 0.0.0.0/0; public ingress is approved only on port 443: ${unapproved}`]);
    });
    it("rejects public TCP whose port range is not fully set (it cannot be shown to stay on approved ports)", async () => {
        expect((await run([{ protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }])).reported).to.have.length(1);
        expect((await run([{ protocol: "tcp", fromPort: 443, cidrBlocks: ["0.0.0.0/0"] }])).reported).to.have.length(1);
        expect((await run([{ protocol: "tcp", toPort: 443, cidrBlocks: ["0.0.0.0/0"] }])).reported).to.have.length(1);
    });
    it("passes public ICMP and a rule without a protocol on a tagged group (no port opened)", async () => {
        expect((await run([rule("icmp", 8, 0), { cidrBlocks: ["0.0.0.0/0"] }])).outcome).to.equal("pass");
    });
    it("admits a range wholly inside allowedPublicPorts, and rejects one with a gap", async () => {
        expect((await run([rule("tcp", 80, 81)], { allowedPublicPorts: [80, 81, 443] })).outcome).to.equal("pass");
        expect((await run([rule("tcp", 80, 82)], { allowedPublicPorts: [80, 82, 443] })).reported).to.deep.equal([
            `ingress[0] allows tcp ports 80-82 from 0.0.0.0/0; public ingress is approved only on ports 80, 82, 443: ${unapproved}`,
        ]);
    });
    it("reads ports given as strings as numbers", async () => {
        expect((await run([rule("tcp", "443", "443")])).outcome).to.equal("pass");
        expect((await run([rule("tcp", "443", "444")])).reported).to.have.length(1);
    });
    it("can't decide before apply on a public rule whose ports or protocol are unknown", async () => {
        expectUndecided(await run([rule("tcp", "<computed>", 443)]));
        expectUndecided(await run([rule("<computed>", 443, 443)]));
    });
});

describe("sg-no-unrestricted-egress, condition by condition", () => {
    const FIX = "egress must name its protocols, ports and destinations: restrict it, or tag the security group platform:unrestricted-egress=true where unrestricted egress is intended.";

    it("flags egress of every protocol spelled all, to ::/0", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [{ protocol: "all", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] } });
        expect(r.reported).to.deep.equal([`egress[0] allows all traffic to ::/0; ${FIX}`]);
    });
    it("passes TCP and UDP egress to the internet on every port (protocols named)", async () => {
        expect((await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: [rule("tcp", 0, 65535), rule("udp", 0, 65535)] } })).outcome).to.equal("pass");
    });
    it("passes an egress rule unknown as a whole on a group tagged for unrestricted egress", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: ["<computed>"], tags: { "platform:unrestricted-egress": "true" } } });
        expect(r.outcome).to.equal("pass");
    });
    it("can't decide before apply on an egress rule unknown as a whole on an untagged group", async () => {
        expectUndecided(await runPolicy(sgNoUnrestrictedEgress, { type: SG, inputs: { egress: ["<computed>"] } }));
    });
    it("flags a vpc egress rule even with the tag when the tag is not true", async () => {
        const r = await runPolicy(sgNoUnrestrictedEgress, { type: EGRESS_RULE, inputs: { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: { "platform:unrestricted-egress": "no" } } });
        expect(r.reported).to.deep.equal([`This egress rule allows all traffic to 0.0.0.0/0; ${FIX}`]);
        const tagged = await runPolicy(sgNoUnrestrictedEgress, { type: EGRESS_RULE, inputs: { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: { "platform:unrestricted-egress": "true" } } });
        expect(tagged.outcome).to.equal("pass");
    });
});

describe("sg-rule-descriptions, condition by condition", () => {
    const ruleMsg = (where: string) => `${where} needs a description; set description to who the rule lets in or out, and why.`;
    const groupMsg = 'Security group needs a description; set description (the provider default "Managed by Pulumi" says nothing).';

    it("flags a group description of blanks, and one set explicitly to the provider default", async () => {
        expect((await runPolicy(sgRuleDescriptions, { type: SG, inputs: { description: "   " } })).reported).to.deep.equal([groupMsg]);
        expect((await runPolicy(sgRuleDescriptions, { type: SG, inputs: { description: "Managed by Pulumi" } })).reported).to.deep.equal([groupMsg]);
    });
    it("flags an inline rule whose description is blanks", async () => {
        const r = await runPolicy(sgRuleDescriptions, { type: SG, inputs: { description: "web", egress: [{ ...rule("tcp", 443, 443), description: "  " }] } });
        expect(r.reported).to.deep.equal([ruleMsg("egress[0]")]);
    });
    it("passes described standalone rules of each type, and flags them undescribed", async () => {
        const cases: [string, Record<string, unknown>, string][] = [
            [SG_RULE, { type: "ingress", ...rule("tcp", 443, 443) }, "This security group rule"],
            [INGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" }, "This ingress rule"],
            [EGRESS_RULE, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/8" }, "This egress rule"],
        ];
        for (const [type, inputs, where] of cases) {
            expect((await runPolicy(sgRuleDescriptions, { type, inputs: { ...inputs, description: "HTTPS to the API" } })).outcome, type).to.equal("pass");
            expect((await runPolicy(sgRuleDescriptions, { type, inputs: { ...inputs, description: undefined } })).reported, type).to.deep.equal([ruleMsg(where)]);
        }
    });
});

describe("vpc-flow-logs-enabled, condition by condition", () => {
    const vpc = (name: string): ResourceSpec => ({ type: VPC, name, urn: urn(VPC, name), inputs: {} });
    const flowLog = (of: ResourceSpec): ResourceSpec => ({
        type: FLOW_LOG,
        name: `${of.name}-flow`,
        urn: urn(FLOW_LOG, `${of.name}-flow`),
        inputs: { vpcId: "<computed>", trafficType: "ALL" },
        propertyDependencies: { vpcId: [of.urn!] },
    });

    it("does not count one VPC's flow log for another", async () => {
        const a = vpc("a");
        const b = vpc("b");
        const r = await runPolicy(vpcFlowLogsEnabled, [a, b, flowLog(a)]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([b.urn]);
    });
    it("passes a VPC with one ALL flow log beside a REJECT one", async () => {
        const a = vpc("a");
        const reject = { ...flowLog(a), name: "a-reject", urn: urn(FLOW_LOG, "a-reject"), inputs: { vpcId: "<computed>", trafficType: "REJECT" } };
        expect((await runPolicy(vpcFlowLogsEnabled, [a, reject, flowLog(a)])).outcome).to.equal("pass");
    });
});

describe("nacl-no-public-admin-ports, condition by condition", () => {
    const FIX = "network ACLs must not open remote administration ports to the internet: deny them or narrow the source CIDR.";
    const entry = (over: Record<string, unknown>) => ({ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0", ...over });
    const run = (...ingress: unknown[]) => runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress } });

    it("reads the action case-insensitively, and passes deny", async () => {
        expect((await run(entry({ action: "ALLOW" }))).reported).to.deep.equal([`ingress[0] allows tcp port 22 from 0.0.0.0/0, which includes port 22; ${FIX}`]);
        expect((await run(entry({ action: "deny" }))).outcome).to.equal("pass");
    });
    it("names the open IPv6 CIDR of an entry whose IPv4 CIDR is internal", async () => {
        const r = await run(entry({ cidrBlock: "10.0.0.0/8", ipv6CidrBlock: "::/0", protocol: "udp", fromPort: 3389, toPort: 3389 }));
        expect(r.reported).to.deep.equal([`ingress[0] allows udp port 3389 from ::/0, which includes port 3389; ${FIX}`]);
    });
    it("checks the configured admin ports", async () => {
        expect((await run(entry({ fromPort: 5985, toPort: 5985 }))).outcome).to.equal("pass");
        const r = await runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress: [entry({ fromPort: 5985, toPort: 5985 })] } }, { adminPorts: [5985] });
        expect(r.reported).to.deep.equal([`ingress[0] allows tcp port 5985 from 0.0.0.0/0, which includes port 5985; ${FIX}`]);
        expect((await runPolicy(naclNoPublicAdminPorts, { type: NACL, inputs: { ingress: [entry({})] } }, { adminPorts: [5985] })).outcome).to.equal("pass");
    });
    it("can't decide before apply on an entry unknown as a whole, or a rule whose direction is unknown", async () => {
        expectUndecided(await run("<computed>"));
        expectUndecided(await runPolicy(naclNoPublicAdminPorts, { type: NACL_RULE, inputs: { ruleAction: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0", egress: "<computed>" } }));
    });
    it("reads a standalone rule's ruleAction, not action", async () => {
        const inputs = { ruleAction: "deny", action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" };
        expect((await runPolicy(naclNoPublicAdminPorts, { type: NACL_RULE, inputs })).outcome).to.equal("pass");
    });
});

describe("tgw-no-auto-accept remediation, condition by condition", () => {
    const good = { autoAcceptSharedAttachments: "disable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" };

    it("leaves a compliant transit gateway and other types alone", async () => {
        expect(await tgwNoAutoAccept.remediateResource!({ type: TGW, props: good } as never)).to.equal(undefined);
        expect(await tgwNoAutoAccept.remediateResource!({ type: VPC, props: {} } as never)).to.equal(undefined);
    });
    it("fixes a gateway with any one flag left on", async () => {
        for (const key of Object.keys(good)) {
            expect(await tgwNoAutoAccept.remediateResource!({ type: TGW, props: { ...good, [key]: "enable" } } as never), key).to.deep.equal(good);
        }
    });
});

describe("vpc-peering-routes-least-access, condition by condition", () => {
    const FIX = "through a VPC peering connection; peering routes must be least access: route only the peer's CIDR blocks.";

    it("flags a standalone IPv6 default route through peering", async () => {
        const r = await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE, inputs: { routeTableId: "rtb-1", destinationIpv6CidrBlock: "::/0", vpcPeeringConnectionId: "pcx-1" } });
        expect(r.reported).to.deep.equal([`This route sends ::/0 ${FIX}`]);
    });
    it("flags an inline IPv4 default route through peering, and names the open CIDR", async () => {
        const r = await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE_TABLE, inputs: { routes: [{ cidrBlock: "10.2.0.0/16", vpcPeeringConnectionId: "pcx-1" }, { cidrBlock: "0.0.0.0/0", vpcPeeringConnectionId: "pcx-1" }] } });
        expect(r.reported).to.deep.equal([`routes[1] sends 0.0.0.0/0 ${FIX}`]);
        const both = await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE_TABLE, inputs: { routes: [{ cidrBlock: "10.2.0.0/16", ipv6CidrBlock: "::/0", vpcPeeringConnectionId: "pcx-1" }] } });
        expect(both.reported).to.deep.equal([`routes[0] sends ::/0 ${FIX}`]);
    });
    it("passes an inline default route through an internet gateway", async () => {
        expect((await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE_TABLE, inputs: { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] } })).outcome).to.equal("pass");
    });
    it("can't decide before apply on an inline route unknown as a whole", async () => {
        expectUndecided(await runPolicy(vpcPeeringRoutesLeastAccess, { type: ROUTE_TABLE, inputs: { routes: ["<computed>"] } }));
    });
});

describe("private-endpoints-for-private-clusters, condition by condition", () => {
    const vpc = (name: string): ResourceSpec => ({ type: VPC, name, urn: urn(VPC, name), inputs: {} });
    const subnetOf = (v: ResourceSpec): ResourceSpec => ({ type: SUBNET, name: `${v.name}-a`, urn: urn(SUBNET, `${v.name}-a`), inputs: { vpcId: "<computed>" }, propertyDependencies: { vpcId: [v.urn!] } });
    const cluster = (deps: string[]): ResourceSpec => ({
        type: CLUSTER,
        name: "dev",
        urn: urn(CLUSTER, "dev"),
        inputs: { vpcConfig: { endpointPublicAccess: true, subnetIds: ["<computed>"] } },
        propertyDependencies: { vpcConfig: deps },
    });
    const endpoints = (v: ResourceSpec, services = ["ec2", "ecr.api", "ecr.dkr"]): ResourceSpec[] =>
        services.map((svc) => ({
            type: ENDPOINT,
            name: `${v.name}-${svc}`,
            urn: urn(ENDPOINT, `${v.name}-${svc}`),
            inputs: { vpcId: "<computed>", serviceName: `com.amazonaws.eu-west-1.${svc}` },
            propertyDependencies: { vpcId: [v.urn!] },
        }));
    const msg = (missing: string) =>
        `VPC of an EKS cluster lacks VPC endpoints for ${missing}; nodes call the EC2 API and pull from ECR through them (FSBP EC2.10, EC2.55, EC2.56), and without internet egress cannot get credentials or ship logs: add aws.ec2.VpcEndpoint for com.amazonaws.<region>.<service>.`;

    it("holds only the cluster's VPC (traced through its subnets) to the endpoints", async () => {
        const spoke = vpc("spoke");
        const egress = vpc("egress");
        const r = await runPolicy(privateEndpointsForPrivateClusters, [spoke, egress, subnetOf(spoke), subnetOf(egress), cluster([urn(SUBNET, "spoke-a")]), ...endpoints(spoke)]);
        expect(r.outcome).to.equal("pass");
    });
    it("traces a cluster that refers to its VPC directly", async () => {
        const spoke = vpc("spoke");
        const egress = vpc("egress");
        expect((await runPolicy(privateEndpointsForPrivateClusters, [spoke, egress, cluster([spoke.urn!]), ...endpoints(spoke)])).outcome).to.equal("pass");
        const r = await runPolicy(privateEndpointsForPrivateClusters, [spoke, egress, cluster([egress.urn!]), ...endpoints(spoke)]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([egress.urn]);
    });
    it("holds every VPC in the stack when the cluster's VPC cannot be traced", async () => {
        const spoke = vpc("spoke");
        const egress = vpc("egress");
        const r = await runPolicy(privateEndpointsForPrivateClusters, [spoke, egress, cluster([]), ...endpoints(spoke)]);
        expect(r.reported).to.deep.equal([msg("ec2, ecr.api, ecr.dkr")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([egress.urn]);
    });
    it("counts an endpoint without a service name as none", async () => {
        const spoke = vpc("spoke");
        const noName = { ...endpoints(spoke, ["ec2"])[0], inputs: { vpcId: "<computed>" } };
        const r = await runPolicy(privateEndpointsForPrivateClusters, [spoke, cluster([spoke.urn!]), noName, ...endpoints(spoke, ["ecr.api", "ecr.dkr"])]);
        expect(r.reported).to.deep.equal([msg("ec2")]);
    });
    it("matches the service as a whole suffix (ecr.api does not stand for api)", async () => {
        const spoke = vpc("spoke");
        const r = await runPolicy(privateEndpointsForPrivateClusters, [spoke, cluster([spoke.urn!]), ...endpoints(spoke, ["ec2", "xecr.api", "ecr.dkr"])]);
        expect(r.reported).to.deep.equal([msg("ecr.api")]);
    });
});
