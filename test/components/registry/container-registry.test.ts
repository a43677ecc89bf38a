import { expect } from "chai";
import { ContainerRegistry, ContainerRegistryArgs, lifecyclePolicyDocument, repositoryPullPolicy, validateContainerRegistryArgs } from "../../../components/registry";
import { declare, doc } from "../../support/harness";
import * as aws from "@pulumi/aws";

const KEY = "arn:aws:kms:eu-west-1:444444444444:key/ecr";
const ARGS: ContainerRegistryArgs = {
    accountId: "444444444444",
    region: "eu-west-1",
    kmsKeyArn: KEY,
    repositories: [{ name: "payments/api" }, { name: "web", keepReleases: 10, untaggedExpiryDays: 1, scanOnPush: false }],
    pullOrgId: "o-abcdefghij",
};

describe("ContainerRegistry", () => {
    it("creates each repository with its lifecycle and pull policy, and the registry scanning configuration", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:ecr/lifecyclePolicy:LifecyclePolicy::shared-payments-api-lifecycle",
            "aws:ecr/lifecyclePolicy:LifecyclePolicy::shared-web-lifecycle",
            "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration::shared-scanning",
            "aws:ecr/repository:Repository::shared-payments-api",
            "aws:ecr/repository:Repository::shared-web",
            "aws:ecr/repositoryPolicy:RepositoryPolicy::shared-payments-api-policy",
            "aws:ecr/repositoryPolicy:RepositoryPolicy::shared-web-policy",
            "platform:registry:ContainerRegistry::shared",
        ]);
        const component = plan.one("platform:registry:ContainerRegistry", "shared");
        expect(plan.childrenOf(component)).to.have.length(7);
    });

    it("makes tags immutable, scans on push, encrypts with the ECR key and never force-deletes", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", ARGS));
        expect(plan.one("aws:ecr/repository:Repository", "shared-payments-api").inputs).to.deep.equal({
            name: "payments/api",
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
            forceDelete: false,
            tags: { Name: "payments/api" },
        });
        expect(plan.one("aws:ecr/repository:Repository", "shared-web").inputs.imageScanningConfiguration).to.deep.equal({ scanOnPush: false });
    });

    it("renders each repository's lifecycle policy from its settings", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", ARGS));
        const api = plan.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", "shared-payments-api-lifecycle");
        expect(api.inputs.repository).to.equal("payments/api");
        expect(doc(api.inputs.policy)).to.deep.equal(lifecyclePolicyDocument(30, 7));
        expect(doc(plan.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", "shared-web-lifecycle").inputs.policy)).to.deep.equal(lifecyclePolicyDocument(10, 1));
    });

    it("lets only the organization pull", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", ARGS));
        const policy = doc(plan.one("aws:ecr/repositoryPolicy:RepositoryPolicy", "shared-web-policy").inputs.policy);
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "OrganizationPull",
                Effect: "Allow",
                Principal: "*",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
            },
        ]);
    });

    it("lets listed accounts pull without an organization, and creates no pull policy without either", async () => {
        const listed = await declare(() => new ContainerRegistry("shared", { ...ARGS, pullOrgId: undefined, pullAccountIds: ["222222222222"] }));
        expect(doc(listed.one("aws:ecr/repositoryPolicy:RepositoryPolicy", "shared-web-policy").inputs.policy)).to.deep.equal(repositoryPullPolicy("eu-west-1", { accountIds: ["222222222222"] }));
        const none = await declare(() => new ContainerRegistry("shared", { ...ARGS, pullOrgId: undefined }));
        expect(none.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")).to.deep.equal([]);
    });

    it("scans the registry with ENHANCED continuous scanning by default", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", ARGS));
        expect(plan.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "shared-scanning").inputs).to.deep.equal({
            scanType: "ENHANCED",
            rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
        });
    });

    it("scans on push with BASIC scanning", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", { ...ARGS, scanType: "BASIC" }));
        expect(plan.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "shared-scanning").inputs).to.deep.equal({
            scanType: "BASIC",
            rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
        });
    });

    it("replicates to the listed regions", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", { ...ARGS, replicationRegions: ["eu-central-1"], replicaProviders: { "eu-central-1": new aws.Provider("replica", { region: "eu-central-1" }) } }));
        expect(plan.one("aws:ecr/replicationConfiguration:ReplicationConfiguration", "shared-replication").inputs.replicationConfiguration).to.deep.equal({
            rules: [
                {
                    destinations: [{ region: "eu-central-1", registryId: "444444444444" }],
                    repositoryFilters: [
                        { filter: "payments/api", filterType: "PREFIX_MATCH" },
                        { filter: "web", filterType: "PREFIX_MATCH" },
                    ],
                },
            ],
        });
    });

    it("leaves the registry-wide settings alone when another stack owns them", async () => {
        const plan = await declare(() => new ContainerRegistry("shared", { ...ARGS, manageRegistrySettings: false }));
        expect(plan.ofType("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")).to.deep.equal([]);
    });

    it("creates pull-through cache rules, with the credential for Docker Hub and GHCR", async () => {
        const dockerHub = "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
        const ghcr = "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ecr-pullthroughcache/ghcr-AbCdEf";
        const plan = await declare(() =>
            new ContainerRegistry("shared", { ...ARGS, repositories: [], pullThroughCache: ["ecr-public", "k8s", "quay", "docker-hub", "ghcr"], dockerHubCredentialArn: dockerHub, ghcrCredentialArn: ghcr }),
        );
        const rules = plan.ofType("aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => [r.name, r.inputs]);
        expect(rules).to.deep.equal([
            ["shared-cache-ecr-public", { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" }],
            ["shared-cache-k8s", { ecrRepositoryPrefix: "k8s", upstreamRegistryUrl: "registry.k8s.io" }],
            ["shared-cache-quay", { ecrRepositoryPrefix: "quay", upstreamRegistryUrl: "quay.io" }],
            ["shared-cache-docker-hub", { ecrRepositoryPrefix: "docker-hub", upstreamRegistryUrl: "registry-1.docker.io", credentialArn: dockerHub }],
            ["shared-cache-ghcr", { ecrRepositoryPrefix: "ghcr", upstreamRegistryUrl: "ghcr.io", credentialArn: ghcr }],
        ]);
    });

    it("protects and retains repositories (and retains their policies) by default, and neither when protect is false", async () => {
        const on = await declare(() => new ContainerRegistry("shared", ARGS));
        const off = await declare(() => new ContainerRegistry("shared", { ...ARGS, protect: false }));
        for (const [plan, expected] of [[on, true], [off, false]] as const) {
            const repositories = plan.ofType("aws:ecr/repository:Repository");
            expect(repositories).to.have.length(2);
            for (const r of repositories) {
                expect([r.protect, r.retainOnDelete], `${r.name} protect=${expected}`).to.deep.equal([expected, expected]);
            }
            // A retained repository keeps its lifecycle and pull policy.
            const policies = [...plan.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy"), ...plan.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")];
            expect(policies).to.have.length(4);
            for (const r of policies) {
                expect([r.protect, r.retainOnDelete], `${r.name} protect=${expected}`).to.deep.equal([false, expected]);
            }
        }
    });

    it("exposes repository URLs and ARNs by name, and the registry ID", async () => {
        const plan = await declare(() => {
            const r = new ContainerRegistry("shared", ARGS);
            return { repositoryUrls: r.repositoryUrls, repositoryArns: r.repositoryArns, registryId: r.registryId };
        });
        expect(plan.outputs).to.deep.equal({
            repositoryUrls: { "payments/api": "000000000000.dkr.ecr.us-east-1.amazonaws.com/payments/api", web: "000000000000.dkr.ecr.us-east-1.amazonaws.com/web" },
            repositoryArns: { "payments/api": "arn:aws:ecr:us-east-1:000000000000:repository/payments/api", web: "arn:aws:ecr:us-east-1:000000000000:repository/web" },
            registryId: "444444444444",
        });
    });

    const cases: [string, Partial<ContainerRegistryArgs>, string[]][] = [
        ["rejects a registry without a key", { kmsKeyArn: undefined as never }, ['kmsKeyArn: unset is required: repositories are encrypted with a KMS key (a KmsKey with purpose "ecr")']],
        [
            "rejects an invalid repository name",
            { repositories: [{ name: "Payments//API" }] },
            ['repositories[0].name: "Payments//API" is not an ECR repository name (lowercase letters, digits, \'.\', \'_\', \'-\' in \'/\'-separated parts, 2-256 characters)'],
        ],
        ["rejects two repositories with the same child name", { repositories: [{ name: "team/api" }, { name: "team-api" }] }, ['repositories[1].name: "team-api" collides with "team/api"; both would be named "team-api"']],
        ["rejects keeping zero releases", { repositories: [{ name: "web", keepReleases: 0 }] }, ["repositories[0].keepReleases: 0 is not in 1..1000"]],
        ["rejects a fractional untagged expiry", { repositories: [{ name: "web", untaggedExpiryDays: 1.5 }] }, ["repositories[0].untaggedExpiryDays: 1.5 is not in 1..3650"]],
        ["rejects a pull organization and pull accounts together", { pullAccountIds: ["222222222222"] }, ["pullOrgId and pullAccountIds: both set; set one of them"]],
        ["rejects a malformed pull organization", { pullOrgId: "acme" }, ['pullOrgId: "acme" is not an AWS Organizations ID (o-xxxxxxxxxx)']],
        ["rejects a malformed pull account", { pullOrgId: undefined, pullAccountIds: ["22"] }, ['pullAccountIds[0]: "22" is not a 12-digit AWS account ID']],
        ["rejects continuous scanning with BASIC scans", { scanType: "BASIC", continuousScan: true }, ['continuousScan: true only applies to scanType "ENHANCED"']],
        [
            "rejects replication to the registry's own region and twice to one region",
            { replicationRegions: ["eu-west-1", "us-east-1", "us-east-1"] },
            [
                'replicationRegions[0]: "eu-west-1" is the registry\'s own region',
                'replicationRegions[2]: "us-east-1" is listed twice',
                "replicaProviders.us-east-1: unset is required for replicationRegions[1]: an AWS provider of account 444444444444 in us-east-1, where the replicas' creation template (IMMUTABLE, KMS) is created; without it replicas would be mutable and AES-256",
            ],
        ],
        [
            "rejects replication when the registry settings are not managed here",
            { replicationRegions: ["us-east-1"], replicaProviders: { "us-east-1": {} as never }, manageRegistrySettings: false },
            ['replicationRegions: ["us-east-1"] needs manageRegistrySettings: true (replication is a registry-wide setting)'],
        ],
        ["rejects an unknown upstream", { pullThroughCache: ["gcr" as never] }, ['pullThroughCache[0]: "gcr" is not one of "ecr-public", "k8s", "quay", "docker-hub", "ghcr"']],
        ["rejects a Docker Hub cache without a credential", { pullThroughCache: ["docker-hub"] }, ['dockerHubCredentialArn: unset is required to cache "docker-hub": a Secrets Manager secret named ecr-pullthroughcache/<name>']],
        [
            "rejects a credential that is not an ecr-pullthroughcache secret",
            { pullThroughCache: ["ghcr"], ghcrCredentialArn: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ghcr" },
            ['ghcrCredentialArn: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ghcr" is not the ARN of a Secrets Manager secret named ecr-pullthroughcache/<name>'],
        ],
        [
            "rejects a credential for an upstream that is not cached",
            { dockerHubCredentialArn: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ecr-pullthroughcache/dh" },
            ['dockerHubCredentialArn: "arn:aws:secretsmanager:eu-west-1:444444444444:secret:ecr-pullthroughcache/dh" is set but pullThroughCache does not include "docker-hub"'],
        ],
        ["rejects a repository under a cache prefix", { pullThroughCache: ["quay"], repositories: [{ name: "quay/app" }] }, ['repositories[0].name: "quay/app" is under the pull-through cache prefix "quay/"']],
        [
            "reports every problem at once",
            { accountId: "4", region: "west" },
            ['accountId: "4" is not a 12-digit AWS account ID', 'region: "west" is not an AWS region name such as "eu-west-1"'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateContainerRegistryArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
