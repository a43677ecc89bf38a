import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { expect } from "chai";
import { resolvePackConfig } from "../../../tools/policy/config";
import { evaluatePack, PackDefinition } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

const retention: ResourceValidationPolicy = {
    name: "log-retention-test",
    description: "Checks whether log groups keep logs long enough.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: { name: "fsbp", version: "1.0.0", reference: "CloudWatch.16", specification: "retention" },
    tags: ["checkov:CKV_AWS_338"],
    configSchema: { properties: { minimumDays: { type: "number", default: 90 } } },
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, args, report) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        if ((lg.retentionInDays ?? 0) < minimumDays) {
            report(`retention ${lg.retentionInDays ?? "unset"} is below ${minimumDays} days.`);
        }
    }),
};

const tagged: ResourceValidationPolicy = {
    name: "tagged-test",
    description: "Checks whether resources are tagged.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (!args.type.startsWith("aws:")) {
            args.notApplicable("only AWS resources carry tags");
        }
        if (!args.props.tags) {
            report("tags are missing.");
        }
    },
};

const everyGroupHasKey: StackValidationPolicy = {
    name: "stack-test",
    description: "Checks whether every log group depends on a KMS key.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const r of args.resources.filter((x) => x.type === "aws:cloudwatch/logGroup:LogGroup")) {
            const keys = (r.propertyDependencies.kmsKeyId ?? []).filter((d) => d.type === "aws:kms/key:Key");
            if (keys.length === 0) {
                report(`log group ${r.name} is not encrypted with a key of this stack.`, r.urn);
            }
        }
    },
};

const pack = (...policies: PackDefinition["policies"]): PackDefinition => ({ name: "p", version: "1.2.3", enforcementLevel: "advisory", policies });

const KEY = planResource({ type: "aws:kms/key:Key", name: "k", urn: "urn:k", inputs: { tags: { a: "b" } } });
const GOOD = planResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "good", urn: "urn:good", inputs: { retentionInDays: 365, kmsKeyId: "arn:k", tags: { a: "b" } }, propertyDependencies: { kmsKeyId: ["urn:k"] } });
const SHORT = planResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "short", urn: "urn:short", inputs: { retentionInDays: 30 } });
const COMPUTED = planResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "computed", urn: "urn:computed", inputs: { retentionInDays: "<computed>", tags: {} } });

