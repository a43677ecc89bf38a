import { expect } from "chai";
import { platformSettings, validateConfig } from "../../config/load";
import { accountBaselineSettingsOf, availabilityZonesOf, backupSettingsOf, SERVICE_LINKED_ROLES } from "../../config/schema";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";

/** A valid workload config; each case changes one thing. */
function workload(): Record<string, any> {
    return {
        role: "workload",
        environment: "dev",
        region: "eu-west-1",
        accountId: "333333333333",
        networkAccountId: "111111111111",
        organization: { id: "o-exampleorg01", managementAccountId: "999999999999" },
        tags: { owner: "platform-team", costCenter: "cc-dev" },
        stacks: { network: "network" },
        network: { cidr: "10.20.0.0/16", segment: "nonprod" },
        cluster: { version: "1.33", nodePools: [{ name: "system", system: true, instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 3 }] },
        prerequisites: { principals: ["arn:aws:iam::333333333333:role/a", "arn:aws:iam::333333333333:role/b", "arn:aws:iam::333333333333:role/platform-admin"] },
    };
}

function problems(raw: Record<string, unknown>): string[] {
    try {
        validateConfig(raw);
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
    return [];
}

describe("stack configuration schema", () => {
    it("accepts a minimal workload config and fills secure defaults", () => {
        const c = validateConfig(workload());
        expect(c.protect).to.equal(true);
        expect(c.deploymentRoleName).to.equal("platform-deployer");
        expect(c.network).to.deep.include({ azCount: 3, natStrategy: "one-per-az", flowLogRetentionDays: 365, publicSubnets: true });
        expect(c.network!.interfaceEndpoints).to.deep.equal(["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks", "eks-auth"]);
        expect(c.cluster).to.deep.include({ publicAccessCidrs: [], logRetentionDays: 365, upgradeSupportType: "STANDARD" });
        expect(c.cluster!.nodePools[0]).to.deep.include({ capacityType: "ON_DEMAND", amiType: "AL2023_x86_64_STANDARD", diskSizeGiB: 50 });
        expect(availabilityZonesOf(c)).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    });

    const cases: [string, (c: Record<string, any>) => void, string[]][] = [
        ["rejects an azCount outside 2..6", (c) => (c.network.azCount = 7), ["platform:network.azCount: 7 is not in 2..6"]],
        ["rejects an unknown NAT strategy", (c) => (c.network.natStrategy = "many"), ['platform:network.natStrategy: "many" is not one of "none", "single", "one-per-az", "central"']],
        ["rejects a CIDR that is not a network address", (c) => (c.network.cidr = "10.20.0.1/16"), ['platform:network.cidr: "10.20.0.1/16" is not an IPv4 CIDR block such as 10.20.0.0/16']],
        ["rejects an unknown region", (c) => (c.region = "eu-west-9"), ['platform:region: "eu-west-9" is not an AWS region (for example us-east-1, us-east-2, us-west-1, us-west-2)']],
        ["rejects an account ID that is not 12 digits", (c) => (c.accountId = "12345"), ['platform:accountId: "12345" is not a 12-digit AWS account ID (quote it in YAML so that leading zeros are kept)']],
        ["rejects an unquoted account ID that lost its leading zero", (c) => (c.accountId = 12345678901), ['platform:accountId: "12345678901" is not a 12-digit AWS account ID (quote it in YAML so that leading zeros are kept)']],
        ["rejects a misspelt setting", (c) => (c.netwrok = {}), ["platform:netwrok: is not a known setting; check its spelling and level"]],
        ["rejects a misspelt nested setting", (c) => (c.network.natStrat = "single"), ["platform:network.natStrat: is not a known setting; check its spelling and level"]],
        ["rejects a missing required setting", (c) => delete c.region, ["platform:region: is required"]],
        ["rejects a public endpoint open to 0.0.0.0/0", (c) => (c.cluster.publicAccessCidrs = ["0.0.0.0/0"]), ['platform:cluster.publicAccessCidrs[0]: "0.0.0.0/0" opens the Kubernetes API to the internet; list your egress CIDRs instead']],
        ["rejects a public endpoint open to ::/0", (c) => (c.cluster.publicAccessCidrs = ["::/0"]), ['platform:cluster.publicAccessCidrs[0]: "::/0" opens the Kubernetes API to the internet; list your egress CIDRs instead']],
        ["rejects min > desired", (c) => Object.assign(c.cluster.nodePools[0], { minSize: 3, desiredSize: 2 }), ["platform:cluster.nodePools[0]: sizes must satisfy minSize <= desiredSize <= maxSize; got 3 <= 2 <= 3"]],
        ["rejects a cluster without a system pool", (c) => (c.cluster.nodePools[0].system = false), ["platform:cluster.nodePools: has no pool with system: true; critical add-ons need a system pool"]],
        [
            "rejects an admin no stack creates and nobody declared",
            (c) => (c.cluster.admins = ["arn:aws:iam::333333333333:role/unknown-admin"]),
            ['platform:cluster.admins[0]: "arn:aws:iam::333333333333:role/unknown-admin" is not created by any stack of the project; create it first and list it in platform:prerequisites.principals (npm run preflight checks that it exists)'],
        ],
        [
            "rejects a viewer and a team role no stack creates and nobody declared",
            (c) => {
                c.cluster.viewers = ["arn:aws:iam::333333333333:role/auditor"];
                c.teams = [{ name: "t", roleArn: "arn:aws:iam::333333333333:role/team-t" }];
            },
            [
                'platform:cluster.viewers[0]: "arn:aws:iam::333333333333:role/auditor" is not created by any stack of the project; create it first and list it in platform:prerequisites.principals (npm run preflight checks that it exists)',
                'platform:teams[0].roleArn: "arn:aws:iam::333333333333:role/team-t" is not created by any stack of the project; create it first and list it in platform:prerequisites.principals (npm run preflight checks that it exists)',
            ],
        ],
        ["accepts the account's own deployment role without a declaration", (c) => (c.cluster.admins = ["arn:aws:iam::333333333333:role/platform-deployer"]), []],
        [
            "rejects the preview role as an admin: it has its own read-only entry",
            (c) => (c.cluster.admins = ["arn:aws:iam::333333333333:role/platform-preview"]),
            ['platform:cluster.admins[0]: "arn:aws:iam::333333333333:role/platform-preview" is the preview role, which gets its own read-only access entry; remove it from cluster.admins'],
        ],
        ["rejects a preview role named like the deployer", (c) => (c.previewRoleName = "platform-deployer"), ['platform:previewRoleName: "platform-deployer" is the deployment role\'s name; previews must run as a separate read-only role']],
        ["accepts a declared admin", (c) => (c.cluster.admins = ["arn:aws:iam::333333333333:role/platform-admin"]), []],
        ["rejects a service-linked role the platform does not manage", (c) => (c.prerequisites.existingServiceLinkedRoles = ["eks.amazonaws.com"]), [`platform:prerequisites.existingServiceLinkedRoles[0]: "eks.amazonaws.com" is not one of ${SERVICE_LINKED_ROLES.map((r) => JSON.stringify(r)).join(", ")}`]],
        ["rejects a team name that is not a DNS label", (c) => (c.teams = [{ name: "Team_A", roleArn: "arn:aws:iam::333333333333:role/a" }]), ['platform:teams[0].name: "Team_A" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit)']],
        ["rejects two teams with one name", (c) => (c.teams = [{ name: "a", roleArn: "arn:aws:iam::333333333333:role/a" }, { name: "a", roleArn: "arn:aws:iam::333333333333:role/b" }]), ["platform:teams[1].name: is used by another team"]],
        ["rejects a non-prod environment on the prod segment", (c) => (c.network.segment = "prod"), ['platform:network.segment: "prod" is reserved for environment prod; environment dev attaches to nonprod or shared']],
        ["rejects prod off the prod segment", (c) => (c.environment = "prod"), ['platform:network.segment: "nonprod" is not the prod segment; environment prod attaches to prod']],
        ["rejects a workload without a cluster", (c) => delete c.cluster, ["platform:cluster: is required for role workload: the EKS cluster settings"]],
        ["rejects a workload without its network stack", (c) => (c.stacks = {}), ["platform:stacks.network: is required: the name of the network stack whose Transit Gateway this VPC attaches to"]],
        ["rejects settings another role uses", (c) => (c.transitHub = {}), ["platform:transitHub: is not used by role workload; remove it"]],
        ["rejects zones of another region", (c) => Object.assign(c.network, { azCount: 2, availabilityZones: ["eu-west-1a", "us-east-1b"] }), ['platform:network.availabilityZones[1]: "us-east-1b" is not a zone of eu-west-1 (such as eu-west-1a)']],
        [
            "rejects a backup retention below the vault lock's minimum",
            (c) => (c.backup = { retentionDays: 30, vaultLock: { minRetentionDays: 35 } }),
            ["platform:backup.retentionDays: 30 is below vaultLock.minRetentionDays 35; the locked vault would fail every backup job"],
        ],
        ["rejects a vault lock that hardens in under 3 days", (c) => (c.backup = { vaultLock: { minRetentionDays: 7, changeableForDays: 1 } }), ["platform:backup.vaultLock.changeableForDays: 1 is not in 3..36500"]],
        ["rejects an unknown backup setting", (c) => (c.backup = { schedule: "daily" }), ["platform:backup.schedule: is not a known setting; check its spelling and level"]],
        [
            "rejects account baseline settings that are not booleans or a hop limit out of range",
            (c) => (c.accountBaseline = { ebsEncryptionByDefault: "no", imdsHopLimit: 0 }),
            ["platform:accountBaseline.ebsEncryptionByDefault: \"no\" is not true or false", "platform:accountBaseline.imdsHopLimit: 0 is not in 1..64"],
        ],
        ["rejects an unknown account baseline setting", (c) => (c.accountBaseline = { guardDuty: true }), ["platform:accountBaseline.guardDuty: is not a known setting; check its spelling and level"]],
        ["accepts an account default turned off explicitly (the aws-baseline pack flags it)", (c) => (c.accountBaseline = { disableSerialConsole: false }), []],
        ["rejects a retention CloudWatch does not offer", (c) => (c.network.flowLogRetentionDays = 100), ["platform:network.flowLogRetentionDays: 100 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"]],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            const c = workload();
            change(c);
            expect(problems(c)).to.deep.equal(expected);
        });
    }

    it("backs up a workload stack by default: 35 days, no vault lock", () => {
        expect(backupSettingsOf(validateConfig(workload()))).to.deep.equal({ enabled: true, retentionDays: 35 });
        const prod = validateConfig(platformSettings(readStackFile(stackFilePath("prod")).config));
        expect(prod.backup).to.deep.equal({ enabled: true, retentionDays: 90, vaultLock: { minRetentionDays: 35, changeableForDays: 3 } });
    });

    it("takes the accounts' security contact in platform:bootstrap.securityContact and refuses one AWS would refuse", () => {
        const raw = platformSettings(readStackFile(stackFilePath("bootstrap")).config) as Record<string, any>;
        expect(validateConfig(raw).bootstrap?.securityContact).to.deep.equal({ name: "Security Operations", title: "Security team", email: "security@example.com", phone: "+1 555 0100" });
        raw.bootstrap.securityContact = { name: "", title: "Security", email: "security", phone: "call me", extra: 1 };
        const found = problems(raw).join("\n");
        for (const path of ["bootstrap.securityContact.name", "bootstrap.securityContact.email", "bootstrap.securityContact.phone", "bootstrap.securityContact"]) {
            expect(found).to.contain(path);
        }
        delete raw.bootstrap.securityContact;
        expect(validateConfig(raw).bootstrap?.securityContact).to.equal(undefined);
    });

    it("manages every account default unless the stack turns one off", () => {
        expect(accountBaselineSettingsOf(validateConfig(workload()))).to.deep.equal({
            ebsEncryptionByDefault: true,
            ebsDefaultKmsKey: true,
            s3BlockPublicAccess: true,
            imdsDefaults: true,
            imdsHopLimit: 2,
            disableSerialConsole: true,
            blockPublicImages: true,
            blockPublicSnapshots: true,
            blockPublicSsmDocuments: true,
            ssmAutomationLogging: true,
        });
        const c = workload();
        c.accountBaseline = { blockPublicImages: false };
        expect(accountBaselineSettingsOf(validateConfig(c)).blockPublicImages).to.equal(false);
    });

    it("replicates the example shared stack's log archive to eu-central-1", () => {
        expect(validateConfig(platformSettings(readStackFile(stackFilePath("shared")).config)).logArchive?.replicaRegion).to.equal("eu-central-1");
    });

    it("platform:security.trailS3DataEvents: all by default, write and none accepted, anything else refused by name", () => {
        const raw = () => platformSettings(readStackFile(stackFilePath("security")).config) as Record<string, any>;
        expect(validateConfig(raw()).security?.trailS3DataEvents).to.equal("all");
        for (const v of ["write", "none"]) {
            const c = raw();
            c.security.trailS3DataEvents = v;
            expect(validateConfig(c).security?.trailS3DataEvents).to.equal(v);
        }
        const bad = raw();
        bad.security.trailS3DataEvents = "read";
        expect(problems(bad)).to.deep.equal(['platform:security.trailS3DataEvents: "read" is not one of "all", "write", "none"']);
    });

    it("lists every problem at once", () => {
        const c = workload();
        c.region = "mars-1";
        c.network.azCount = 9;
        c.cluster.publicAccessCidrs = ["0.0.0.0/0"];
        expect(problems(c)).to.have.length(3);
    });

    it("reads runtime config values the way the Pulumi CLI stores them", () => {
        const raw = platformSettings({ "platform:role": "workload", "platform:accountId": "012345678901", "platform:protect": "false", "platform:network": '{"cidr":"10.0.0.0/16"}', "aws:region": "eu-west-1" });
        expect(raw).to.deep.equal({ role: "workload", accountId: "012345678901", protect: false, network: { cidr: "10.0.0.0/16" } });
    });

    for (const stack of listStacks()) {
        it(`accepts stacks/Pulumi.${stack}.yaml`, () => {
            expect(problems(platformSettings(readStackFile(stackFilePath(stack)).config))).to.deep.equal([]);
        });
    }
});

