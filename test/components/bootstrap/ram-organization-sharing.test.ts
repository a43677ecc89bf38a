import { expect } from "chai";
import { RamOrganizationSharing } from "../../../components/bootstrap";
import { declare } from "../../support/harness";

describe("RamOrganizationSharing", () => {
    it("enables RAM sharing with AWS Organizations, protected and retained so the organization's shares keep working", async () => {
        const plan = await declare(() => new RamOrganizationSharing("ram"));
        expect(plan.inventory()).to.deep.equal(["aws:ram/sharingWithOrganization:SharingWithOrganization::ram", "platform:bootstrap:RamOrganizationSharing::ram"]);
        const sharing = plan.one("aws:ram/sharingWithOrganization:SharingWithOrganization", "ram");
        expect([sharing.protect, sharing.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("neither protects nor retains it when protect is false", async () => {
        const plan = await declare(() => new RamOrganizationSharing("ram", { protect: false }));
        const sharing = plan.one("aws:ram/sharingWithOrganization:SharingWithOrganization", "ram");
        expect([sharing.protect, sharing.retainOnDelete]).to.deep.equal([false, false]);
    });
});
