import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ValidationError } from "../../components/common/validation";
import { componentProblems, toSettingProblem } from "../../config/component-checks";
import { EC2_INSTANCE_TYPES, instanceTypeProblem, tagValueProblem } from "../../config/limits";
import { platformSettings, validateConfig } from "../../config/load";
import { policyProfileProblem } from "../../config/policy-profile";
import { PlatformConfig } from "../../config/schema";
import { durationDays, semanticProblems } from "../../config/semantic-checks";
import { configSection, decodeSettingsText, MAX_SETTINGS_BYTES } from "../../config/settings-file";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";

/** The typed settings of a stack in stacks/, changed by `edit` (on the raw `platform:` settings). */
function settingsOf(stack: string, edit: (raw: Record<string, any>) => void = () => undefined): Record<string, unknown> {
    const raw = platformSettings(readStackFile(stackFilePath(stack), stack).config) as Record<string, any>;
    const copy = JSON.parse(JSON.stringify(raw));
    edit(copy);
    return copy;
}

function problemsOf(raw: Record<string, unknown>, now = new Date("2026-12-03T00:00:00Z")): string[] {
    try {
        validateConfig(raw, "test", { now });
        return [];
    } catch (e) {
        if (e instanceof ValidationError) {
            return e.problems;
        }
        throw e;
    }
}

describe("validation pass: components' rules under platform: paths", () => {
    for (const stack of listStacks()) {
        it(`finds no problem in stacks/Pulumi.${stack}.yaml`, () => {
            expect(problemsOf(settingsOf(stack), new Date())).to.deep.equal([]);
        });
    }

    it("maps a component argument to the setting it comes from, and the arguments a message names", () => {
        const check = { component: "LogArchive", section: "logArchive", map: { retentionDays: "logArchive.expirationDays", glacierAfterDays: "logArchive.glacierTransitionDays", sourceAccountIds: "logArchive.flowLogSourceAccounts" } };
        expect(toSettingProblem("retentionDays: 100 is not after glacierAfterDays 200; logs would expire before they move", check)).to.equal(
            "platform:logArchive.expirationDays: 100 is not after platform:logArchive.glacierTransitionDays 200; logs would expire before they move",
        );
        expect(toSettingProblem('sourceAccountIds[1]: "12" is not a 12-digit AWS account ID', check)).to.equal('platform:logArchive.flowLogSourceAccounts[1]: "12" is not a 12-digit AWS account ID');
        // An argument no setting feeds is reported under the component's section, naming the component.
        expect(toSettingProblem("bucketName: \"X\" is not a bucket name", check)).to.equal('platform:logArchive: LogArchive bucketName: "X" is not a bucket name');
    });

    it("reports SpokeVpc's rules under platform:network (CIDR too small, route inside the VPC, NAT without public subnets)", () => {
        const raw = settingsOf("dev", (c) => {
            c.network.cidr = "10.20.0.0/24";
            c.network.publicSubnets = false;
        });
        expect(problemsOf(raw)).to.deep.equal([
            'platform:network.cidr: "10.20.0.0/24" has 256 addresses but the subnets need 384 (private /27, public /28, intra /28, 6 zone slots per tier); use a larger VPC or longer subnet prefixes',
            'platform:network.natStrategy: "single" puts NAT gateways in public subnets, but platform:network.publicSubnets is false; set platform:network.publicSubnets: true or use "central" or "none"',
        ]);
        const route = settingsOf("dev", (c) => (c.network.tgwRoutes = ["10.0.0.0/8", "10.20.4.0/22"]));
        expect(problemsOf(route)).to.deep.equal(['platform:network.tgwRoutes[1]: "10.20.4.0/22" is inside the VPC range "10.20.0.0/16"; the local route already covers it']);
    });

    it("reports every problem of the stack at once, in composition order", () => {
        const raw = settingsOf("dev", (c) => {
            c.network.interfaceEndpoints = ["sts", "sts"];
            c.teams[1].name = "kube-public";
        });
        const problems = problemsOf(raw);
        expect(problems).to.include('platform:network.interfaceEndpoints: ["sts","sts"] lists "sts" more than once');
        expect(problems.some((p) => p.startsWith('platform:teams[1].name: "kube-public" is a reserved namespace'))).to.equal(true);
    });

    it("refuses a reserved namespace as a team, and the platform's own namespaces", () => {
        for (const ns of ["kube-system", "kube-public", "kube-node-lease", "default", "monitoring", "cert-manager", "external-dns"]) {
            const problems = problemsOf(settingsOf("dev", (c) => (c.teams[1].name = ns)));
            expect(problems.some((p) => p.startsWith(`platform:teams[1].name: "${ns}" is a reserved namespace`)), ns).to.equal(true);
        }
    });

    it("refuses an egress VPC whose CIDR is too small under platform:transitHub", () => {
        const problems = problemsOf(settingsOf("network", (c) => (c.transitHub.egressVpc.cidr = "100.64.0.0/27")));
        expect(problems.some((p) => p.startsWith('platform:transitHub.egressVpc.cidr: "100.64.0.0/27"'))).to.equal(true);
    });

    it("runs nothing on settings the schema refused (components get typed settings only)", () => {
        expect(componentProblems(validateConfig(settingsOf("dev")) as PlatformConfig)).to.deep.equal([]);
        expect(problemsOf(settingsOf("dev", (c) => (c.network.cidr = 7)))).to.deep.equal(["platform:network.cidr: 7 is not a string"]);
    });
});

