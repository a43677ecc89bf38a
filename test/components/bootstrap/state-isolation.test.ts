import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import * as fs from "fs";
import { parse } from "yaml";
import { Plan, PlanResource } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { readStackFile, stackFilePath } from "../../../tools/plan/stack-file";
import { doc } from "../../support/harness";
import { bootstrapSettings, stackInfos } from "../../support/stacks";

/**
 * State isolation as the bootstrap stack builds it (stacks/Pulumi.bootstrap.yaml): each stack's
 * objects and secrets key are written by the deployer of its account only; the deployers of the
 * stacks that reference it, and the preview roles, read them; nothing else. Asserted on the
 * documents, then the cross-stack cases run through an IAM policy simulator
 * (@cloud-copilot/iam-simulate) with the identity policies, the bucket policy and the key policies
 * as planned.
 */

/** The deployed stacks, their accounts and the stacks each references, as stacks/ declares them (test/support/stacks.ts). */
// In the order the bootstrap lists its accounts' environments (the order its policies name them); test/ci/new-stack.test.ts checks every deployed stack has one.
const STACKS: string[] = bootstrapSettings().accounts.flatMap((a: { environments: string[] }) => a.environments);
const ACCOUNT_OF: Record<string, string> = Object.fromEntries(stackInfos().map((s) => [s.stack, s.accountId]));
const REFERENCES: Record<string, string[]> = Object.fromEntries(stackInfos().map((s) => [s.stack, s.references]));
const ORG = "o-exampleorg01";
const deployer = (a: string) => `arn:aws:iam::${a}:role/platform-deployer`;
const preview = (a: string) => `arn:aws:iam::${a}:role/platform-preview`;
/** What a deployer of a stack writes, under the state bucket. */
const stackObjects = (bucket: string, s: string) => [
    `${bucket}/.pulumi/stacks/platform/${s}.json*`,
    `${bucket}/.pulumi/stacks/platform/${s}.pulumi-tags`,
    `${bucket}/.pulumi/history/platform/${s}/*`,
    `${bucket}/.pulumi/backups/platform/${s}/*`,
    `${bucket}/.pulumi/locks/organization/platform/${s}/*`,
];
const checkpoint = (bucket: string, s: string) => [`${bucket}/.pulumi/stacks/platform/${s}.json*`, `${bucket}/.pulumi/stacks/platform/${s}.pulumi-tags`];

