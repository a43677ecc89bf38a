import { expect } from "chai";
import { ServiceLinkedRoles, validateServiceLinkedRolesArgs } from "../../../components/account";
import { declare } from "../../support/harness";

describe("ServiceLinkedRoles", () => {
    it("creates one service-linked role per service, named by its first label, retained on delete", async () => {
        const plan = await declare(() => new ServiceLinkedRoles("dev", { services: ["autoscaling.amazonaws.com", "spot.amazonaws.com"] }));
        expect(plan.inventory()).to.deep.equal([
            "aws:iam/serviceLinkedRole:ServiceLinkedRole::dev-autoscaling",
            "aws:iam/serviceLinkedRole:ServiceLinkedRole::dev-spot",
            "platform:account:ServiceLinkedRoles::dev",
        ]);
        const autoscaling = plan.one("aws:iam/serviceLinkedRole:ServiceLinkedRole", "dev-autoscaling");
        expect(autoscaling.inputs.awsServiceName).to.equal("autoscaling.amazonaws.com");
        // Other Auto Scaling groups and Spot requests of the account use it: never deleted with a stack.
        expect({ retainOnDelete: autoscaling.retainOnDelete, protect: autoscaling.protect }).to.deep.equal({ retainOnDelete: true, protect: false });
        expect(plan.one("aws:iam/serviceLinkedRole:ServiceLinkedRole", "dev-spot").inputs.awsServiceName).to.equal("spot.amazonaws.com");
    });

    const cases: [string, string[], string[]][] = [
        ["rejects a name that is not a service principal", ["autoscaling"], ['services[0]: "autoscaling" is not an AWS service principal such as autoscaling.amazonaws.com']],
        ["rejects a service listed twice", ["spot.amazonaws.com", "spot.amazonaws.com"], ['services[1]: "spot.amazonaws.com" is listed twice']],
    ];
    for (const [title, services, problems] of cases) {
        it(title, () => {
            expect(() => validateServiceLinkedRolesArgs({ services })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