describe("validation pass: conflicts between settings", () => {
    it("reads <n>d|w|y durations", () => {
        expect([durationDays("35d"), durationDays("5w"), durationDays("1y"), durationDays("12h")]).to.deep.equal([35, 35, 365, undefined]);
    });

    it("refuses a Prometheus retention not longer than the longest SLO window (the services' too)", () => {
        const noPlatform = settingsOf("dev", (c) => {
            c.observability = { platformSlos: false, prometheusRetention: "28d" };
        });
        expect(problemsOf(noPlatform)).to.deep.equal([
            'platform:observability.prometheusRetention: "28d" is not longer than platform:services[0].slos[0].window "28d"; error budgets would be computed over 28 days of samples. Set at least "33d"',
        ]);
        expect(problemsOf(settingsOf("dev", (c) => (c.observability = { prometheusRetention: "5w" })))).to.deep.equal([]);
    });

    it("refuses an ingress host outside ExternalDNS's zones, and one without ExternalDNS", () => {
        const ingress = { host: "hello.dev.example.com", certificateArn: "arn:aws:acm:eu-west-1:333333333333:certificate/abc", sourceCidrs: ["10.20.0.0/19"] };
        expect(problemsOf(settingsOf("dev", (c) => (c.services[0].ingress = ingress)))).to.deep.equal([]);
        expect(problemsOf(settingsOf("dev", (c) => (c.services[0].ingress = { ...ingress, host: "hello.staging.example.com" })))).to.deep.equal([
            'platform:services[0].ingress.host: "hello.staging.example.com" is outside the zones ExternalDNS manages (dev.example.com, platform:platformAddons.externalDns.domainFilters); use a host under one of them or add its zone',
        ]);
        const noDns = settingsOf("dev", (c) => {
            c.services[0].ingress = ingress;
            delete c.platformAddons.externalDns;
        });
        expect(problemsOf(noDns)).to.deep.equal(['platform:services[0].ingress.host: "hello.dev.example.com" gets no DNS record: ExternalDNS is not installed; set platform:platformAddons.externalDns with the hosted zone that holds it']);
    });

    it("refuses prod past standard support on STANDARD, but not dev, nor prod on EXTENDED, nor before the date", () => {
        const prod = (support: string) =>
            settingsOf("prod", (c) => {
                c.cluster.version = "1.34";
                c.cluster.upgradeSupportType = support;
            });
        expect(problemsOf(prod("STANDARD"), new Date("2026-12-03T00:00:00Z"))).to.deep.equal([
            'platform:cluster.upgradeSupportType: "STANDARD" with version "1.34", whose standard support ended 2026-12-02 (today 2026-12-03): EKS would upgrade prod\'s control plane by itself; set upgradeSupportType: EXTENDED or upgrade (npm run upgrade)',
        ]);
        expect(problemsOf(prod("STANDARD"), new Date("2026-12-02T00:00:00Z"))).to.deep.equal([]);
        expect(problemsOf(prod("EXTENDED"), new Date("2026-12-03T00:00:00Z"))).to.deep.equal([]);
        expect(problemsOf(settingsOf("dev", (c) => (c.cluster.version = "1.34")), new Date("2026-12-03T00:00:00Z"))).to.deep.equal([]);
        expect(problemsOf(prod("EXTENDED"), new Date("2027-12-03T00:00:00Z"))).to.deep.equal([
            'platform:cluster.version: "1.34" is past the end of EKS extended support (2027-12-02, today 2027-12-03); upgrade (npm run upgrade)',
        ]);
        // npm run upgrade plans the way out of it, so it does not judge the support window.
        expect(() => validateConfig(prod("STANDARD"), "test", { now: new Date("2027-12-03T00:00:00Z"), supportWindows: false })).to.not.throw();
    });
});

