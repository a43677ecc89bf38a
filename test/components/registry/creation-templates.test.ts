import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ContainerRegistry, ContainerRegistryArgs, lifecyclePolicyDocument, repositoryPullPolicy, templateRoleStatements, validateContainerRegistryArgs } from "../../../components/registry";
import { declare, Declared, doc } from "../../support/harness";

/**
 * Repository creation templates: what ECR applies to the repositories it creates itself (a
 * pull-through cache's first pull, a replica in a destination region). Without a template those
 * repositories are mutable, AES-256 and without policies, so every one of them must match a template
 * that makes them like the repositories the stack declares.
 */

const KEY = "arn:aws:kms:eu-west-1:444444444444:key/ecr";
const BASE: ContainerRegistryArgs = {
    accountId: "444444444444",
    region: "eu-west-1",
    kmsKeyArn: KEY,
    repositories: [{ name: "payments/api" }, { name: "web" }],
    pullOrgId: "o-abcdefghij",
};

function withCachesAndReplica(): Promise<Declared> {
    return declare(() => {
        const replica = new aws.Provider("replica-eu-central-1", { region: "eu-central-1" });
        new ContainerRegistry("shared", { ...BASE, pullThroughCache: ["ecr-public", "k8s", "quay"], replicationRegions: ["eu-central-1"], replicaProviders: { "eu-central-1": replica } });
    });
}

const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

