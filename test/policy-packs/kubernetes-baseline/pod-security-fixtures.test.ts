import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import { podSecurityBaselinePolicies, podSecurityRestrictedPolicies } from "../../../policy-packs/kubernetes-baseline/policies/pod-security";
import { BASELINE_CHECK_IDS, CheckId, checksAt, evaluatePod, Level, RESTRICTED_CHECK_IDS } from "../../../policy-packs/kubernetes-baseline/pss";
import { evaluatePack, Finding } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

/**
 * Kubernetes' own Pod Security Admission fixtures (vendored in test/fixtures/pod-security-admission,
 * see its README), run through the pack's policies on a plan in which the pods run on an EKS cluster
 * of each supported version: every fail fixture is flagged by the policy implementing its check
 * (baseline fixtures by the baseline set, which restricted namespaces enforce too), every pass
 * fixture is clean at its level (baseline: the baseline set; restricted: both sets).
 */

const ROOT = path.resolve(__dirname, "../../fixtures/pod-security-admission");
const ALL_IDS: readonly CheckId[] = [...BASELINE_CHECK_IDS, ...RESTRICTED_CHECK_IDS];

interface Fixture {
    level: Level;
    outcome: "pass" | "fail";
    name: string;
    /** The check the fixture exercises (`hostports1` → hostPorts); undefined for the base pods. */
    check?: CheckId;
    pod: Record<string, any>;
}

function checkOf(name: string): CheckId | undefined {
    const stem = name.replace(/\d+$/, "");
    return ALL_IDS.find((id) => id.toLowerCase() === stem);
}

function fixtures(version: string): Fixture[] {
    const out: Fixture[] = [];
    for (const level of ["baseline", "restricted"] as const) {
        for (const outcome of ["pass", "fail"] as const) {
            const dir = path.join(ROOT, level, `v${version}`, outcome);
            for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
                const name = file.replace(/\.yaml$/, "");
                out.push({ level, outcome, name, check: checkOf(name), pod: parse(readFileSync(path.join(dir, file), "utf8")) });
            }
        }
    }
    return out;
}

const CLUSTER_URN = "urn:pulumi:test::platform::aws:eks/cluster:Cluster::cluster";
const PROVIDER_URN = "urn:pulumi:test::platform::pulumi:providers:kubernetes::cluster-k8s";

/** A plan: an EKS cluster at `version`, the Kubernetes provider built from it, and every fixture as a Pod through that provider. */
function plan(version: string, list: Fixture[]) {
    const cluster = planResource({ type: "aws:eks/cluster:Cluster", name: "cluster", urn: CLUSTER_URN, inputs: { name: "cluster", version } });
    const provider = planResource({ type: "pulumi:providers:kubernetes", name: "cluster-k8s", urn: PROVIDER_URN, inputs: { kubeconfig: "{}" }, propertyDependencies: { kubeconfig: [CLUSTER_URN] }, dependencies: [CLUSTER_URN] });
    const pods = list.map((f) => {
        const name = `${f.level}-${f.outcome}-${f.name}`;
        return planResource({
            type: "kubernetes:core/v1:Pod",
            name,
            urn: `urn:pulumi:test::platform::kubernetes:core/v1:Pod::${name}`,
            provider: PROVIDER_URN,
            inputs: { ...f.pod, metadata: { ...f.pod.metadata, namespace: "fixtures" } },
        });
    });
    return [cluster, provider, ...pods];
}

const BASELINE_NAMES = podSecurityBaselinePolicies.map((p) => p.name);
const RESTRICTED_NAMES = podSecurityRestrictedPolicies.map((p) => p.name);

/** The counts upstream generates per version (1.34 added hostProbesAndHostLifecycle, 1.35 procMount_restricted and user-namespace passes). */
const EXPECTED_COUNTS: Record<string, number> = { "1.31": 128, "1.32": 128, "1.33": 128, "1.34": 144, "1.35": 148 };