describe("validation pass: the policy profile (no fallback)", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "profiles-"));
    fs.mkdirSync(path.join(root, "prod"));
    fs.mkdirSync(path.join(root, "dev"));

    it("accepts an environment with its own directory, or an explicit profile that exists", () => {
        expect(policyProfileProblem({ environment: "dev" }, root)).to.equal(undefined);
        expect(policyProfileProblem({ environment: "network", policyProfile: "prod" }, root)).to.equal(undefined);
    });

    it("refuses an environment without a directory, saying what to create or set", () => {
        const rel = path.relative(process.cwd(), path.join(root, "qa"));
        expect(policyProfileProblem({ environment: "qa" }, root)).to.equal(
            `platform:policyProfile: unset, and environment "qa" has no pack configuration of its own (${rel}/ does not exist); create ${rel}/aws-baseline.json and kubernetes-baseline.json, or choose one explicitly with platform:policyProfile (one of dev, prod)`,
        );
        expect(policyProfileProblem({ environment: "qa", policyProfile: "strict" }, root)).to.match(/^platform:policyProfile: "strict" has no pack configuration .* use one of dev, prod or create it$/);
    });

    it("is checked with the settings of every stack", () => {
        expect(semanticProblems(validateConfig(settingsOf("network")), { policyConfigRoot: root })).to.deep.equal([]);
        const problems = semanticProblems(validateConfig(settingsOf("staging")), { policyConfigRoot: root, now: new Date("2026-12-03T00:00:00Z") });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(/^platform:policyProfile: unset, and environment "staging" has no pack configuration/);
    });
});

describe("validation pass: the settings file itself", () => {
    it("refuses bytes that are not UTF-8 with their offset, line and column", () => {
        const bytes = Buffer.concat([Buffer.from("config:\n  platform:tags:\n    owner: a"), Buffer.from([0xc3, 0x28]), Buffer.from("\n")]);
        expect(() => decodeSettingsText(bytes, "f.yaml")).to.throw("byte 37 (line 3, column 13): 0xc3 is not valid UTF-8");
        expect(decodeSettingsText(Buffer.from("owner: \u00e9l\u00e8ve \uFFFD\n"), "f.yaml")).to.equal("owner: \u00e9l\u00e8ve \uFFFD\n");
    });

    it("refuses a file larger than a settings file", () => {
        expect(() => decodeSettingsText(Buffer.alloc(MAX_SETTINGS_BYTES + 1, 0x20), "f.yaml")).to.throw(`a stack settings file is at most ${MAX_SETTINGS_BYTES} bytes`);
    });

    it("refuses settings outside config:, unknown top-level keys and an empty file", () => {
        expect(() => configSection({ "platform:role": "network" }, "f.yaml")).to.throw('"platform:role" at the top level: settings go under config:');
        expect(() => configSection({ confg: { "platform:role": "network" } }, "f.yaml")).to.throw('"confg": is not a key of a Pulumi stack file');
        expect(() => configSection(null, "f.yaml")).to.throw("is empty");
        expect(configSection({ config: { a: 1 }, secretsprovider: "awskms://x", encryptedkey: "k" }, "f.yaml")).to.deep.equal({ a: 1 });
    });
});

describe("validation pass: limits AWS enforces", () => {
    it("keeps the EC2 instance types from the EC2 API model, without typos", () => {
        expect(EC2_INSTANCE_TYPES.size).to.be.greaterThan(1000);
        for (const t of ["m7i.large", "m6i.2xlarge", "m5.large", "t3.medium", "c7g.xlarge"]) {
            expect(instanceTypeProblem(t), t).to.equal(undefined);
        }
        expect(instanceTypeProblem("m7i.huge")).to.match(/^is not an EC2 instance type; m7i has m7i\./);
        expect(instanceTypeProblem("zz9.large")).to.equal("is not an EC2 instance type such as m7i.large (config/ec2-instance-types.json lists them)");
    });

    it("holds tag values to 256 characters and AWS's tag characters", () => {
        expect(tagValueProblem("x".repeat(256))).to.equal(undefined);
        expect(tagValueProblem("x".repeat(257))).to.equal("is 257 characters; an AWS tag value is at most 256");
        expect(tagValueProblem("équipe plateforme_1:/=+-@.")).to.equal(undefined);
        expect(tagValueProblem("a;b")).to.equal("has characters AWS tags refuse; use letters, digits, spaces and _ . : / = + - @");
        expect(tagValueProblem("aws:owner")).to.equal('starts with "aws:", a prefix AWS reserves');
    });
});
