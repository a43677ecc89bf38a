import { expect } from "chai";
import { platformSettings, validateConfig } from "../../config/load";
import { requiredServiceLinkedRoles, serviceLinkedRolesToCreate } from "../../config/prerequisites";
import { readStackFile, stackFilePath } from "../../tools/plan/stack-file";
import { stackInfos } from "../support/stacks";

const config = (stack: string, change: (raw: Record<string, any>) => void = () => undefined) => {
    const raw = platformSettings(readStackFile(stackFilePath(stack)).config) as Record<string, any>;
    change(raw);
    return validateConfig(raw);
};

describe("account prerequisites derived from the settings", () => {
    it("a workload with Karpenter needs Auto Scaling's and Spot's service-linked roles", () => {
        expect(requiredServiceLinkedRoles(config("dev"))).to.deep.equal(["autoscaling.amazonaws.com", "spot.amazonaws.com"]);
    });

    it("a workload without Karpenter and without Spot pools needs only Auto Scaling's", () => {
        const c = config("prod", (raw) => {
            raw.cluster.karpenter = { enabled: false };
            raw.cluster.nodePools.forEach((p: Record<string, unknown>) => (p.capacityType = "ON_DEMAND"));
        });
        expect(requiredServiceLinkedRoles(c)).to.deep.equal(["autoscaling.amazonaws.com"]);
    });

    it("a Spot node pool alone needs Spot's", () => {
        const c = config("dev", (raw) => (raw.cluster.karpenter = { enabled: false }));
        expect(requiredServiceLinkedRoles(c)).to.deep.equal(["autoscaling.amazonaws.com", "spot.amazonaws.com"]);
    });

    it("network, shared-services and bootstrap stacks need none", () => {
        for (const stack of stackInfos().filter((s) => ["network", "shared-services", "bootstrap"].includes(s.role)).map((s) => s.stack)) {
            expect(requiredServiceLinkedRoles(config(stack)), stack).to.deep.equal([]);
        }
    });

    it("creates only those not declared to exist already", () => {
        const c = config("dev", (raw) => (raw.prerequisites.existingServiceLinkedRoles = ["autoscaling.amazonaws.com"]));
        expect(serviceLinkedRolesToCreate(c)).to.deep.equal(["spot.amazonaws.com"]);
    });
});
