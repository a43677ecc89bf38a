import { expect } from "chai";
import { ecrCreatedRepositoriesCovered, ecrTemplateImmutable, ecrTemplateKms } from "../../../policy-packs/aws-baseline/policies/ecr-templates";
import { PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/**
 * The repository creation template rules, one condition at a time (issue #15): each case fails if
 * the rule stops catching it, starts refusing what it must allow, or turns a value unknown until
 * apply into a pass. ecr-templates.test.ts describes the rules; this file pins the edges.
 */

const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const CACHE_RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const PROVIDER = "pulumi:providers:aws";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;
const preview = (policy: string, at: string) => `can't run policy '${policy}' from policy pack 'test-pack@v0.0.0' during preview: string value at ${at} can't be known during preview`;
const levels = (run: PolicyRun) => run.findings.map((f) => [f.enforcementLevel, f.message]);

const COMPLIANT = {
    prefix: "quay",
    appliedFors: ["PULL_THROUGH_CACHE"],
    imageTagMutability: "IMMUTABLE",
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:222222222222:key/ecr" }],
    customRoleArn: "arn:aws:iam::222222222222:role/platform/registry-templates",
};
const template = (over: Record<string, unknown> = {}, name = "t", provider?: string): ResourceSpec => ({ type: TEMPLATE, name, urn: urnOf(TEMPLATE, name), inputs: { ...COMPLIANT, ...over }, provider });

describe("ecr-template-immutable, condition by condition", () => {
    const MSG = (prefix: string) => `Repository creation template "${prefix}" must make the repositories ECR creates immutable; set imageTagMutability: "IMMUTABLE".`;
    const allow = { allowMutablePullThroughCache: true };

    it("judges a template that applies to replication or a cache beside CREATE_ON_PUSH", async () => {
        for (const appliedFors of [["CREATE_ON_PUSH", "REPLICATION"], ["CREATE_ON_PUSH", "PULL_THROUGH_CACHE"], "REPLICATION"]) {
            expect((await runPolicy(ecrTemplateImmutable, template({ appliedFors, imageTagMutability: "MUTABLE" }))).reported, JSON.stringify(appliedFors)).to.deep.equal([MSG("quay")]);
        }
    });
    it("does not judge a template without appliedFors or for other scenarios only", async () => {
        for (const appliedFors of [undefined, [], ["CREATE_ON_PUSH"], ["pull_through_cache"]]) {
            expect((await runPolicy(ecrTemplateImmutable, template({ appliedFors, imageTagMutability: "MUTABLE" }))).outcome, JSON.stringify(appliedFors)).to.equal("pass");
        }
    });
    it("cannot decide appliedFors or imageTagMutability unknown until apply", async () => {
        const scenarios = await runPolicy(ecrTemplateImmutable, template({ appliedFors: "<computed>", imageTagMutability: "MUTABLE" }));
        expect(levels(scenarios)).to.deep.equal([["advisory", preview("ecr-template-immutable", ".appliedFors")]]);
        const mutability = await runPolicy(ecrTemplateImmutable, template({ imageTagMutability: "<computed>" }));
        expect(levels(mutability)).to.deep.equal([["advisory", preview("ecr-template-immutable", ".imageTagMutability")]]);
    });
    it("allows only MUTABLE, only on cache-only templates, only with the config", async () => {
        expect((await runPolicy(ecrTemplateImmutable, template({ imageTagMutability: "MUTABLE" }))).reported).to.deep.equal([MSG("quay")]);
        expect((await runPolicy(ecrTemplateImmutable, template({ imageTagMutability: "MUTABLE" }), { allowMutablePullThroughCache: false })).reported).to.deep.equal([MSG("quay")]);
        expect((await runPolicy(ecrTemplateImmutable, template({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }), allow)).reported).to.deep.equal([MSG("quay")]);
        expect((await runPolicy(ecrTemplateImmutable, template({ appliedFors: ["PULL_THROUGH_CACHE", "CREATE_ON_PUSH"], imageTagMutability: "MUTABLE" }), allow)).reported).to.deep.equal([MSG("quay")]);
        expect((await runPolicy(ecrTemplateImmutable, template({ appliedFors: ["PULL_THROUGH_CACHE", "PULL_THROUGH_CACHE"] }), allow)).outcome).to.equal("pass");
        expect((await runPolicy(ecrTemplateImmutable, template({ imageTagMutability: undefined }), allow)).outcome).to.equal("pass");
    });
});

describe("ecr-template-kms, condition by condition", () => {
    const KMS = 'Repository creation template "quay" must encrypt with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <ECR key ARN> }].';
    const KEY = 'Repository creation template "quay" must name a customer managed KMS key (kmsKey unset means the AWS managed aws/ecr key); set encryptionConfigurations[0].kmsKey.';
    const ROLE = 'Repository creation template "quay" encrypts with KMS but has no customRoleArn; ECR needs a role in the registry\'s account to create repositories with a KMS key.';
    const kms = async (over: Record<string, unknown>) => (await runPolicy(ecrTemplateKms, template(over))).reported;

    it("judges replication templates and cache templates, not CREATE_ON_PUSH-only ones", async () => {
        expect(await kms({ appliedFors: ["REPLICATION"], encryptionConfigurations: [] })).to.deep.equal([KMS]);
        expect(await kms({ appliedFors: ["CREATE_ON_PUSH", "PULL_THROUGH_CACHE"], encryptionConfigurations: [] })).to.deep.equal([KMS]);
        expect(await kms({ appliedFors: ["CREATE_ON_PUSH"], encryptionConfigurations: [] })).to.deep.equal([]);
        expect(await kms({ appliedFors: undefined, encryptionConfigurations: [] })).to.deep.equal([]);
    });
    it("refuses every type but KMS (KMS_DSSE, lower case, an empty entry)", async () => {
        for (const encryptionConfigurations of [[{ encryptionType: "KMS_DSSE", kmsKey: "k" }], [{ encryptionType: "kms", kmsKey: "k" }], [{}]]) {
            expect(await kms({ encryptionConfigurations }), JSON.stringify(encryptionConfigurations)).to.deep.equal([KMS]);
        }
    });
    it("refuses an empty key, and reports the missing key and role together", async () => {
        expect(await kms({ encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "" }] })).to.deep.equal([KEY]);
        expect(await kms({ encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: null }], customRoleArn: "" })).to.deep.equal([KEY, ROLE]);
        expect(await kms({ customRoleArn: null })).to.deep.equal([ROLE]);
    });
    it("takes a key and a role known only after apply as set", async () => {
        expect((await runPolicy(ecrTemplateKms, template({ encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "<computed>" }], customRoleArn: "<computed>" }))).outcome).to.equal("pass");
    });
    it("cannot decide appliedFors, the list, an entry or the type unknown until apply (never a pass, never a failure)", async () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ appliedFors: "<computed>", encryptionConfigurations: [] }, ".appliedFors"],
            [{ encryptionConfigurations: "<computed>" }, ".encryptionConfigurations"],
            [{ encryptionConfigurations: ["<computed>"] }, ".encryptionConfigurations.0"],
            [{ encryptionConfigurations: [{ encryptionType: "<computed>", kmsKey: "k" }] }, ".encryptionConfigurations.0.encryptionType"],
        ];
        for (const [over, at] of cases) {
            const run = await runPolicy(ecrTemplateKms, template(over));
            expect(levels(run), at).to.deep.equal([["advisory", preview("ecr-template-kms", at)]]);
            expect(run.outcome).to.equal("unknown");
        }
    });
});

