import Ajv from "ajv";
import { expect } from "chai";
import { readFileSync } from "fs";
import * as path from "path";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import { ADMISSION_PLATFORM_NAMESPACES } from "../../../components/kubernetes/admission-policies";
import { ADMISSION_RULES, admissionPolicies, AdmissionMode, GeneratedAdmissionPolicy, loadKubernetesBaselineConfig, pssValidations } from "../../../policy-packs/kubernetes-baseline/admission";
import { admissionPoliciesEnforced } from "../../../policy-packs/kubernetes-baseline/admission/policy";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { PolicyConfigError } from "../../../tools/policy/config";
import type { ResourceSpec } from "../../support/policy";
import { admit, asKind, compile } from "./admission-harness";
import { deployment, run } from "./fixtures";

/**
 * The generated objects: valid admissionregistration.k8s.io/v1 documents, per environment and
 * version, with the actions, exemptions and settings of the environment's pack configuration.
 *
 * The schema below is written from the API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/validating-admission-policy-v1/ and
 * .../validating-admission-policy-binding-v1/, and the field rules of api/openapi-spec/v3/
 * apis__admissionregistration.k8s.io__v1_openapi.json in kubernetes/kubernetes, read 2026-12-03):
 * the upstream OpenAPI document could not be vendored (the mirror is larger than this
 * environment fetches), so the fields we emit are restated with the limits the API server applies.
 */

const REPO = path.resolve(__dirname, "../../..");
const QUALIFIED_NAME = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
const DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const CEL_IDENTIFIER = "^[_a-zA-Z][_a-zA-Z0-9]*$";
/** Our own ceiling per expression (the API server's is its CEL cost budget; audit annotation values stop at 5 KiB). */
const MAX_EXPRESSION = 5 * 1024;