describe("CI runner settings (platform:runners, platform:cluster.apiAccessCidrs)", () => {
    const shared = (): Record<string, any> => structuredClone(platformSettings(readStackFile(stackFilePath("shared")).config));

    it("reads the shared stack's runners with their defaults", () => {
        expect(validateConfig(shared()).runners).to.deep.equal({
            connectionArn: "arn:aws:codeconnections:eu-west-1:222222222222:connection/5f3c2a1e-8b7d-4c6e-9a0f-1d2e3f4a5b6c",
            repository: { owner: "example-org", name: "platform" },
            environments: ["dev", "staging", "prod"],
            computeType: "BUILD_GENERAL1_MEDIUM",
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            logRetentionDays: 365,
        });
    });

    const workloadCases: [string, string[], string[]][] = [
        [
            "rejects an API access list open to 0.0.0.0/0",
            ["0.0.0.0/0"],
            ['platform:cluster.apiAccessCidrs[0]: "0.0.0.0/0" opens the Kubernetes API to every network; list the private networks that need it (the runner subnets, a VPN)'],
        ],
        [
            "rejects an API access range outside RFC 1918",
            ["203.0.113.0/24"],
            ['platform:cluster.apiAccessCidrs[0]: "203.0.113.0/24" is not inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; the private endpoint admits private networks only'],
        ],
        ["rejects an API access range with host bits set", ["10.10.0.1/19"], ['platform:cluster.apiAccessCidrs[0]: "10.10.0.1/19" is not an IPv4 CIDR block such as 10.10.0.0/19']],
        [
            "rejects an API access range listed twice",
            ["10.10.0.0/19", "10.10.0.0/19"],
            ['platform:cluster.apiAccessCidrs[1]: "10.10.0.0/19" is listed twice; each network is one security group rule'],
        ],
        ["accepts private ranges of each RFC 1918 block", ["10.10.0.0/19", "172.16.4.0/24", "192.168.0.0/16"], []],
    ];
    for (const [title, cidrs, expected] of workloadCases) {
        it(title, () => {
            const c = workload();
            c.cluster.apiAccessCidrs = cidrs;
            expect(problems(c)).to.deep.equal(expected);
        });
    }

    it("defaults the API access list to none", () => {
        expect(validateConfig(workload()).cluster!.apiAccessCidrs).to.deep.equal([]);
    });

    const sharedCases: [string, (c: Record<string, any>) => void, string[]][] = [
        [
            "rejects a connection ARN that is not a CodeConnections connection",
            (c) => (c.runners.connectionArn = "arn:aws:codestar-connections:eu-west-1:222222222222:connection/abc"),
            ['platform:runners.connectionArn: "arn:aws:codestar-connections:eu-west-1:222222222222:connection/abc" is not a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)'],
        ],
        ["rejects runners for no environment", (c) => (c.runners.environments = []), ["platform:runners.environments: [] is empty; list the deploy environments whose jobs reach a cluster"]],
        ["rejects an environment listed twice", (c) => (c.runners.environments = ["dev", "dev"]), ['platform:runners.environments[1]: "dev" is listed twice; one runner project per environment']],
        [
            "rejects a compute type runners do not use",
            (c) => (c.runners.computeType = "BUILD_LAMBDA_1GB"),
            ['platform:runners.computeType: "BUILD_LAMBDA_1GB" is not one of "BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"'],
        ],
        ["rejects a misspelt runner setting", (c) => (c.runners.enviroments = ["dev"]), ["platform:runners.enviroments: is not a known setting; check its spelling and level"]],
    ];
    for (const [title, change, expected] of sharedCases) {
        it(title, () => {
            const c = shared();
            change(c);
            expect(problems(c)).to.deep.equal(expected);
        });
    }

    it("rejects runners in a stack that is not shared-services", () => {
        const c = workload();
        c.runners = shared().runners;
        expect(problems(c)).to.deep.equal(["platform:runners: is not used by role workload; remove it"]);
    });
});
