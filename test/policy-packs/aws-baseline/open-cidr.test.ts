import { expect } from "chai";
import { isOpenCidr, naclNoPublicAdminPorts, sgNoPublicAdminPorts, WIDEST_TARGETED_PREFIX } from "../../../policy-packs/aws-baseline/policies/network";
import { runPolicy } from "../../support/policy";

/**
 * What counts as "the internet" for the network rules (isOpenCidr): 0.0.0.0/0 and ::/0, and any
 * block so wide it is the internet in all but name, so that 0.0.0.0/0 split in two
 * (0.0.0.0/1 + 128.0.0.0/1) does not pass the admin-port rules. Internal, private and targeted
 * public ranges stay allowed.
 */

describe("isOpenCidr: the internet, also when split", () => {
    it("holds the widest targeted prefixes: IPv4 /8 (RFC 1918's 10.0.0.0/8), IPv6 /16", () => {
        expect(WIDEST_TARGETED_PREFIX).to.deep.equal({ ipv4: 8, ipv6: 16 });
    });
    const open = ["0.0.0.0/0", "::/0", " 0.0.0.0/0 ", " ::/0", "0.0.0.0/1", "128.0.0.0/1", "64.0.0.0/2", "8.0.0.0/7", "10.0.0.0/7", "255.0.0.0/7", " 128.0.0.0/1 "];
    // Every octet may have up to three digits, the prefix two (a leading zero is still the prefix).
    const wideOctets = ["0.128.0.0/1", "0.0.255.0/1", "0.0.0.200/1", "8.0.0.0/07"];
    const openV6 = ["::/1", "::/2", "2000::/3", "2001::/15", "3fff::/15", "3FFF::/15", "2000:0:0::/4"];
    for (const c of [...open, ...wideOctets, ...openV6]) {
        it(`takes ${JSON.stringify(c)} as open`, () => expect(isOpenCidr(c)).to.equal(true));
    }
    const targeted = [
        "10.0.0.0/8", // the widest private block
        "52.0.0.0/8", // a wide public range, but a named one
        "0.0.0.0/8",
        "100.64.0.0/10",
        "203.0.113.7/32",
        "300.0.0.0/1", // not an address
        "1.2.3.256/4",
        "0.0.0.0/",
        "0.0.0.0",
        "2001::/16", // a /16 inside 2000::/3
        "2001:db8::/32",
        "4000::/2", // outside 2000::/3 (reserved)
        "8000::/1",
        "::/3", // 0000::/3: reserved space below 2000::/3
        "1000::/4",
        "fc00::/7", // unique local
        "fd00::/8",
        "fe80::/10", // link local
        "::1/128",
        "not-a-cidr/1",
        "x0.0.0.0/1", // text around a CIDR is no CIDR
        "0.0.0.0/1x",
        "0.0.0.0/100",
        "2000::/3x",
        "x2000::/3",
        "g000::/2",
        "",
    ];
    for (const c of targeted) {
        it(`takes ${JSON.stringify(c)} as not open`, () => expect(isOpenCidr(c)).to.equal(false));
    }
    it("takes an unset value as not open", () => {
        expect(isOpenCidr(undefined)).to.equal(false);
    });
});

describe("the admin-port rules refuse the internet split in two", () => {
    it("sg-no-public-admin-ports: SSH from 0.0.0.0/1 and 128.0.0.0/1", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: "aws:ec2/securityGroup:SecurityGroup", inputs: { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], description: "ssh" }] } });
        expect(r.reported).to.deep.equal([
            "ingress[0] allows tcp port 22 from 0.0.0.0/1, which includes port 22; remote administration ports must not be open to the internet: admit only internal CIDRs or security groups, or use SSM Session Manager.",
        ]);
    });
    it("sg-no-public-admin-ports: SSH from 10.0.0.0/8 stays allowed", async () => {
        const r = await runPolicy(sgNoPublicAdminPorts, { type: "aws:ec2/securityGroup:SecurityGroup", inputs: { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], description: "ssh" }] } });
        expect(r.outcome).to.equal("pass");
    });
    it("nacl-no-public-admin-ports: RDP from 2000::/3", async () => {
        const r = await runPolicy(naclNoPublicAdminPorts, {
            type: "aws:ec2/networkAcl:NetworkAcl",
            inputs: { ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "10.0.0.0/8", ipv6CidrBlock: "2000::/3" }] },
        });
        expect(r.reported).to.deep.equal([
            "ingress[0] allows tcp port 3389 from 2000::/3, which includes port 3389; network ACLs must not open remote administration ports to the internet: deny them or narrow the source CIDR.",
        ]);
    });
});