describe("offline policy evaluation (engine semantics)", () => {
    it("prefixes the reported message with the description and keeps the policy's level", async () => {
        const e = await evaluatePack(pack(retention), [GOOD, SHORT]);
        expect(e.findings.map((f) => [f.policy, f.enforcementLevel, f.urn, f.message])).to.deep.equal([
            ["log-retention-test", "advisory", "urn:short", "Checks whether log groups keep logs long enough.\nretention 30 is below 90 days."],
        ]);
        expect(e.findings[0].controls).to.deep.equal(["fsbp:CloudWatch.16", "checkov:CKV_AWS_338"]);
        expect(e.checks.map((c) => [c.urn, c.outcome])).to.deep.equal([["urn:good", "pass"], ["urn:short", "fail"]]);
    });

    it("applies schema defaults, then the pack config, and validates it", async () => {
        expect((await evaluatePack(pack(retention), [GOOD], { "log-retention-test": { minimumDays: 400 } })).findings).to.have.length(1);
        expect(resolvePackConfig(pack(retention), {})["log-retention-test"].config).to.deep.equal({ minimumDays: 90 });
        expect(() => resolvePackConfig(pack(retention), { "log-retention-test": { minimumDays: "a lot" } as any })).to.throw("log-retention-test.minimumDays: must be number");
        expect(() => resolvePackConfig(pack(retention), { "no-such-policy": "mandatory" })).to.throw("no-such-policy: no such policy in pack p");
        expect(() => resolvePackConfig(pack(retention), { all: "strict" as any })).to.throw('all: enforcementLevel "strict" is not one of advisory, mandatory, remediate, disabled');
    });

    it("resolves enforcement: the policy's entry, then all, then the policy, then the pack", () => {
        const p = pack(retention, tagged);
        const level = (cfg: Record<string, any>) => Object.values(resolvePackConfig(p, cfg)).map((c) => c.enforcementLevel);
        expect(level({})).to.deep.equal(["advisory", "mandatory"]);
        expect(level({ all: "mandatory" })).to.deep.equal(["mandatory", "mandatory"]);
        expect(level({ all: "advisory", "tagged-test": { enforcementLevel: "mandatory" } })).to.deep.equal(["advisory", "mandatory"]);
        expect(level({ "log-retention-test": "disabled" })).to.deep.equal(["disabled", "mandatory"]);
        const bare = { ...pack({ ...retention, enforcementLevel: undefined }), enforcementLevel: "mandatory" as const };
        expect(Object.values(resolvePackConfig(bare, {})).map((c) => c.enforcementLevel)).to.deep.equal(["mandatory"]);
    });

    it("skips disabled policies entirely", async () => {
        const e = await evaluatePack(pack(retention), [SHORT], { "log-retention-test": "disabled" });
        expect([e.findings, e.checks, e.disabled]).to.deep.equal([[], [], ["log-retention-test"]]);
    });

    it("reports a value unknown until apply as advisory, even for a mandatory policy", async () => {
        const e = await evaluatePack(pack(retention), [COMPUTED], { all: "mandatory" });
        expect(e.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'log-retention-test' from policy pack 'p@v1.2.3' during preview: string value at .retentionInDays can't be known during preview"],
        ]);
        expect(e.checks.map((c) => c.outcome)).to.deep.equal(["unknown"]);
    });

    it("records notApplicable with the policy's reason", async () => {
        const component = planResource({ type: "platform:test:Thing", urn: "urn:thing", inputs: {} });
        const e = await evaluatePack(pack(tagged), [component, KEY]);
        expect(e.checks.map((c) => [c.urn, c.outcome, c.reason])).to.deep.equal([
            ["urn:thing", "notApplicable", "only AWS resources carry tags"],
            ["urn:k", "pass", undefined],
        ]);
    });

    it("gives stack policies every resource with its property dependencies", async () => {
        const e = await evaluatePack(pack(everyGroupHasKey), [KEY, GOOD, SHORT]);
        expect(e.findings.map((f) => [f.urn, f.resourceName, f.enforcementLevel, f.message.split("\n")[1]])).to.deep.equal([
            ["urn:short", "short", "mandatory", "log group short is not encrypted with a key of this stack."],
        ]);
        expect(e.checks.map((c) => [c.urn, c.outcome])).to.deep.equal([["stack", "fail"]]);
    });

    it("does not judge a resource the program only reads", async () => {
        const read = { ...SHORT, urn: "urn:read", readId: "existing" };
        const e = await evaluatePack(pack(retention, everyGroupHasKey), [KEY, GOOD, read], { all: "mandatory" });
        expect(e.findings).to.deep.equal([]);
        expect(e.checks.map((c) => [c.urn, c.outcome])).to.deep.equal([["urn:good", "pass"], ["stack", "pass"]]);
    });

    it("runs a remediation under remediate and reports what still fails as mandatory", async () => {
        const fixRetention: ResourceValidationPolicy = { ...retention, remediateResource: (args) => ({ ...args.props, retentionInDays: 90 }) };
        const e = await evaluatePack(pack(fixRetention), [SHORT], { "log-retention-test": { enforcementLevel: "remediate", minimumDays: 365 } });
        expect(e.findings.map((f) => [f.enforcementLevel, f.message.split("\n")[1]])).to.deep.equal([
            ["remediate", "remediated: the inputs were changed before deployment"],
            ["mandatory", "retention 90 is below 365 days."],
        ]);
    });
});