describe("ecr-created-repositories-covered, condition by condition", () => {
    const provider = (name: string, region?: string): ResourceSpec => ({ type: PROVIDER, name, urn: urnOf(PROVIDER, name), inputs: region ? { region } : {} });
    const HOME = provider("home", "eu-west-1");
    const REPLICA = provider("replica", "eu-central-1");
    const NOREGION = provider("noregion");
    const cacheRule = (prefix: unknown = "quay", p: ResourceSpec = HOME, extra: Record<string, unknown> = {}): ResourceSpec => ({
        type: CACHE_RULE,
        name: "cache",
        urn: urnOf(CACHE_RULE, "cache"),
        inputs: { ecrRepositoryPrefix: prefix, upstreamRegistryUrl: "quay.io", ...extra },
        provider: p.urn,
    });
    const replication = (rules: unknown): ResourceSpec => ({ type: REPLICATION, name: "replication", urn: urnOf(REPLICATION, "replication"), inputs: { replicationConfiguration: { rules } }, provider: HOME.urn });
    const toReplica = [{ destinations: [{ region: "eu-central-1", registryId: "222222222222" }] }];
    const scan = (name: string, p: ResourceSpec | undefined, rules: unknown = [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }], region?: string): ResourceSpec => ({
        type: SCANNING,
        name,
        urn: urnOf(SCANNING, name),
        inputs: { scanType: "ENHANCED", rules, ...(region ? { region } : {}) },
        provider: p?.urn,
    });
    const NO_TEMPLATE = (label: string) =>
        `Pull-through cache rule ${label} has no repository creation template; the repositories it creates would be mutable and AES-256. Add a PULL_THROUGH_CACHE template with prefix ${label} in its region.`;
    const NO_SCAN = (label: string) => `Pull-through cache rule ${label}: no registry scanning rule on "*" in its region scans the repositories it creates.`;
    const NO_REPLICA_TEMPLATE = "Replication to eu-central-1 has no REPLICATION repository creation template in eu-central-1; replicas would be mutable and AES-256. Add one (prefix ROOT) with a provider of eu-central-1.";
    const NO_REPLICA_SCAN = 'Replication to eu-central-1: no registry scanning rule on "*" in eu-central-1 scans the replicas.';
    const run = async (...resources: ResourceSpec[]) => {
        const r = await runPolicy(ecrCreatedRepositoriesCovered, [HOME, REPLICA, NOREGION, ...resources]);
        return r.reported;
    };

    it("reports a cache rule without template and scanning on the rule, labelled by its prefix or its name", async () => {
        const r = await runPolicy(ecrCreatedRepositoriesCovered, [HOME, cacheRule()]);
        expect(r.reported).to.deep.equal([NO_TEMPLATE('"quay"'), NO_SCAN('"quay"')]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(CACHE_RULE, "cache"), urnOf(CACHE_RULE, "cache")]);
        expect(await run(cacheRule("<computed>"))).to.deep.equal([NO_TEMPLATE("cache"), NO_SCAN("cache")]);
    });
    it("lets a template whose prefix or scenarios are known only after apply cover a cache rule", async () => {
        expect(await run(cacheRule(), scan("s", HOME), template({ prefix: "<computed>", appliedFors: ["REPLICATION"] }, "t", HOME.urn))).to.deep.equal([]);
        expect(await run(cacheRule(), scan("s", HOME), template({ prefix: "other", appliedFors: "<computed>" }, "t", HOME.urn))).to.deep.equal([]);
    });
    it("lets any template of the scenario cover a cache rule whose prefix is known only after apply", async () => {
        expect(await run(cacheRule("<computed>"), scan("s", HOME), template({ prefix: "other" }, "t", HOME.urn))).to.deep.equal([]);
        expect(await run(cacheRule("<computed>"), scan("s", HOME), template({ prefix: "other", appliedFors: ["REPLICATION"] }, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE("cache")]);
    });
    it("does not take a template whose prefix only starts like the rule's", async () => {
        expect(await run(cacheRule("quay"), scan("s", HOME), template({ prefix: "qua" }, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE('"quay"')]);
        expect(await run(cacheRule("quay"), scan("s", HOME), template({ prefix: "root" }, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE('"quay"')]);
    });
    it("places resources by their own region input first, then their provider's region", async () => {
        // The rule's own region wins over its provider's: a template in the provider's region does not cover it.
        const movedRule = cacheRule("quay", HOME, { region: "eu-central-1" });
        expect(await run(movedRule, scan("s", REPLICA), template({}, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE('"quay"')]);
        expect(await run(movedRule, scan("s", REPLICA), template({}, "t", REPLICA.urn))).to.deep.equal([]);
        // A scanning configuration placed by its own region input.
        expect(await run(cacheRule(), scan("s", REPLICA, undefined, "eu-west-1"), template({}, "t", HOME.urn))).to.deep.equal([]);
        expect(await run(cacheRule(), scan("s", HOME, undefined, "eu-central-1"), template({}, "t", HOME.urn))).to.deep.equal([NO_SCAN('"quay"')]);
    });
    it("compares providers when a region is not known: same provider covers, another does not", async () => {
        const rule = cacheRule("quay", NOREGION);
        expect(await run(rule, scan("s", NOREGION), template({}, "t", NOREGION.urn))).to.deep.equal([]);
        expect(await run(rule, scan("s", HOME), template({}, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE('"quay"'), NO_SCAN('"quay"')]);
        // A region input that is not a string does not place a resource.
        expect(await run(cacheRule("quay", NOREGION, { region: "<computed>" }), scan("s", NOREGION), template({}, "t", NOREGION.urn))).to.deep.equal([]);
        // No provider at all on either side is the same (default) provider.
        expect(await run({ ...cacheRule(), provider: undefined }, scan("s", undefined), { ...template(), provider: undefined })).to.deep.equal([]);
    });
    it("compares providers when only one side's region is known (a template with its own region, on the rule's provider)", async () => {
        const rule = cacheRule("quay", NOREGION);
        expect(await run(rule, scan("s", NOREGION), template({ region: "eu-west-1" }, "t", NOREGION.urn))).to.deep.equal([]);
        expect(await run(rule, scan("s", NOREGION), template({ region: "eu-west-1" }, "t", HOME.urn))).to.deep.equal([NO_TEMPLATE('"quay"')]);
        // And the other way round: the rule has its own region, the template only the rule's provider.
        const placed = cacheRule("quay", NOREGION, { region: "eu-west-1" });
        expect(await run(placed, scan("s", HOME), template({}, "t", NOREGION.urn))).to.deep.equal([]);
        expect(await run(placed, scan("s", HOME), template({}, "t", REPLICA.urn))).to.deep.equal([NO_TEMPLATE('"quay"')]);
    });
    it("does not place resources by a provider region known only after apply", async () => {
        const later = provider("later", "<computed>");
        const later2 = provider("later2", "<computed>");
        const r = await runPolicy(ecrCreatedRepositoriesCovered, [later, later2, cacheRule("quay", later), scan("s", later2), template({}, "t", later2.urn)]);
        expect(r.reported).to.deep.equal([NO_TEMPLATE('"quay"'), NO_SCAN('"quay"')]);
        const same = await runPolicy(ecrCreatedRepositoriesCovered, [later, cacheRule("quay", later), scan("s", later), template({}, "t", later.urn)]);
        expect(same.reported).to.deep.equal([]);
    });
    it("does not take a template or scanning through another provider when neither region is known", async () => {
        const other = provider("noregion2");
        const r = await runPolicy(ecrCreatedRepositoriesCovered, [NOREGION, other, cacheRule("quay", NOREGION), template({}, "t", NOREGION.urn), scan("s", other)]);
        expect(r.reported).to.deep.equal([NO_SCAN('"quay"')]);
        const t = await runPolicy(ecrCreatedRepositoriesCovered, [NOREGION, other, cacheRule("quay", NOREGION), template({}, "t", other.urn), scan("s", NOREGION)]);
        expect(t.reported).to.deep.equal([NO_TEMPLATE('"quay"')]);
    });
    it("takes templates, scanning rules and replication only from resources of those types", async () => {
        const REPO = "aws:ecr/repository:Repository";
        const fake = (inputs: Record<string, unknown>, name: string): ResourceSpec => ({ type: REPO, name, urn: urnOf(REPO, name), inputs, provider: HOME.urn });
        expect(await run(cacheRule(), scan("s", HOME), fake({ ...COMPLIANT }, "not-a-template"))).to.deep.equal([NO_TEMPLATE('"quay"')]);
        expect(await run(cacheRule(), template({}, "t", HOME.urn), fake({ rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }] }, "not-scanning"))).to.deep.equal([NO_SCAN('"quay"')]);
        expect(await run(fake({ replicationConfiguration: { rules: toReplica } }, "not-replication"))).to.deep.equal([]);
    });
    it("skips empty (null) scanning rules and filters, and still reads the others", async () => {
        const withRules = async (rules: unknown) => run(cacheRule(), template({}, "t", HOME.urn), scan("s", HOME, rules));
        const star = { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] };
        expect(await withRules([null, star])).to.deep.equal([]);
        expect(await withRules([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [null, { filter: "*", filterType: "WILDCARD" }] }])).to.deep.equal([]);
        expect(await withRules([null])).to.deep.equal([NO_SCAN('"quay"')]);
        expect(await withRules([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [null] }])).to.deep.equal([NO_SCAN('"quay"')]);
    });
    it("takes only a SCAN_ON_PUSH or CONTINUOUS_SCAN rule on the WILDCARD *, or rules unknown until apply", async () => {
        const withRules = async (rules: unknown) => run(cacheRule(), template({}, "t", HOME.urn), scan("s", HOME, rules));
        const rule = (filter: unknown, filterType: unknown = "WILDCARD", scanFrequency: unknown = "SCAN_ON_PUSH") => [{ scanFrequency, repositoryFilters: [{ filter, filterType }] }];
        for (const rules of [
            "<computed>",
            ["<computed>"] as unknown,
            [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: ["<computed>"] }],
            rule("<computed>"),
            rule("*"),
            rule("*", "WILDCARD", "CONTINUOUS_SCAN"),
            rule("*", "WILDCARD", "<computed>"),
            rule("*", "<computed>"),
        ]) {
            expect(await withRules(rules), JSON.stringify(rules)).to.deep.equal([]);
        }
        expect(await withRules([{ scanFrequency: "MANUAL", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }, ...rule("*")])).to.deep.equal([]);
        for (const rules of [[], rule("*", "WILDCARD", "MANUAL"), rule("*", "PREFIX"), rule("quay*"), rule("quay*", "<computed>"), rule("quay*", "WILDCARD", "<computed>"), rule("*", "WILDCARD", "scan_on_push"), [{ scanFrequency: "SCAN_ON_PUSH" }]]) {
            expect(await withRules(rules), JSON.stringify(rules)).to.deep.equal([NO_SCAN('"quay"')]);
        }
    });
    it("covers replication with a REPLICATION template of any prefix in the destination region", async () => {
        const replicaTemplate = (over: Record<string, unknown> = {}) => template({ prefix: "ROOT", appliedFors: ["REPLICATION"], ...over }, "rt", REPLICA.urn);
        expect(await run(replication(toReplica), scan("s", REPLICA), replicaTemplate())).to.deep.equal([]);
        expect(await run(replication(toReplica), scan("s", REPLICA), replicaTemplate({ prefix: "team" }))).to.deep.equal([]);
        expect(await run(replication(toReplica), scan("s", REPLICA), replicaTemplate({ appliedFors: ["PULL_THROUGH_CACHE"] }))).to.deep.equal([NO_REPLICA_TEMPLATE]);
        expect(await run(replication(toReplica), scan("s", REPLICA), template({ prefix: "ROOT", appliedFors: ["REPLICATION"] }, "rt", NOREGION.urn))).to.deep.equal([NO_REPLICA_TEMPLATE]);
    });
    it("reports each destination region once, on the replication resource, whatever number of rules name it", async () => {
        const twice = [...toReplica, { destinations: [{ region: "eu-central-1", registryId: "333333333333" }, { region: "<computed>" }, "<computed>"] }];
        const r = await runPolicy(ecrCreatedRepositoriesCovered, [HOME, REPLICA, replication(twice)]);
        expect(r.reported).to.deep.equal([NO_REPLICA_TEMPLATE, NO_REPLICA_SCAN]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(REPLICATION, "replication"), urnOf(REPLICATION, "replication")]);
    });
    it("has nothing to say about a replication resource without its configuration", async () => {
        expect(await run({ ...replication([]), inputs: {} })).to.deep.equal([]);
    });
    it("needs scanning in the destination region itself, not through the replication's provider", async () => {
        expect(await run(replication(toReplica), scan("s", HOME), template({ prefix: "ROOT", appliedFors: ["REPLICATION"] }, "rt", REPLICA.urn))).to.deep.equal([NO_REPLICA_SCAN]);
    });
    it("has nothing to say about replication rules unknown until apply or without destinations", async () => {
        for (const rules of ["<computed>", [], [{}], [{ destinations: [] }], [null], [{ destinations: [null] }]]) {
            expect(await run(replication(rules)), JSON.stringify(rules)).to.deep.equal([]);
        }
    });
});
