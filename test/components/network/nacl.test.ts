import { expect } from "chai";
import { internalRanges, portRangesWithout, subnetNaclEntries } from "../../../components/network/nacl";

describe("network ACL entries of SpokeVpc subnets", () => {
    it("splits 0-65535 around the admin ports", () => {
        expect(portRangesWithout([3389, 22])).to.deep.equal([
            [0, 21],
            [23, 3388],
            [3390, 65535],
        ]);
        expect(portRangesWithout([0, 65535])).to.deep.equal([[1, 65534]]);
    });

    it("keeps each internal range once and drops ranges inside another", () => {
        expect(internalRanges(["10.1.0.0/16", "10.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12"])).to.deep.equal(["10.0.0.0/8", "172.16.0.0/12"]);
    });

    it("allows the internal ranges fully, the internet on every port but 22 and 3389, and everything out", () => {
        const { ingress, egress } = subnetNaclEntries(["10.1.0.0/16"]);
        expect(ingress.map((e) => [e.ruleNo, e.action, e.protocol, e.cidrBlock, e.fromPort, e.toPort])).to.deep.equal([
            [100, "allow", "-1", "10.1.0.0/16", 0, 0],
            [200, "allow", "tcp", "0.0.0.0/0", 0, 21],
            [210, "allow", "tcp", "0.0.0.0/0", 23, 3388],
            [220, "allow", "tcp", "0.0.0.0/0", 3390, 65535],
            [230, "allow", "udp", "0.0.0.0/0", 0, 21],
            [240, "allow", "udp", "0.0.0.0/0", 23, 3388],
            [250, "allow", "udp", "0.0.0.0/0", 3390, 65535],
            [260, "allow", "icmp", "0.0.0.0/0", 0, 0],
        ]);
        expect(ingress[7]).to.include({ icmpType: -1, icmpCode: -1 });
        expect(egress).to.deep.equal([{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }]);
        for (const e of ingress.filter((x) => x.cidrBlock === "0.0.0.0/0" && x.protocol !== "icmp")) {
            expect(e.fromPort > 22 || e.toPort < 22, `${e.protocol} ${e.fromPort}-${e.toPort} admits 22`).to.equal(true);
            expect(e.fromPort > 3389 || e.toPort < 3389, `${e.protocol} ${e.fromPort}-${e.toPort} admits 3389`).to.equal(true);
        }
    });
});
