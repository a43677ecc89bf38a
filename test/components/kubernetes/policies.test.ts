import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { PlatformAddons } from "../../../components/kubernetes/addons";
import { TeamNamespace } from "../../../components/kubernetes/team-namespace";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { declare } from "../../support/harness";

describe("kubernetes components against the kubernetes-baseline pack", () => {
    it("produce no finding, mandatory or advisory, with default settings", async () => {
        const plan = await declare(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            new PlatformAddons(
                "dev",
                {
                    clusterName: "dev",
                    region: "eu-west-1",
                    accountId: "111111111111",
                    vpcId: "vpc-0abc",
                    ebsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/ebs",
                    hostedZoneIds: ["Z0AAAAAAAAAAAA"],
                },
                { provider },
            );
            new TeamNamespace("payments", { team: "payments", viewers: true, ingressControllerNamespace: "ingress" }, { provider });
        });
        const pack = { name: "kubernetes-baseline", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: kubernetesBaselinePolicies };
        const e = await evaluatePack(pack, plan.resources);
        expect(e.findings.map((f) => `${f.policy} ${f.resourceName}: ${f.message}`)).to.deep.equal([]);
        // The rules that matter here really ran (passed), rather than finding nothing to check.
        const passed = new Set(e.checks.filter((c) => c.outcome === "pass").map((c) => c.policy));
        expect([...passed]).to.include.members(["namespace-guardrails", "rbac-least-privilege", "no-default-namespace", "service-account-token"]);
    });

    it("flags the explicit allowSecrets option: developers who may read Secrets (CIS EKS 4.1.2)", async () => {
        const plan = await declare(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            new TeamNamespace("payments", { team: "payments", viewers: true, allowSecrets: true, ingressControllerNamespace: "ingress" }, { provider });
        });
        const pack = { name: "kubernetes-baseline", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: kubernetesBaselinePolicies };
        const e = await evaluatePack(pack, plan.resources);
        expect(e.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resourceName}`)).to.deep.equal(["mandatory rbac-secrets-access payments-developer"]);
    });
});
