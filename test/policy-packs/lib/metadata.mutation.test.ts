import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { control, controlList, CONTROL_PREFIXES, CONTROLS_DIR, COVERAGE_FRAMEWORKS, FRAMEWORKS, PARTIAL_COVERAGE, SCANNER_LISTS } from "../../../policy-packs/lib/metadata";
import { EXEMPT_PREFIX, EXEMPTIONS, Exemption, exemptInStack, exemptResource, isExemptionReason } from "../../../policy-packs/lib/exemptions";
import { tokenOf, validateTypes } from "../../../policy-packs/lib/types";
import { awsBaseline } from "../../../policy-packs/aws-baseline/pack";
import { kubernetesBaseline } from "../../../policy-packs/kubernetes-baseline/pack";
import { PACKS } from "../../../policy-packs/packs";

/**
 * The shared metadata, exemption and type helpers and the pack definitions, case by case (issue
 * #15): a control framework's version or kept list, the partial-coverage claims, what counts as an
 * exemption and which resource types a policy sees cannot change without a test noticing.
 */

describe("lib/metadata, case by case", () => {
    it("names each framework with its version and kept list, and a title", () => {
        expect(Object.entries(FRAMEWORKS).map(([k, f]) => [k, f.version, f.file])).to.deep.equal([
            ["cis-aws", "3.0.0", "cis-aws-3.0.0.json"],
            ["cis-eks", "1.4.0", "cis-eks-1.4.0.json"],
            ["fsbp", "1.0.0", "fsbp.json"],
            ["pss", "1.31-1.35", "pss.json"],
            ["own", "1.0.0", undefined],
        ]);
        expect(FRAMEWORKS["cis-aws"].title).to.equal("CIS Amazon Web Services Foundations Benchmark");
        expect(FRAMEWORKS["cis-eks"].title).to.equal("CIS Amazon Elastic Kubernetes Service (EKS) Benchmark");
        expect(FRAMEWORKS.fsbp.title).to.equal("AWS Foundational Security Best Practices (Security Hub)");
        expect(FRAMEWORKS.pss.title).to.equal("Kubernetes Pod Security Standards");
        expect(FRAMEWORKS.own.title).to.equal("Platform blueprint baseline");
    });
    it("names the scanner lists, the accepted tag prefixes and the measured frameworks", () => {
        expect(SCANNER_LISTS).to.deep.equal({ checkov: "checkov.json", trivy: "trivy.json", "compliance-policies": "compliance-policies.json" });
        expect(CONTROL_PREFIXES).to.deep.equal(["cis-aws", "cis-eks", "fsbp", "pss", "own", "checkov", "trivy", "compliance-policies"]);
        expect(COVERAGE_FRAMEWORKS).to.deep.equal(["fsbp", "cis-aws", "cis-eks", "pss"]);
        expect(CONTROLS_DIR).to.equal(path.resolve(__dirname, "../../../policy-packs/controls"));
    });
    it("control() builds the primary control with the framework's version", () => {
        expect(control("cis-eks", "5.1.1", "Ensure scanning")).to.deep.equal({ name: "cis-eks", version: "1.4.0", reference: "5.1.1", specification: "Ensure scanning" });
        expect(control("own", "x", "y").version).to.equal("1.0.0");
    });

    describe("controlList", () => {
        let dir: string;
        before(() => {
            dir = mkdtempSync(path.join(tmpdir(), "libecr-controls-"));
            writeFileSync(path.join(dir, "fsbp.json"), JSON.stringify({ framework: "fsbp", version: "test", controls: [{ id: "X.1" }] }));
            writeFileSync(path.join(dir, "trivy.json"), JSON.stringify({ framework: "trivy", version: "t", controls: [] }));
        });
        after(() => rmSync(dir, { recursive: true, force: true }));

        it("reads a framework's and a scanner's kept list from the given directory", () => {
            expect(controlList("fsbp", dir)?.version).to.equal("test");
            expect(controlList("trivy", dir)?.framework).to.equal("trivy");
        });
        it("gives nothing for own, an unknown key, or a list absent from the directory", () => {
            expect(controlList("own", dir)).to.equal(undefined);
            expect(controlList("nist", dir)).to.equal(undefined);
            expect(controlList("cis-aws", dir)).to.equal(undefined);
            expect(controlList("checkov", dir)).to.equal(undefined);
        });
        it("reads each file once (cached by path)", () => {
            const first = controlList("fsbp", dir);
            writeFileSync(path.join(dir, "fsbp.json"), JSON.stringify({ framework: "fsbp", version: "changed", controls: [] }));
            expect(controlList("fsbp", dir)).to.equal(first);
        });
        it("defaults to the kept lists of the repository", () => {
            const file = JSON.parse(readFileSync(path.join(CONTROLS_DIR, "cis-aws-3.0.0.json"), "utf8"));
            expect(controlList("cis-aws")?.controls.length).to.equal(file.controls.length);
        });
    });

    it("lists the partial coverage claims, each with what is left out", () => {
        const pairs = Object.entries(PARTIAL_COVERAGE).flatMap(([policy, claims]) => Object.keys(claims).map((claim) => `${policy} ${claim}`));
        expect(pairs).to.deep.equal([
            "iam-no-admin-star fsbp:IAM.21",
            "kms-deletion-safety fsbp:KMS.3",
            "s3-public-access-block fsbp:S3.1",
            "s3-public-access-block fsbp:S3.8",
            "launch-template-ebs-encrypted cis-aws:2.2.1",
            "launch-template-ebs-encrypted fsbp:EC2.7",
            "vpc-peering-routes-least-access cis-aws:5.5",
            "ecr-policy-not-public cis-eks:5.1.2",
            "iam-no-admin-managed-attachment cis-aws:1.16",
            "ebs-encryption-by-default cis-aws:2.2.1",
            "imds-defaults-imdsv2 cis-aws:5.6",
            "default-nacl-restrict-all fsbp:EC2.21",
            "default-nacl-restrict-all cis-aws:5.1",
            "config-recorder-enabled cis-aws:3.3",
            "access-analyzer-enabled cis-aws:1.20",
            "guardduty-eks-protection fsbp:GuardDuty.11",
            "securityhub-standards cis-aws:4.16",
        ]);
        for (const [policy, claims] of Object.entries(PARTIAL_COVERAGE)) {
            for (const [claim, gap] of Object.entries(claims)) {
                expect(gap, `${policy} ${claim}`).to.match(/^\S.{20,}\S$/);
                expect(gap, `${policy} ${claim}`).to.not.match(/Stryker/);
            }
        }
    });
});

