import { expect } from "chai";
import { ecrCreatedRepositoriesCovered, ecrTemplateImmutable, ecrTemplateKms, ecrTemplatePolicies } from "../../../policy-packs/aws-baseline/policies/ecr-templates";
import { awsBaseline } from "../../../policy-packs/aws-baseline/pack";
import { ResourceSpec, runPolicy } from "../../support/policy";

const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const CACHE_RULE = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const PROVIDER = "pulumi:providers:aws";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

const COMPLIANT = {
    prefix: "quay",
    appliedFors: ["PULL_THROUGH_CACHE"],
    imageTagMutability: "IMMUTABLE",
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "arn:aws:kms:eu-west-1:222222222222:key/ecr" }],
    customRoleArn: "arn:aws:iam::222222222222:role/platform/registry-templates",
};
const template = (inputs: Record<string, unknown> = COMPLIANT, name = "t", provider?: string): ResourceSpec => ({ type: TEMPLATE, name, urn: urnOf(TEMPLATE, name), inputs, provider });
const without = (key: string) => Object.fromEntries(Object.entries(COMPLIANT).filter(([k]) => k !== key));

describe("ecr-templates pack module", () => {
    it("exports three mandatory template policies, registered in aws-baseline", () => {
        expect(ecrTemplatePolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["ecr-template-immutable", "mandatory", "high"],
            ["ecr-template-kms", "mandatory", "medium"],
            ["ecr-created-repositories-covered", "mandatory", "high"],
        ]);
        for (const p of ecrTemplatePolicies) {
            expect(awsBaseline.policies, p.name).to.include(p);
        }
    });
});

describe("ecr-template-immutable", () => {
    const MSG = 'Repository creation template "quay" must make the repositories ECR creates immutable; set imageTagMutability: "IMMUTABLE".';
    it("passes an IMMUTABLE template", async () => {
        const r = await runPolicy(ecrTemplateImmutable, template());
        expect(r.reported).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects MUTABLE", async () => {
        expect((await runPolicy(ecrTemplateImmutable, template({ ...COMPLIANT, imageTagMutability: "MUTABLE" }))).reported).to.deep.equal([MSG]);
    });
    it("rejects an unset imageTagMutability (ECR's default for created repositories is MUTABLE)", async () => {
        expect((await runPolicy(ecrTemplateImmutable, template(without("imageTagMutability")))).reported).to.deep.equal([MSG]);
    });
    it("rejects IMMUTABLE_WITH_EXCLUSION (excluded tags can be overwritten)", async () => {
        expect((await runPolicy(ecrTemplateImmutable, template({ ...COMPLIANT, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }))).reported).to.deep.equal([MSG]);
    });
    it("accepts a MUTABLE pull-through cache template only when allowMutablePullThroughCache is set", async () => {
        const mutable = template({ ...COMPLIANT, imageTagMutability: "MUTABLE" });
        expect((await runPolicy(ecrTemplateImmutable, mutable, { allowMutablePullThroughCache: true })).reported).to.deep.equal([]);
    });
    it("never accepts a MUTABLE replication template, even with the cache exception", async () => {
        const replica = template({ ...COMPLIANT, prefix: "ROOT", appliedFors: ["REPLICATION"], imageTagMutability: "MUTABLE" });
        expect((await runPolicy(ecrTemplateImmutable, replica, { allowMutablePullThroughCache: true })).reported).to.deep.equal([
            'Repository creation template "ROOT" must make the repositories ECR creates immutable; set imageTagMutability: "IMMUTABLE".',
        ]);
        const both = template({ ...COMPLIANT, appliedFors: ["PULL_THROUGH_CACHE", "REPLICATION"], imageTagMutability: "MUTABLE" });
        expect((await runPolicy(ecrTemplateImmutable, both, { allowMutablePullThroughCache: true })).reported).to.deep.equal([MSG]);
    });
    it("does not judge a CREATE_ON_PUSH-only template (the pusher's repository, covered by ecr-immutable-tags' rules on the pusher)", async () => {
        const r = await runPolicy(ecrTemplateImmutable, template({ ...COMPLIANT, appliedFors: ["CREATE_ON_PUSH"], imageTagMutability: "MUTABLE" }));
        expect(r.reported).to.deep.equal([]);
    });
});

describe("ecr-template-kms", () => {
    it("passes KMS with a key and the custom role", async () => {
        expect((await runPolicy(ecrTemplateKms, template())).reported).to.deep.equal([]);
    });
    it("rejects AES256 and an unset encryption (ECR's default)", async () => {
        const msg = 'Repository creation template "quay" must encrypt with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <ECR key ARN> }].';
        expect((await runPolicy(ecrTemplateKms, template({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "AES256" }] }))).reported).to.deep.equal([msg]);
        expect((await runPolicy(ecrTemplateKms, template(without("encryptionConfigurations")))).reported).to.deep.equal([msg]);
    });
    it("rejects KMS without a key (the AWS managed key)", async () => {
        expect((await runPolicy(ecrTemplateKms, template({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "KMS" }] }))).reported).to.deep.equal([
            'Repository creation template "quay" must name a customer managed KMS key (kmsKey unset means the AWS managed aws/ecr key); set encryptionConfigurations[0].kmsKey.',
        ]);
    });
    it("rejects KMS without the custom role ECR needs to use the key", async () => {
        expect((await runPolicy(ecrTemplateKms, template(without("customRoleArn")))).reported).to.deep.equal([
            'Repository creation template "quay" encrypts with KMS but has no customRoleArn; ECR needs a role in the registry\'s account to create repositories with a KMS key.',
        ]);
    });
});

