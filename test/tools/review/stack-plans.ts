import { Plan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { listStacks, readStackFile, stackFilePath } from "../../../tools/plan/stack-file";

/**
 * The plans of every stack file in stacks/, made once per test process and shared by the
 * invariant suites (test/stacks/reachability.test.ts, principals.test.ts): a referenced stack is
 * planned once and reused as a plan of its own.
 */
let all: Promise<Record<string, Plan>> | undefined;

export function plansOfAllStacks(): Promise<Record<string, Plan>> {
    all ??= (async () => {
        const cache = new Map<string, Plan>();
        const out: Record<string, Plan> = {};
        for (const stack of listStacks()) {
            out[stack] = cache.get(stack) ?? (await planStack({ stack, cache }));
            cache.set(stack, out[stack]);
        }
        return out;
    })();
    return all;
}

/** A setting of every stack file, read without planning (to name tests before the plans exist). */
export function settingOfStacks(key: string): Record<string, unknown> {
    return Object.fromEntries(listStacks().map((s) => [s, readStackFile(stackFilePath(s), s).config[key]]));
}
