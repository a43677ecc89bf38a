import { expect } from "chai";
import { ClusterAccess, ClusterAccessArgs, principalKey, teamGroup, validateClusterAccessArgs } from "../../../components/cluster/access";
import { declare } from "../../support/harness";

const ADMIN = "arn:aws:iam::111111111111:role/platform-admin";
const BREAK_GLASS = "arn:aws:iam::222222222222:role/ops/break-glass";
const AUDITOR = "arn:aws:iam::111111111111:role/Security.Auditor";
const PAYMENTS = "arn:aws:iam::111111111111:role/team-payments";

const ARGS: ClusterAccessArgs = {
    clusterName: "dev",
    admins: [ADMIN, BREAK_GLASS],
    viewers: [AUDITOR],
    teams: [{ name: "payments", roleArn: PAYMENTS }],
};

const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOC = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

describe("ClusterAccess", () => {
    it("creates one entry per principal and policy associations only for admins and viewers", async () => {
        const plan = await declare(() => new ClusterAccess("dev-access", ARGS));
        expect(plan.inventory()).to.deep.equal([
            `${ENTRY}::dev-access-admin-111111111111-platform-admin`,
            `${ENTRY}::dev-access-admin-222222222222-break-glass`,
            `${ENTRY}::dev-access-team-payments`,
            `${ENTRY}::dev-access-viewer-111111111111-security-auditor`,
            `${ASSOC}::dev-access-admin-111111111111-platform-admin`,
            `${ASSOC}::dev-access-admin-222222222222-break-glass`,
            `${ASSOC}::dev-access-viewer-111111111111-security-auditor`,
            "platform:cluster:ClusterAccess::dev-access",
        ]);
        const component = plan.one("platform:cluster:ClusterAccess", "dev-access");
        expect(plan.childrenOf(component)).to.have.length(7);
    });

    it("writes the access entries exactly", async () => {
        const plan = await declare(() => new ClusterAccess("dev-access", { ...ARGS, tags: { team: "platform" } }));
        expect(plan.ofType(ENTRY).map((r) => ({ name: r.name, ...r.inputs }))).to.deep.equal([
            { name: "dev-access-admin-111111111111-platform-admin", clusterName: "dev", principalArn: ADMIN, type: "STANDARD", tags: { team: "platform" } },
            { name: "dev-access-admin-222222222222-break-glass", clusterName: "dev", principalArn: BREAK_GLASS, type: "STANDARD", tags: { team: "platform" } },
            { name: "dev-access-viewer-111111111111-security-auditor", clusterName: "dev", principalArn: AUDITOR, type: "STANDARD", tags: { team: "platform" } },
            { name: "dev-access-team-payments", clusterName: "dev", principalArn: PAYMENTS, type: "STANDARD", kubernetesGroups: ["team:payments"], tags: { team: "platform" } },
        ]);
    });

    it("grants cluster-admin to admins and view (no Secrets) to viewers, cluster-wide, after their entries", async () => {
        const plan = await declare(() => new ClusterAccess("dev-access", ARGS));
        expect(plan.ofType(ASSOC).map((r) => ({ name: r.name, ...r.inputs }))).to.deep.equal([
            {
                name: "dev-access-admin-111111111111-platform-admin",
                clusterName: "dev",
                principalArn: ADMIN,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            },
            {
                name: "dev-access-admin-222222222222-break-glass",
                clusterName: "dev",
                principalArn: BREAK_GLASS,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            },
            {
                name: "dev-access-viewer-111111111111-security-auditor",
                clusterName: "dev",
                principalArn: AUDITOR,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "cluster" },
            },
        ]);
        for (const assoc of plan.ofType(ASSOC)) {
            expect(plan.dependenciesOf(assoc).map((r) => `${r.type}::${r.name}`)).to.include(`${ENTRY}::${assoc.name}`);
        }
    });

    it("keeps the other principals' names when one is removed", async () => {
        const plan = await declare(() => new ClusterAccess("dev-access", { ...ARGS, admins: [BREAK_GLASS] }));
        expect(plan.ofType(ENTRY).map((r) => r.name)).to.include("dev-access-admin-222222222222-break-glass");
    });

    it("uses the principals' partition for the access policies", async () => {
        const plan = await declare(() => new ClusterAccess("cn-access", { clusterName: "cn", admins: ["arn:aws-cn:iam::111111111111:role/admin"] }));
        expect(plan.ofType(ASSOC)[0].inputs.policyArn).to.equal("arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
    });

    it("names team groups team:<name>", () => {
        expect(teamGroup("payments")).to.equal("team:payments");
    });

    it("keys principals by account and name in kebab-case", () => {
        expect(principalKey(BREAK_GLASS)).to.equal("222222222222-break-glass");
        expect(principalKey("arn:aws:iam::111111111111:user/jane.doe@example.com")).to.equal("111111111111-jane-doe-example-com");
    });

    const cases: [string, Partial<ClusterAccessArgs>, string[]][] = [
        [
            "rejects a malformed ARN",
            { admins: ["arn:aws:iam::1111:role/admin"] },
            ['admins[0]: "arn:aws:iam::1111:role/admin" is not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)'],
        ],
        [
            "rejects an STS session ARN",
            { viewers: ["arn:aws:sts::111111111111:assumed-role/admin/jane"] },
            ['viewers[0]: "arn:aws:sts::111111111111:assumed-role/admin/jane" is not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)'],
        ],
        [
            "rejects a principal listed twice as admin",
            { admins: [ADMIN, ADMIN] },
            ['admins[1]: "arn:aws:iam::111111111111:role/platform-admin" is already listed as admins[0]; EKS allows one access entry per principal'],
        ],
        [
            "rejects a principal that is both admin and viewer",
            { admins: [ADMIN], viewers: [ADMIN] },
            ['viewers[0]: "arn:aws:iam::111111111111:role/platform-admin" is already listed as admins[0]; EKS allows one access entry per principal'],
        ],
        [
            "rejects a team role that is also a viewer",
            { admins: [], viewers: [PAYMENTS] },
            ['teams[0].roleArn: "arn:aws:iam::111111111111:role/team-payments" is already listed as viewers[0]; EKS allows one access entry per principal'],
        ],
        [
            "rejects a team name that is not a DNS label",
            { teams: [{ name: "Payments_Team", roleArn: PAYMENTS }] },
            ['teams[0].name: "Payments_Team" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)'],
        ],
        [
            "rejects a team listed twice",
            { teams: [{ name: "payments", roleArn: PAYMENTS }, { name: "payments", roleArn: "arn:aws:iam::111111111111:role/other" }] },
            ['teams[1].name: "payments" is listed twice; team names are unique'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateClusterAccessArgs({ ...ARGS, ...change }))
                .to.throw("invalid ClusterAccess")
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }
});
