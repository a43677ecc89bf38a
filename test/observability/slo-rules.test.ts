import { expect } from "chai";
import { platformSloSpecs } from "../../components/observability/platform-slos";
import { SloSpec } from "../../components/observability/slo";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";
import { inParallel, promtool, PromtoolResult, removeDir, runPromtoolAsync, tempDir, writeYaml } from "./promtool";
import { sloRuleTest } from "./slo-scenarios";

/**
 * The SLO rules proven with the real Prometheus rule engine: for every SLO the platform and the
 * stacks declare (and a few that cover what they do not: a 28-day window, explicit buckets, good
 * and total from different counters), `promtool test rules` runs generated scenarios (steady burns
 * around each alert's threshold, total outages with and without good series, an outage that
 * stops, no traffic, a target that is down or scraped by nothing) and checks which alerts fire.
 */

const FIXTURES: SloSpec[] = [
    {
        service: "checkout",
        name: "availability",
        objective: 99.9,
        window: "28d",
        sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
        labels: { team: "payments" },
    },
    {
        service: "checkout",
        name: "latency",
        objective: 99.95,
        window: "30d",
        sli: { type: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 0.3, selector: 'job="checkout",route!="/healthz"', buckets: [0.05, 0.1, 0.3, 1] },
    },
    {
        service: "orders",
        name: "availability",
        objective: 99.5,
        window: "30d",
        sli: { type: "ratio", good: 'orders_processed_total{job="orders"}', total: 'orders_received_total{job="orders"}' },
    },
];

/** The platform's SLOs, with an ingress SLI whose selectors name no job (the absent() fallback). */
const PLATFORM = platformSloSpecs({ type: "ratio", good: 'nginx_ingress_controller_requests{status!~"5.."}', total: "nginx_ingress_controller_requests" });

interface StackService {
    name: string;
    team: string;
    slos?: Omit<SloSpec, "service">[];
}

/** Every service SLO of every stack file, as the Microservice renders it (service name, team label). */
function stackSlos(): [string, SloSpec][] {
    return listStacks().flatMap((stack) => {
        const services = (readStackFile(stackFilePath(stack)).config["platform:services"] ?? []) as StackService[];
        return services.flatMap((svc) => (svc.slos ?? []).map((slo): [string, SloSpec] => [stack, { ...slo, service: svc.name, labels: { ...(slo.labels ?? {}), team: svc.team } }]));
    });
}

describe("SLO rules under promtool test rules", function () {
    this.timeout(120_000);

    const cases: [string, SloSpec][] = [
        ...FIXTURES.map((s): [string, SloSpec] => ["fixture", s]),
        ...PLATFORM.map((s): [string, SloSpec] => ["platform", s]),
        ...stackSlos(),
    ];
    /** promtool's verdict per case, or why the case could not be generated. */
    let verdicts: (PromtoolResult | Error)[] = [];

    before(async () => {
        promtool();
        verdicts = await inParallel(
            cases.map(([, spec]) => async () => {
                const dir = tempDir(`slo-${spec.service}-${spec.name}`);
                try {
                    const { rules, tests } = sloRuleTest(spec, "rules.yaml");
                    writeYaml(dir, "rules.yaml", rules);
                    writeYaml(dir, "tests.yaml", tests);
                    return await runPromtoolAsync(["test", "rules", "tests.yaml"], dir);
                } catch (e) {
                    return e as Error;
                } finally {
                    removeDir(dir);
                }
            }),
        );
    });

    it("covers a service SLO from the stack files", () => {
        expect(stackSlos().length).to.be.greaterThan(0);
    });

    cases.forEach(([origin, spec], i) => {
        it(`${origin} SLO ${spec.service}/${spec.name} (${spec.sli.type}, ${spec.objective}% over ${spec.window}) alerts as the workbook says`, () => {
            const v = verdicts[i];
            if (v instanceof Error) {
                throw v;
            }
            if (v.code !== 0) {
                expect.fail(`promtool test rules failed for ${spec.service}/${spec.name} (exit ${v.code}):\n${v.output}`);
            }
        });
    });
});
