import { expect } from "chai";
import * as path from "path";
import { defaultConfigDir, POLICY_CONFIG_DIR } from "../../../tools/cli/policy-report";
import type { Plan } from "../../../tools/plan/model";
import { UsageError } from "../../../tools/plan/stack-file";

/** The pack config a plan is held to by default: its profile's directory, never another environment's. */
describe("policy: default pack configuration (no fallback)", () => {
    const planWith = (config: Record<string, unknown>) => ({ stack: "x", config }) as unknown as Plan;

    it("uses the environment's directory when it has one", () => {
        expect(defaultConfigDir(planWith({ "platform:environment": "staging" }))).to.equal(path.join(POLICY_CONFIG_DIR, "staging"));
    });

    it("uses platform:policyProfile when set", () => {
        expect(defaultConfigDir(planWith({ "platform:environment": "network", "platform:policyProfile": "prod" }))).to.equal(path.join(POLICY_CONFIG_DIR, "prod"));
    });

    it("refuses an environment without a directory and no profile, saying what to create, instead of using prod's", () => {
        const call = () => defaultConfigDir(planWith({ "platform:environment": "qa" }));
        expect(call).to.throw(UsageError, /^stack x: platform:policyProfile: unset, and environment "qa" has no pack configuration of its own .*create .*policy-packs\/config\/qa\/aws-baseline\.json and kubernetes-baseline\.json, or choose one explicitly with platform:policyProfile \(one of dev, prod, staging\); or pass --policy-config <file\|dir>$/);
        expect(() => defaultConfigDir(planWith({ "platform:environment": "qa", "platform:policyProfile": "strict" }))).to.throw(UsageError, /platform:policyProfile: "strict" has no pack configuration/);
    });
});