describe("ContainerRegistry repository creation templates", () => {
    it("creates no template, role or replica key without caches or replication", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", BASE));
        expect(plan.ofType(TEMPLATE)).to.deep.equal([]);
        expect(plan.ofType("aws:iam/role:Role")).to.deep.equal([]);
        expect(plan.ofType("aws:kms/key:Key")).to.deep.equal([]);
    });

    it("creates one template per pull-through cache prefix and a ROOT template in each replica region", async () => {
        const plan = await withCachesAndReplica();
        expect(plan.ofType(TEMPLATE).map((t) => [t.name, (t.inputs as any).prefix, (t.inputs as any).appliedFors])).to.deep.equal([
            ["shared-template-ecr-public", "ecr-public", ["PULL_THROUGH_CACHE"]],
            ["shared-template-k8s", "k8s", ["PULL_THROUGH_CACHE"]],
            ["shared-template-quay", "quay", ["PULL_THROUGH_CACHE"]],
            ["shared-template-replica-eu-central-1", "ROOT", ["REPLICATION"]],
        ]);
        // The cache templates' prefixes are exactly the rules' prefixes (AWS: use the rule's prefix as the template's).
        const rulePrefixes = plan.ofType("aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => r.inputs.ecrRepositoryPrefix);
        expect(plan.ofType(TEMPLATE).filter((t) => (t.inputs as any).appliedFors.includes("PULL_THROUGH_CACHE")).map((t) => (t.inputs as any).prefix)).to.deep.equal(rulePrefixes);
    });

    it("makes every templated repository immutable, KMS-encrypted with its region's ECR key, with the lifecycle and organization pull policy", async () => {
        const plan = await withCachesAndReplica();
        expect(plan.one("aws:kms/key:Key", "shared-replica-key-eu-central-1").inputs.description).to.equal("ECR replicas in eu-central-1, replicated from eu-west-1");
        const role = plan.one("aws:iam/role:Role", "shared-templates");
        for (const t of plan.ofType(TEMPLATE)) {
            const replica = (t.inputs as any).appliedFors.includes("REPLICATION");
            expect((t.inputs as any).imageTagMutability, t.name).to.equal("IMMUTABLE");
            expect((t.inputs as any).encryptionConfigurations, t.name).to.have.length(1);
            expect((t.inputs as any).encryptionConfigurations[0].encryptionType, t.name).to.equal("KMS");
            // The replica region's own key (KMS keys are regional); the registry's key here.
            if (replica) {
                expect((t.inputs as any).encryptionConfigurations[0].kmsKey, t.name).to.match(/^arn:aws:kms:eu-central-1:\d{12}:key\/shared-replica-key-eu-central-1/);
            } else {
                expect((t.inputs as any).encryptionConfigurations[0].kmsKey, t.name).to.equal(KEY);
            }
            expect((t.inputs as any).customRoleArn, t.name).to.be.a("string").and.match(/:role\/platform\//);
            expect(doc((t.inputs as any).lifecyclePolicy), t.name).to.deep.equal(lifecyclePolicyDocument(30, 7));
            expect(doc((t.inputs as any).repositoryPolicy), t.name).to.deep.equal(repositoryPullPolicy("eu-west-1", { orgId: "o-abcdefghij" }));
            // ECR assumes the role when it creates the repository: its permissions exist first.
            expect(plan.dependenciesOf(t).map((d) => d.type), t.name).to.include("aws:iam/rolePolicy:RolePolicy");
        }
        expect(role.inputs.path).to.equal("/platform/");
        expect(role.inputs.permissionsBoundary).to.equal("arn:aws:iam::444444444444:policy/platform/platform-workload-boundary");
    });

    it("creates the replica template, its key and the replica region's scanning with the replica region's provider", async () => {
        const plan = await withCachesAndReplica();
        const replicaProvider = plan.resources.find((r) => r.type === "pulumi:providers:aws" && r.name === "replica-eu-central-1")!;
        for (const [type, name] of [
            [TEMPLATE, "shared-template-replica-eu-central-1"],
            ["aws:kms/key:Key", "shared-replica-key-eu-central-1"],
            ["aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "shared-scanning-eu-central-1"],
        ]) {
            expect(plan.one(type, name).provider, name).to.equal(replicaProvider.urn);
        }
        for (const name of ["shared-template-ecr-public", "shared-scanning"]) {
            expect(plan.named(name).provider, name).to.not.equal(replicaProvider.urn);
        }
        // The replicas are scanned like their sources: ENHANCED, continuous, every repository.
        expect(plan.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "shared-scanning-eu-central-1").inputs).to.deep.equal(
            plan.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "shared-scanning").inputs,
        );
        const key = plan.one("aws:kms/key:Key", "shared-replica-key-eu-central-1");
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("lets ECR alone assume the template role, to create repositories of this account and use only the registry's keys", async () => {
        const plan = await withCachesAndReplica();
        expect(doc(plan.one("aws:iam/role:Role", "shared-templates").inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "EcrCreatesTemplatedRepositories", Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        const policy = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "shared-templates").inputs.policy);
        expect(policy.Statement[0]).to.deep.equal({
            Sid: "CreateTemplatedRepositories",
            Effect: "Allow",
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
            Resource: ["arn:aws:ecr:eu-west-1:444444444444:repository/*", "arn:aws:ecr:eu-central-1:444444444444:repository/*"],
        });
        expect(policy.Statement[1].Action).to.deep.equal(["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"]);
        expect(policy.Statement[1].Resource).to.have.length(2);
        expect(policy.Statement[1].Resource[0]).to.equal(KEY);
        expect(JSON.stringify(policy)).to.not.include('"*"');
    });

    it("scopes the template role's statements to the listed regions and keys (pure document)", () => {
        expect(templateRoleStatements("444444444444", ["us-gov-west-1"], ["k1"])).to.deep.equal([
            { Sid: "CreateTemplatedRepositories", Effect: "Allow", Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"], Resource: ["arn:aws-us-gov:ecr:us-gov-west-1:444444444444:repository/*"] },
            { Sid: "EncryptWithTheRegistryKeys", Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"], Resource: ["k1"] },
        ]);
    });

    it("omits the repository policy of templates when nobody else pulls", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", { ...BASE, pullOrgId: undefined, pullThroughCache: ["quay"] }));
        expect(plan.one(TEMPLATE, "shared-template-quay").inputs).to.not.have.property("repositoryPolicy");
    });

    it("refuses replication without a provider in the replica region, and a provider for a region not replicated to", () => {
        expect(() => validateContainerRegistryArgs({ ...BASE, replicationRegions: ["eu-central-1"] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                "replicaProviders.eu-central-1: unset is required for replicationRegions[0]: an AWS provider of account 444444444444 in eu-central-1, where the replicas' creation template (IMMUTABLE, KMS) is created; without it replicas would be mutable and AES-256",
            ]);
        expect(() => validateContainerRegistryArgs({ ...BASE, replicaProviders: { "us-east-1": {} as never } }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['replicaProviders.us-east-1: "(provider)" is given for a region that is not in replicationRegions']);
    });
});
