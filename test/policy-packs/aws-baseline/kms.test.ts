import { expect } from "chai";
import { kmsKeyRotation } from "../../../policy-packs/aws-baseline/policies/kms";
import { runPolicy } from "../../support/policy";

const KEY = "aws:kms/key:Key";

describe("kms-key-rotation", () => {
    it("passes a symmetric key with rotation on", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { enableKeyRotation: true } });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a symmetric key with rotation unset (provider default off)", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: {} });
        expect(r.reported).to.deep.equal(["KMS key rotation must be on for symmetric keys; set enableKeyRotation: true."]);
        expect(r.messages[0]).to.equal("Checks whether symmetric KMS keys rotate their key material every year.\nKMS key rotation must be on for symmetric keys; set enableKeyRotation: true.");
    });
    it("ignores asymmetric keys", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" } });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not look at other types (no finding, no check recorded)", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: "aws:s3/bucket:Bucket", inputs: {} });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("");
    });
    it("reports an unknown rotation flag as advisory, not mandatory", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { enableKeyRotation: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("remediates rotation when enforcement is remediate", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: {} }, {}, "remediate");
        expect(r.messages).to.deep.equal([]);
    });
});

import { isSet, peek } from "../../../policy-packs/lib/values";
import { planResource } from "../../support/policy";
import { resourceArgs } from "../../../tools/policy/evaluate";

describe("policy value helpers", () => {
    it("peek sees a computed value as unknown without throwing, and a plain one as known", () => {
        const r = planResource({ type: "aws:cloudwatch/logGroup:LogGroup", inputs: { kmsKeyId: "<computed>", retentionInDays: 365 } });
        const args = resourceArgs(r, new Map(), {});
        expect(peek(args.props, "kmsKeyId")).to.deep.equal({ state: "unknown" });
        expect(isSet(args.props, "kmsKeyId")).to.equal(true);
        expect(peek(args.props, "retentionInDays")).to.deep.equal({ state: "known", value: 365 });
        expect(peek(args.props, "name")).to.deep.equal({ state: "unset" });
        expect(() => args.props.kmsKeyId).to.throw(/can't be known during preview/);
    });
});