interface Statement {
    Sid?: string;
    Effect: string;
    Action?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("bootstrap stack: state isolation per stack", function () {
    this.timeout(120_000);
    let plan: Plan;
    let bucket: string;
    let keyOf: Record<string, string>;
    const one = (type: string, name: string): PlanResource => {
        const found = plan.resources.filter((r) => r.type === type && r.name === name);
        expect(found, `${type}::${name}`).to.have.length(1);
        return found[0];
    };
    /** Every inline policy statement of a role (its own policy and its state policy). */
    const roleStatements = (prefix: string): Statement[] =>
        plan.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && (r.name === `${prefix}-policy` || r.name === `${prefix}-state`)).flatMap((r) => doc(r.inputs.policy).Statement as Statement[]);

    before(async () => {
        plan = await planStack({ stack: "bootstrap" });
        bucket = list((doc(one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy).Statement as Statement[])[0].Resource)[0];
        // The mocks give a key the ARN `<...>:key/<name>-key-id`; take the form from the bucket key's.
        const bucketKey = String((doc(one("aws:iam/rolePolicy:RolePolicy", "deployer-333333333333-policy").inputs.policy).Statement as Statement[]).find((x) => x.Sid === "StateBucketKey")!.Resource);
        keyOf = Object.fromEntries([...STACKS, "bootstrap"].map((s) => [s, bucketKey.replace(/key\/state-key-key-id$/, `key/state-secrets-${s}-key-id`)]));
    });

    it("lists in stateReferences exactly the stacks each stack file references (platform:stacks)", () => {
        const settings = parse(fs.readFileSync(stackFilePath("bootstrap"), "utf8")) as { config: Record<string, { stateReferences: Record<string, string[]> }> };
        const declared = settings.config["platform:bootstrap"].stateReferences;
        for (const stack of STACKS) {
            const config = readStackFile(stackFilePath(stack)).config;
            const refs = Object.values((config["platform:stacks"] ?? {}) as Record<string, string>).sort();
            expect([...(declared[stack] ?? [])].sort(), stack).to.deep.equal(refs);
            expect(refs, stack).to.deep.equal([...REFERENCES[stack]].sort());
        }
    });

    it("gives each deployer exactly its stacks' objects and secrets key, and its references' checkpoints and data keys", () => {
        for (const stack of STACKS) {
            const a = ACCOUNT_OF[stack];
            const refs = REFERENCES[stack];
            expect(doc(one("aws:iam/rolePolicy:RolePolicy", `deployer-${a}-state`).inputs.policy).Statement, stack).to.deep.equal([
                { Sid: "StateObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: stackObjects(bucket, stack) },
                ...(refs.length > 0 ? [{ Sid: "StateReads", Effect: "Allow", Action: ["s3:GetObject"], Resource: refs.flatMap((r) => checkpoint(bucket, r)) }] : []),
                { Sid: "StateSecrets", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: [keyOf[stack]] },
                ...(refs.length > 0 ? [{ Sid: "StateSecretsRead", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: refs.map((r) => keyOf[r]) }] : []),
            ]);
            expect(doc(one("aws:iam/rolePolicy:RolePolicy", `preview-${a}-state`).inputs.policy).Statement, stack).to.deep.equal([
                { Sid: "StateReads", Effect: "Allow", Action: ["s3:GetObject"], Resource: [stack, ...refs].flatMap((r) => checkpoint(bucket, r)) },
                { Sid: "StateSecretsRead", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: [stack, ...refs].map((r) => keyOf[r]) },
            ]);
        }
    });

    it("lets no role's own policies write another stack's objects or use another stack's key, beyond reading its references", () => {
        for (const stack of STACKS) {
            const a = ACCOUNT_OF[stack];
            const readable = [stack, ...REFERENCES[stack]];
            for (const [role, writes] of [[`deployer-${a}`, [stack]], [`preview-${a}`, []]] as const) {
                for (const s of roleStatements(role).filter((x) => x.Effect === "Allow")) {
                    const actions = list(s.Action);
                    const resources = list(s.Resource);
                    if (actions.some((x) => x === "s3:PutObject" || x === "s3:DeleteObject")) {
                        for (const other of STACKS.filter((o) => !(writes as readonly string[]).includes(o))) {
                            expect(resources.filter((r) => stackObjects(bucket, other).includes(r)), `${role} ${s.Sid} writes ${other}`).to.deep.equal([]);
                        }
                    }
                    if (actions.includes("kms:Encrypt")) {
                        expect(resources, `${role} ${s.Sid}`).to.deep.equal(writes.map((w) => keyOf[w]));
                    }
                    if (actions.includes("kms:Decrypt") && s.Condition === undefined) {
                        expect(resources.every((r) => readable.some((x) => keyOf[x] === r)), `${role} ${s.Sid}: ${resources.join(", ")}`).to.equal(true);
                    }
                }
            }
        }
    });

    it("grants each stack's secrets key to its deployer (encrypt), its consumers' deployers and the preview roles that read it (decrypt), nobody else", () => {
        for (const stack of STACKS) {
            const consumers = STACKS.filter((s) => REFERENCES[s].includes(stack));
            const policy = doc(one("aws:kms/key:Key", `state-secrets-${stack}`).inputs.policy).Statement as Statement[];
            expect(policy.map((s) => s.Sid), stack).to.deep.equal(["EnableIamPolicies", "StateSecretsWriters", "StateSecretsReaders"]);
            expect(policy[1].Condition, stack).to.deep.equal({ ArnEquals: { "aws:PrincipalArn": [deployer(ACCOUNT_OF[stack])] }, StringEquals: { "aws:PrincipalOrgID": ORG } });
            expect(policy[2].Condition, stack).to.deep.equal({
                ArnEquals: { "aws:PrincipalArn": [...consumers.map((c) => deployer(ACCOUNT_OF[c])), preview(ACCOUNT_OF[stack]), ...consumers.map((c) => preview(ACCOUNT_OF[c]))] },
                StringEquals: { "aws:PrincipalOrgID": ORG },
            });
            expect(one("aws:kms/alias:Alias", `state-secrets-${stack}-alias`).inputs.name).to.equal(`alias/platform/state-${stack}`);
        }
        // The bootstrap's own key: only the state account's administrators, through IAM.
        expect((doc(one("aws:kms/key:Key", "state-secrets-bootstrap").inputs.policy).Statement as Statement[]).map((s) => s.Sid)).to.deep.equal(["EnableIamPolicies"]);
    });

    describe("through an IAM policy simulator (@cloud-copilot/iam-simulate)", () => {
        /** PowerUserAccess's grant, which deployers hold: the resource policies must stop them. */
        const POWER_USER = { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }] };
        const READ_ONLY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*", "kms:Describe*", "kms:Get*", "kms:List*"], Resource: "*" }] };

        async function simulate(role: "deployer" | "preview", stackOfRole: string, action: string, resource: string): Promise<string> {
            const account = ACCOUNT_OF[stackOfRole];
            const prefix = `${role}-${account}`;
            const roleArn = role === "deployer" ? deployer(account) : preview(account);
            const isKms = action.startsWith("kms:");
            const resourcePolicy = isKms ? doc(plan.resources.find((r) => r.type === "aws:kms/key:Key" && keyOf[r.name.replace("state-secrets-", "")] === resource)!.inputs.policy) : doc(one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy);
            const policies = plan.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && (r.name === `${prefix}-policy` || r.name === `${prefix}-state`));
            const result = await runSimulation(
                {
                    request: {
                        principal: `arn:aws:sts::${account}:assumed-role/platform-${role === "deployer" ? "deployer" : "preview"}/ci`,
                        action,
                        resource: { resource, accountId: isKms ? resource.split(":")[4] : "999999999999" },
                        contextVariables: { "aws:PrincipalArn": roleArn, "aws:PrincipalOrgID": ORG, "aws:PrincipalAccount": account, "aws:SecureTransport": "true" },
                    },
                    identityPolicies: [...policies.map((p) => ({ name: p.name, policy: doc(p.inputs.policy) })), { name: "managed", policy: role === "deployer" ? POWER_USER : READ_ONLY }],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy,
                },
                {},
            );
            if (result.resultType === "error") {
                throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
            }
            return result.resultType === "single" ? result.overallResult : "unexpected";
        }

        const cases: [string, "deployer" | "preview", string, string, (b: string, k: Record<string, string>) => string, string][] = [
            ["dev's deployer writes dev's checkpoint", "deployer", "dev", "s3:PutObject", (b) => `${b}/.pulumi/stacks/platform/dev.json`, "Allowed"],
            ["dev's deployer cannot overwrite prod's checkpoint", "deployer", "dev", "s3:PutObject", (b) => `${b}/.pulumi/stacks/platform/prod.json`, "ImplicitlyDenied"],
            ["dev's deployer cannot take prod's lock", "deployer", "dev", "s3:PutObject", (b) => `${b}/.pulumi/locks/organization/platform/prod/x.json`, "ImplicitlyDenied"],
            ["dev's deployer cannot rewrite network's outputs (its checkpoint)", "deployer", "dev", "s3:PutObject", (b) => `${b}/.pulumi/stacks/platform/network.json`, "ImplicitlyDenied"],
            ["dev's deployer cannot rewrite the layout file", "deployer", "dev", "s3:PutObject", (b) => `${b}/.pulumi/meta.yaml`, "ImplicitlyDenied"],
            ["dev's deployer reads network's checkpoint (StackReference)", "deployer", "dev", "s3:GetObject", (b) => `${b}/.pulumi/stacks/platform/network.json`, "Allowed"],
            ["dev's deployer cannot read prod's checkpoint", "deployer", "dev", "s3:GetObject", (b) => `${b}/.pulumi/stacks/platform/prod.json`, "ImplicitlyDenied"],
            ["dev's deployer cannot read prod's history", "deployer", "dev", "s3:GetObject", (b) => `${b}/.pulumi/history/platform/prod/prod-1.checkpoint.json`, "ImplicitlyDenied"],
            ["dev's deployer decrypts with dev's key", "deployer", "dev", "kms:Decrypt", (_, k) => k.dev, "Allowed"],
            ["dev's deployer decrypts network's data key (StackReference)", "deployer", "dev", "kms:Decrypt", (_, k) => k.network, "Allowed"],
            ["dev's deployer cannot decrypt with prod's key", "deployer", "dev", "kms:Decrypt", (_, k) => k.prod, "ImplicitlyDenied"],
            ["dev's deployer cannot encrypt with network's key", "deployer", "dev", "kms:Encrypt", (_, k) => k.network, "ImplicitlyDenied"],
            ["prod's preview role decrypts prod's key (preview reads the stack's secret config)", "preview", "prod", "kms:Decrypt", (_, k) => k.prod, "Allowed"],
            ["dev's preview role cannot decrypt with prod's key", "preview", "dev", "kms:Decrypt", (_, k) => k.prod, "ImplicitlyDenied"],
            ["dev's preview role cannot read prod's checkpoint", "preview", "dev", "s3:GetObject", (b) => `${b}/.pulumi/stacks/platform/prod.json`, "ImplicitlyDenied"],
            ["prod's preview role cannot write prod's checkpoint", "preview", "prod", "s3:PutObject", (b) => `${b}/.pulumi/stacks/platform/prod.json`, "ImplicitlyDenied"],
        ];
        for (const [title, role, stack, action, resource, expected] of cases) {
            it(`${title}: ${expected}`, async () => {
                expect(await simulate(role, stack, action, resource(bucket, keyOf))).to.equal(expected);
            });
        }
    });
});
