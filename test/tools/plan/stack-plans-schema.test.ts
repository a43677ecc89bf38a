import { expect } from "chai";
import { planProblems } from "../../../tools/plan/plan-file";
import { listStacks } from "../../../tools/plan/stack-file";
import { plansOfAllStacks } from "../review/stack-plans";

/** What `plan --out` writes for every stack in stacks/ is a plan file the schema accepts. */
describe("every stack's plan against tools/plan/plan.schema.json", function () {
    this.timeout(20 * 60 * 1000);
    for (const stack of listStacks()) {
        it(`${stack}.plan.json validates`, async () => {
            const plan = (await plansOfAllStacks())[stack];
            expect(planProblems(JSON.parse(JSON.stringify(plan)))).to.deep.equal([]);
        });
    }
});