describe("ecr-created-repositories-covered (stack)", () => {
    const provider = (name: string, region: string): ResourceSpec => ({ type: PROVIDER, name, urn: urnOf(PROVIDER, name), inputs: { region } });
    const HOME = provider("home", "eu-west-1");
    const REPLICA = provider("replica", "eu-central-1");
    const rule = (prefix: string): ResourceSpec => ({ type: CACHE_RULE, name: `cache-${prefix}`, urn: urnOf(CACHE_RULE, `cache-${prefix}`), inputs: { ecrRepositoryPrefix: prefix, upstreamRegistryUrl: "quay.io" }, provider: HOME.urn });
    const replication: ResourceSpec = {
        type: REPLICATION,
        name: "replication",
        urn: urnOf(REPLICATION, "replication"),
        inputs: { replicationConfiguration: { rules: [{ destinations: [{ region: "eu-central-1", registryId: "222222222222" }] }] } },
        provider: HOME.urn,
    };
    const scan = (name: string, p: ResourceSpec, filter = "*"): ResourceSpec => ({
        type: SCANNING,
        name,
        urn: urnOf(SCANNING, name),
        inputs: { scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter, filterType: "WILDCARD" }] }] },
        provider: p.urn,
    });
    const replicaTemplate = template({ ...COMPLIANT, prefix: "ROOT", appliedFors: ["REPLICATION"] }, "replica-template", REPLICA.urn);
    const compliant = (): ResourceSpec[] => [HOME, REPLICA, rule("quay"), replication, template(COMPLIANT, "quay-template", HOME.urn), replicaTemplate, scan("scan", HOME), scan("scan-replica", REPLICA)];

    it("passes a cache rule with its template and replication with a template and scanning in the destination region", async () => {
        const r = await runPolicy(ecrCreatedRepositoriesCovered, compliant());
        expect(r.reported).to.deep.equal([]);
    });
    it("rejects a cache rule without a template of its prefix", async () => {
        const resources = compliant().filter((x) => x.name !== "quay-template");
        expect((await runPolicy(ecrCreatedRepositoriesCovered, resources)).reported).to.deep.equal([
            'Pull-through cache rule "quay" has no repository creation template; the repositories it creates would be mutable and AES-256. Add a PULL_THROUGH_CACHE template with prefix "quay" in its region.',
        ]);
    });
    it("rejects a cache template of another prefix, another scenario or in another region; accepts ROOT", async () => {
        const base = compliant().filter((x) => x.name !== "quay-template");
        const other = [
            template({ ...COMPLIANT, prefix: "k8s" }, "k8s-template", HOME.urn),
            template({ ...COMPLIANT, appliedFors: ["REPLICATION"] }, "wrong-scenario", HOME.urn),
            template(COMPLIANT, "wrong-region", REPLICA.urn),
        ];
        for (const t of other) {
            expect((await runPolicy(ecrCreatedRepositoriesCovered, [...base, t])).reported, t.name).to.have.length(1);
        }
        const root = template({ ...COMPLIANT, prefix: "ROOT" }, "root", HOME.urn);
        expect((await runPolicy(ecrCreatedRepositoriesCovered, [...base, root])).reported).to.deep.equal([]);
    });
    it("rejects replication without a REPLICATION template in the destination region (one in the source region does not count)", async () => {
        const moved = template({ ...COMPLIANT, prefix: "ROOT", appliedFors: ["REPLICATION"] }, "replica-template", HOME.urn);
        const resources = [...compliant().filter((x) => x.name !== "replica-template"), moved];
        expect((await runPolicy(ecrCreatedRepositoriesCovered, resources)).reported).to.deep.equal([
            "Replication to eu-central-1 has no REPLICATION repository creation template in eu-central-1; replicas would be mutable and AES-256. Add one (prefix ROOT) with a provider of eu-central-1.",
        ]);
    });
    it("accepts a template placed in the destination by its own region input (provider v7)", async () => {
        const byInput = template({ ...COMPLIANT, prefix: "ROOT", appliedFors: ["REPLICATION"], region: "eu-central-1" }, "replica-template", HOME.urn);
        const resources = [...compliant().filter((x) => x.name !== "replica-template"), byInput];
        expect((await runPolicy(ecrCreatedRepositoriesCovered, resources)).reported).to.deep.equal([]);
    });
    it("rejects a replica region without registry scanning, and a scanning rule that does not cover every repository", async () => {
        const msg = 'Replication to eu-central-1: no registry scanning rule on "*" in eu-central-1 scans the replicas.';
        const noScan = compliant().filter((x) => x.name !== "scan-replica");
        expect((await runPolicy(ecrCreatedRepositoriesCovered, noScan)).reported).to.deep.equal([msg]);
        const narrow = [...noScan, scan("scan-replica", REPLICA, "payments/*")];
        expect((await runPolicy(ecrCreatedRepositoriesCovered, narrow)).reported).to.deep.equal([msg]);
    });
    it("rejects a cache rule whose region has no scanning rule", async () => {
        const resources = compliant().filter((x) => x.name !== "scan");
        expect((await runPolicy(ecrCreatedRepositoriesCovered, resources)).reported).to.deep.equal(['Pull-through cache rule "quay": no registry scanning rule on "*" in its region scans the repositories it creates.']);
    });
    it("has nothing to say about a registry without caches or replication", async () => {
        expect((await runPolicy(ecrCreatedRepositoriesCovered, [HOME, scan("scan", HOME)])).reported).to.deep.equal([]);
    });
});