describe("lib/exemptions, case by case", () => {
    it("exemptResource ends the check as not applicable with the exempt prefix, and never returns", () => {
        const reasons: string[] = [];
        const args = { notApplicable: (r: string) => void reasons.push(r) } as unknown as ResourceValidationArgs;
        expect(() => exemptResource(args, "the archive")).to.throw("unreachable: notApplicable returned");
        expect(reasons).to.deep.equal(["exempt: the archive"]);
        expect(EXEMPT_PREFIX).to.equal("exempt: ");
    });
    it("exemptInStack records the URN and reason where the evaluator collects them, and does nothing under the engine", () => {
        const sink: Exemption[] = [];
        const args = { [EXEMPTIONS]: sink } as unknown as StackValidationArgs;
        exemptInStack(args, "urn:a", "why");
        expect(sink).to.deep.equal([{ urn: "urn:a", reason: "why" }]);
        expect(() => exemptInStack({} as StackValidationArgs, "urn:a", "why")).to.not.throw();
        expect(EXEMPTIONS).to.equal(Symbol.for("platform.policy.exemptions"));
    });
    it("isExemptionReason: the prefix at the start, or an excludedNamespaces listing; nothing else", () => {
        expect(isExemptionReason("exempt: x")).to.equal(true);
        expect(isExemptionReason("namespace kube-system is listed in excludedNamespaces")).to.equal(true);
        for (const reason of [undefined, "", "not exempt: x", "exempt:x", "no SNS topic in this stack", "listed in excludedNamespaces"]) {
            expect(isExemptionReason(reason), String(reason)).to.equal(false);
        }
    });
});

describe("lib/types, case by case", () => {
    const args = (type: string) => {
        const reasons: string[] = [];
        const a = { type, props: { p: 1 }, notApplicable: (r: string) => void reasons.push(r) } as unknown as ResourceValidationArgs;
        return { a, reasons };
    };

    it("tokenOf reads a resource class's type token", () => {
        expect(tokenOf(aws.ecr.Repository)).to.equal("aws:ecr/repository:Repository");
    });
    it("validateTypes runs the check on each given type (classes or tokens), with the props and args", async () => {
        const seen: unknown[] = [];
        const byClass = validateTypes([aws.sns.Topic, aws.sqs.Queue], (props, a) => void seen.push([props.p, a.type]));
        const byToken = validateTypes(["aws:sqs/queue:Queue"], (props, a) => void seen.push([props.p, a.type]));
        for (const [check, type] of [
            [byClass, "aws:sns/topic:Topic"],
            [byClass, "aws:sqs/queue:Queue"],
            [byToken, "aws:sqs/queue:Queue"],
        ] as const) {
            const { a, reasons } = args(type);
            await check(a, () => undefined);
            expect(reasons, type).to.deep.equal([]);
        }
        expect(seen).to.deep.equal([
            [1, "aws:sns/topic:Topic"],
            [1, "aws:sqs/queue:Queue"],
            [1, "aws:sqs/queue:Queue"],
        ]);
        const { a, reasons } = args("aws:sns/topic:Topic");
        await byToken(a, () => undefined);
        expect(reasons).to.deep.equal(["Policy only applies to resources of type 'aws:sqs/queue:Queue'"]);
    });
    it("validateTypes marks another type not applicable, naming the types it applies to", async () => {
        const check = validateTypes([aws.sns.Topic, aws.sqs.Queue], () => undefined);
        const { a, reasons } = args("aws:s3/bucket:Bucket");
        await check(a, () => undefined);
        expect(reasons).to.deep.equal(["Policy only applies to resources of type 'aws:sns/topic:Topic', 'aws:sqs/queue:Queue'"]);
    });
});

describe("pack definitions", () => {
    it("aws-baseline is advisory by default, versioned from its package.json, and described", () => {
        const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../../policy-packs/aws-baseline/package.json"), "utf8"));
        expect([awsBaseline.name, awsBaseline.version, awsBaseline.enforcementLevel]).to.deep.equal(["aws-baseline", pkg.version, "advisory"]);
        expect(awsBaseline.description).to.equal(
            "AWS security baseline: network, EKS, KMS, ECR, S3, logging, IAM, account defaults, detection, messaging; mapped to CIS AWS 3.0.0, CIS EKS 1.4.0 and FSBP controls.",
        );
    });
    it("PACKS evaluates aws-baseline then kubernetes-baseline", () => {
        expect(PACKS).to.deep.equal([awsBaseline, kubernetesBaseline]);
        expect(PACKS.map((p) => p.name)).to.deep.equal(["aws-baseline", "kubernetes-baseline"]);
    });
});