const namedRule = {
    type: "object",
    additionalProperties: false,
    required: ["apiGroups", "apiVersions", "operations", "resources"],
    properties: {
        apiGroups: { type: "array", items: { type: "string" }, minItems: 1 },
        apiVersions: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
        operations: { type: "array", items: { enum: ["CREATE", "UPDATE", "DELETE", "CONNECT", "*"] }, minItems: 1 },
        resources: { type: "array", items: { type: "string", pattern: "^[a-z*]+(/[a-z*]+)?$" }, minItems: 1 },
    },
};
const metadata = {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", pattern: DNS_SUBDOMAIN, maxLength: 253 }, labels: { type: "object", additionalProperties: { type: "string", maxLength: 63 } }, annotations: { type: "object" } },
};
const expression = { type: "string", minLength: 1, maxLength: MAX_EXPRESSION };
const POLICY_SCHEMA = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
        apiVersion: { const: "admissionregistration.k8s.io/v1" },
        kind: { const: "ValidatingAdmissionPolicy" },
        metadata,
        spec: {
            type: "object",
            additionalProperties: false,
            required: ["matchConstraints", "validations"],
            properties: {
                failurePolicy: { enum: ["Fail", "Ignore"] },
                matchConstraints: { type: "object", additionalProperties: false, required: ["resourceRules"], properties: { resourceRules: { type: "array", items: namedRule, minItems: 1 } } },
                matchConditions: {
                    type: "array",
                    maxItems: 64,
                    items: { type: "object", additionalProperties: false, required: ["name", "expression"], properties: { name: { type: "string", pattern: QUALIFIED_NAME, maxLength: 63 }, expression } },
                },
                variables: {
                    type: "array",
                    items: { type: "object", additionalProperties: false, required: ["name", "expression"], properties: { name: { type: "string", pattern: CEL_IDENTIFIER }, expression } },
                },
                validations: {
                    type: "array",
                    minItems: 1,
                    items: {
                        type: "object",
                        additionalProperties: false,
                        required: ["expression"],
                        properties: {
                            expression,
                            // One line: the API server refuses a message with a line break.
                            message: { type: "string", pattern: "^[^\\r\\n]+$" },
                            messageExpression: expression,
                            reason: { enum: ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"] },
                        },
                    },
                },
            },
        },
    },
};
const BINDING_SCHEMA = {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
        apiVersion: { const: "admissionregistration.k8s.io/v1" },
        kind: { const: "ValidatingAdmissionPolicyBinding" },
        metadata,
        spec: {
            type: "object",
            additionalProperties: false,
            required: ["policyName", "validationActions"],
            properties: {
                policyName: { type: "string", minLength: 1 },
                // Unique; Deny and Warn never together (the API refuses the pair).
                validationActions: { type: "array", minItems: 1, uniqueItems: true, items: { enum: ["Deny", "Warn", "Audit"] }, not: { allOf: [{ contains: { const: "Deny" } }, { contains: { const: "Warn" } }] } },
                matchResources: {
                    type: "object",
                    additionalProperties: false,
                    properties: {
                        namespaceSelector: {
                            type: "object",
                            additionalProperties: false,
                            properties: {
                                matchExpressions: {
                                    type: "array",
                                    items: {
                                        type: "object",
                                        additionalProperties: false,
                                        required: ["key", "operator"],
                                        properties: { key: { type: "string" }, operator: { enum: ["In", "NotIn", "Exists", "DoesNotExist"] }, values: { type: "array", items: { type: "string" }, minItems: 1 } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validatePolicy = ajv.compile(POLICY_SCHEMA);
const validateBinding = ajv.compile(BINDING_SCHEMA);

const ENVIRONMENTS: [string, AdmissionMode][] = [
    ["dev", "warn"],
    ["staging", "deny"],
    ["prod", "deny"],
];

function generate(env: string, mode: AdmissionMode, version = "1.33"): GeneratedAdmissionPolicy[] {
    return admissionPolicies({ kubernetesVersion: version, packConfig: loadKubernetesBaselineConfig(env), mode, platformNamespaces: ADMISSION_PLATFORM_NAMESPACES });
}

const byPolicy = (all: GeneratedAdmissionPolicy[], name: string) => all.find((g) => g.packPolicy === name);

describe("generated ValidatingAdmissionPolicies", () => {
    for (const [env, mode] of ENVIRONMENTS) {
        for (const version of SUPPORTED_VERSIONS) {
            it(`${env} at ${version}: every policy and binding is a valid v1 document, every expression parses`, () => {
                const all = generate(env, mode, version);
                expect(all.length).to.be.greaterThan(15);
                for (const g of all) {
                    expect(validatePolicy(g.policy), `${g.packPolicy}: ${ajv.errorsText(validatePolicy.errors)}`).to.equal(true);
                    expect(validateBinding(g.binding), `${g.packPolicy} binding: ${ajv.errorsText(validateBinding.errors)}`).to.equal(true);
                    expect(g.binding.spec.policyName).to.equal(g.policy.metadata.name);
                    const variables = g.policy.spec.variables ?? [];
                    expect(new Set(variables.map((v) => v.name)).size).to.equal(variables.length);
                    for (const e of [...variables.map((v) => v.expression), ...(g.policy.spec.matchConditions ?? []).map((m) => m.expression), ...g.policy.spec.validations.flatMap((v) => [v.expression, v.messageExpression ?? "true"])]) {
                        expect(() => compile(e), e).to.not.throw();
                    }
                }
                expect(new Set(all.map((g) => g.policy.metadata.name)).size).to.equal(all.length);
            });
        }
    }

    it("dev warns and audits everything; staging and prod deny the mandatory rules and warn on the advisory ones", () => {
        for (const [env, mode] of ENVIRONMENTS) {
            for (const g of generate(env, mode)) {
                const expected = mode === "deny" && g.enforcementLevel === "mandatory" ? ["Deny"] : ["Warn", "Audit"];
                expect(g.validationActions, `${env} ${g.packPolicy}`).to.deep.equal(expected);
                expect(g.binding.spec.validationActions).to.deep.equal(expected);
            }
        }
        const prod = generate("prod", "deny");
        expect(byPolicy(prod, "no-privileged")!.validationActions).to.deep.equal(["Deny"]);
        expect(byPolicy(prod, "restricted-volume-types")!.validationActions).to.deep.equal(["Deny"]);
        expect(byPolicy(prod, "resources-requests-limits")!.validationActions).to.deep.equal(["Warn", "Audit"]);
        expect(byPolicy(prod, "image-pinned-digest")!.validationActions).to.deep.equal(["Deny"]);
        // dev: restricted is advisory in its pack config, so warn-only even in deny mode.
        expect(byPolicy(generate("dev", "deny"), "run-as-non-root")!.validationActions).to.deep.equal(["Warn", "Audit"]);
        expect(byPolicy(generate("dev", "deny"), "no-privileged")!.validationActions).to.deep.equal(["Deny"]);
    });

    it("leaves out what the environment disables (image-pinned-digest on dev) and what CEL cannot express", () => {
        expect(byPolicy(generate("dev", "warn"), "image-pinned-digest")).to.equal(undefined);
        expect(byPolicy(generate("staging", "deny"), "image-pinned-digest")!.validationActions).to.deep.equal(["Deny"]);
        const names = generate("prod", "deny").map((g) => g.packPolicy);
        for (const none of ["rbac-least-privilege", "image-provenance-enforced", "admission-policies-enforced"]) {
            expect(names).to.not.include(none);
        }
    });

    it("has one admission row per pack policy", () => {
        expect(ADMISSION_RULES.map((r) => r.policy).sort()).to.deep.equal(kubernetesBaselinePolicies.map((p) => p.name).sort());
        for (const r of ADMISSION_RULES) {
            expect(r.expressible === "yes" || (r.note ?? "").length > 20, r.policy).to.equal(true);
        }
    });

    it("says in the README's policy table, per policy, what admission enforces (yes, partial or no)", () => {
        const readme = readFileSync(path.join(REPO, "policy-packs/kubernetes-baseline/README.md"), "utf8");
        const header = readme.split("\n").findIndex((l) => l.startsWith("| policy | level | checks | config (default) | controls | admission |"));
        expect(header).to.be.greaterThan(0);
        const cells: Record<string, string> = {};
        for (const line of readme.split("\n").slice(header + 2)) {
            if (!line.startsWith("| ")) {
                break;
            }
            const cols = line.split(" | ");
            cells[cols[0].slice(2).replace(/\*? ?(\(stack\))?$/, "").trim()] = cols[cols.length - 1].replace(/ \|$/, "");
        }
        expect(Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v.split(":")[0]]))).to.deep.equal(Object.fromEntries(ADMISSION_RULES.map((r) => [r.policy, r.expressible])));
    });

    it("exempts the pack's excluded namespaces at both layers (kube-system and node-agents from the pack config), and only those", () => {
        const prod = generate("prod", "deny");
        const selector = (g: GeneratedAdmissionPolicy) => g.binding.spec.matchResources?.namespaceSelector;
        expect(selector(byPolicy(prod, "no-privileged")!)).to.deep.equal({ matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "node-agents"] }] });
        expect(selector(byPolicy(prod, "lb-services-internal")!)).to.equal(undefined);
        // Rules beyond Pod Security judge team namespaces only: the add-ons' charts were never judged by the pack.
        const platform = ["cert-manager", "external-dns", "kube-node-lease", "kube-public", "kube-system", "kyverno", "monitoring", "node-agents"];
        for (const policy of ["image-pinned", "read-only-root-fs", "resources-requests-limits", "probes", "service-account-token", "secrets-not-in-env"]) {
            expect(byPolicy(prod, policy)!.exemptNamespaces, policy).to.deep.equal(platform);
        }
        const writable = deployment((d, p) => ((d.metadata.namespace = "monitoring"), (p.containers[0].securityContext.readOnlyRootFilesystem = false))).inputs as Record<string, any>;
        expect(admit(byPolicy(prod, "read-only-root-fs")!, writable).applies).to.equal(false);
        expect(admit(byPolicy(prod, "read-only-root-fs")!, { ...writable, metadata: { ...writable.metadata, namespace: "team-a" } }).failures.length).to.equal(1);
        expect(byPolicy(prod, "allowed-registries")!.exemptNamespaces).to.deep.equal(["cert-manager", "external-dns", "kube-node-lease", "kube-public", "kube-system", "kyverno", "monitoring", "node-agents"]);
        expect(byPolicy(prod, "namespace-guardrails")!.exemptNamespaces).to.deep.equal(["default", "kube-node-lease", "kube-public", "kube-system"]);
        const privileged = deployment((d, p) => ((d.metadata.namespace = "node-agents"), (p.containers[0].securityContext.privileged = true))).inputs as Record<string, any>;
        expect(admit(byPolicy(prod, "no-privileged")!, privileged).applies).to.equal(false);
        expect(admit(byPolicy(prod, "no-privileged")!, { ...privileged, metadata: { ...privileged.metadata, namespace: "team-a" } }).failures.length).to.equal(1);
    });

    it("uses the environment's settings: prod admits only its registry", () => {
        const g = byPolicy(generate("prod", "deny"), "allowed-registries")!;
        expect(g.policy.spec.validations[0].expression).to.contain("'222222222222.dkr.ecr.eu-west-1.amazonaws.com/'");
        const other = asKind("Deployment", { spec: { containers: [{ name: "app", image: "ghcr.io/example/app:1.0" }] } }, "team-a");
        expect(admit(g, other).failures.map((f) => f.message)).to.deep.equal([
            "allowed-registries: images must come from 222222222222.dkr.ecr.eu-west-1.amazonaws.com/; failing containers: app",
        ]);
    });

    it("in prod, refuses an image by tag, an image from another registry and a privileged pod (Deny)", () => {
        const prod = generate("prod", "deny");
        const refusals = (image: string, privileged = false) =>
            prod
                .filter((g) => g.validationActions.includes("Deny"))
                .filter((g) => admit(g, asKind("Pod", { spec: { containers: [{ name: "app", image, securityContext: { privileged } }] } }, "team-a")).failures.length > 0)
                .map((g) => g.packPolicy);
        const ours = `222222222222.dkr.ecr.eu-west-1.amazonaws.com/team-a/api@sha256:${"a".repeat(64)}`;
        expect(refusals("222222222222.dkr.ecr.eu-west-1.amazonaws.com/team-a/api:latest")).to.include("image-pinned");
        expect(refusals("docker.io/library/nginx:1.27")).to.include("allowed-registries");
        expect(refusals(ours, true)).to.include("no-privileged");
        expect(refusals(ours)).to.not.include.members(["image-pinned", "allowed-registries", "no-privileged"]);
    });

    it("follows the version: the 1.34 probe host check and the 1.35 procMount_restricted check appear with their versions", () => {
        const checks = (version: string) => byPolicy(generate("prod", "deny", version), "no-host-namespaces-or-ports")!.policy.spec.validations.length;
        expect(checks("1.33")).to.equal(3);
        expect(checks("1.34")).to.equal(4);
        expect(byPolicy(generate("prod", "deny", "1.34"), "proc-mount-restricted")).to.equal(undefined);
        expect(byPolicy(generate("prod", "deny", "1.35"), "proc-mount-restricted")!.policy.metadata.annotations["platform/kubernetes-version"]).to.equal("1.35");
        expect(pssValidations("restricted", "1.35").map((v) => v.check)).to.include("procMount_restricted");
    });

    it("does not judge again an update that leaves the spec alone", () => {
        const g = byPolicy(generate("prod", "deny"), "no-privileged")!;
        const bad = asKind("Pod", { spec: { containers: [{ name: "app", image: "x:1", securityContext: { privileged: true } }] } }, "team-a");
        const relabelled = { ...bad, metadata: { ...bad.metadata, labels: { a: "b" } } };
        expect(admit(g, relabelled, { operation: "UPDATE", oldObject: bad }).applies).to.equal(false);
        const changed = { ...bad, spec: { ...bad.spec, activeDeadlineSeconds: 30 } };
        expect(admit(g, changed, { operation: "UPDATE", oldObject: bad }).failures.length).to.equal(1);
    });

    it("refuses a version without CEL optional types and an invalid pack config", () => {
        expect(() => admissionPolicies({ kubernetesVersion: "1.29", packConfig: {}, mode: "deny" })).to.throw(
            'kubernetesVersion: "1.29" is not a Kubernetes version ValidatingAdmissionPolicy v1 with CEL optional types serves; use 1.30 or newer',
        );
        expect(() => admissionPolicies({ kubernetesVersion: "1.33", packConfig: { "no-such-policy": "mandatory" }, mode: "deny" })).to.throw(PolicyConfigError);
        expect(() => loadKubernetesBaselineConfig("qa")).to.throw('platform:policyProfile: "qa" has no');
    });

    it("reads the same config file the plan's policy evaluation reads", () => {
        const file = JSON.parse(readFileSync(path.join(REPO, "policy-packs/config/prod/kubernetes-baseline.json"), "utf8"));
        expect(loadKubernetesBaselineConfig("prod")).to.deep.equal(file);
    });
});

describe("admission-policies-enforced", () => {
    const CLUSTER: ResourceSpec = { type: "aws:eks/cluster:Cluster", name: "cluster", inputs: { name: "cluster" } };
    const resources = (all: GeneratedAdmissionPolicy[], withBindings = true): ResourceSpec[] => [
        CLUSTER,
        ...all.map((g) => ({ type: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy", name: g.policy.metadata.name, inputs: { ...g.policy } })),
        ...(withBindings ? all.map((g) => ({ type: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", name: `${g.binding.metadata.name}-binding`, inputs: { ...g.binding } })) : []),
    ];

    it("passes prod's denying policies", async () => {
        expect((await run(admissionPoliciesEnforced, resources(generate("prod", "deny")))).reported).to.deep.equal([]);
    });
    it("flags warn mode where deny is required, and accepts it with requireDeny: false (dev's config)", async () => {
        const warn = generate("prod", "warn");
        const r = await run(admissionPoliciesEnforced, resources(warn));
        expect(r.reported).to.include("ValidatingAdmissionPolicy platform-no-privileged enforces a mandatory rule but its binding only warns and audits; set platform:admissionPolicies.mode: deny (the default).");
        expect(r.reported.length).to.equal(warn.filter((g) => g.enforcementLevel === "mandatory").length);
        expect((await run(admissionPoliciesEnforced, resources(warn), { requireDeny: false })).reported).to.deep.equal([]);
    });
    it("flags a cluster without the policies, and a policy without a binding", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER])).reported).to.deep.equal([
            "the stack has an EKS cluster but no ValidatingAdmissionPolicy generated from kubernetes-baseline; create the AdmissionPolicies component for the cluster.",
        ]);
        const one = generate("prod", "deny").slice(0, 1);
        expect((await run(admissionPoliciesEnforced, resources(one, false))).reported).to.deep.equal([`ValidatingAdmissionPolicy ${one[0].policy.metadata.name} has no ValidatingAdmissionPolicyBinding; without one it judges nothing.`]);
    });
    it("is not applicable without a cluster", async () => {
        const r = await run(admissionPoliciesEnforced, deployment());
        expect(r.reported).to.deep.equal([]);
        expect(r.outcome).to.equal("notApplicable");
    });
});