describe("Pod Security Admission fixtures through the pack's policies", () => {
    it("are vendored for exactly the supported versions", () => {
        for (const level of ["baseline", "restricted"]) {
            expect(readdirSync(path.join(ROOT, level)).sort(), level).to.deep.equal(SUPPORTED_VERSIONS.map((v) => `v${v}`));
        }
    });

    for (const version of SUPPORTED_VERSIONS) {
        describe(`Kubernetes ${version}`, () => {
            const list = fixtures(version);
            let byPod: Map<string, Finding[]>;

            before(async () => {
                const pack = { name: "kubernetes-baseline", version: "0.0.0", policies: [...podSecurityBaselinePolicies, ...podSecurityRestrictedPolicies] };
                const e = await evaluatePack(pack, plan(version, list), { all: "mandatory" });
                byPod = new Map();
                for (const f of e.findings) {
                    const key = f.resourceName ?? "";
                    byPod.set(key, [...(byPod.get(key) ?? []), f]);
                }
                // Nothing stayed undecided: every finding is a mandatory violation.
                expect(e.findings.filter((f) => f.enforcementLevel !== "mandatory")).to.deep.equal([]);
            });

            const findingsOf = (f: Fixture, policies: string[]) => (byPod.get(`${f.level}-${f.outcome}-${f.name}`) ?? []).filter((x) => policies.includes(x.policy));

            it(`has the ${EXPECTED_COUNTS[version]} upstream fixtures, each fail fixture named after a known check`, () => {
                expect(list).to.have.length(EXPECTED_COUNTS[version]);
                expect(list.filter((f) => f.outcome === "fail" && !f.check).map((f) => f.name)).to.deep.equal([]);
                expect(list.filter((f) => f.outcome === "fail").length).to.be.greaterThan(50);
            });

            it("flags every baseline fail fixture by the baseline policy implementing its check", () => {
                const fails = list.filter((f) => f.level === "baseline" && f.outcome === "fail");
                expect(fails.length).to.be.greaterThan(20);
                const missed = fails.filter((f) => !findingsOf(f, BASELINE_NAMES).some((x) => x.controls.includes(`pss:baseline/${f.check}`)));
                expect(missed.map((f) => f.name)).to.deep.equal([]);
            });

            it("passes every baseline pass fixture through the baseline policies", () => {
                const passes = list.filter((f) => f.level === "baseline" && f.outcome === "pass");
                expect(passes.length).to.be.greaterThan(10);
                const flagged = passes.flatMap((f) => findingsOf(f, BASELINE_NAMES).map((x) => `${f.name}: ${x.policy}: ${x.message}`));
                expect(flagged).to.deep.equal([]);
            });

            it("flags every restricted fail fixture by the policy implementing its check (baseline checks by the baseline set)", () => {
                const fails = list.filter((f) => f.level === "restricted" && f.outcome === "fail");
                expect(fails.length).to.be.greaterThan(40);
                const missed = fails.filter((f) => {
                    const level = (BASELINE_CHECK_IDS as readonly string[]).includes(f.check!) ? "baseline" : "restricted";
                    return !findingsOf(f, [...BASELINE_NAMES, ...RESTRICTED_NAMES]).some((x) => x.controls.includes(`pss:${level}/${f.check}`));
                });
                expect(missed.map((f) => f.name)).to.deep.equal([]);
            });

            it("passes every restricted pass fixture through both sets", () => {
                const passes = list.filter((f) => f.level === "restricted" && f.outcome === "pass");
                expect(passes.length).to.be.greaterThan(15);
                const flagged = passes.flatMap((f) => findingsOf(f, [...BASELINE_NAMES, ...RESTRICTED_NAMES]).map((x) => `${f.name}: ${x.policy}: ${x.message}`));
                expect(flagged).to.deep.equal([]);
            });

            it("gives admission's verdict from the pure check table at each level (overrides applied)", () => {
                // At restricted, a baseline check a restricted one overrides is reported by the overriding check.
                const inForce = checksAt("restricted", version);
                const reportedAs = (level: Level, id: CheckId): CheckId[] =>
                    level === "baseline" ? [id] : [id, ...inForce.filter((c) => (c.revision.overrides ?? []).includes(id)).map((c) => c.check.id)];
                const wrong = list.filter((f) => {
                    const r = evaluatePod(f.pod, f.level, version);
                    return f.outcome === "pass" ? r.violations.length > 0 : !r.violations.some((v) => reportedAs(f.level, f.check!).includes(v.check));
                });
                expect(wrong.map((f) => `${f.level}/${f.outcome}/${f.name}`)).to.deep.equal([]);
            });
        });
    }
});
