import { expect } from "chai";
import { externalDnsStatements, LB_CONTROLLER_POLICY, lbControllerStatements } from "../../../components/kubernetes/iam";
import { parseQuantity } from "../../../components/kubernetes/quantity";
import { CHARTS } from "../../../components/kubernetes/versions";
import { validatePodIdentityRoleArgs } from "../../../components/cluster/pod-identity";

describe("kubernetes helpers", () => {
    describe("parseQuantity", () => {
        const ok: [string, number][] = [
            ["2", 2],
            ["500m", 0.5],
            ["1.5", 1.5],
            ["128Mi", 128 * 2 ** 20],
            ["4Gi", 4 * 2 ** 30],
            ["1G", 1e9],
            ["1e3", 1000],
            ["100k", 1e5],
            [".5", 0.5],
        ];
        for (const [text, value] of ok) {
            it(`reads ${text}`, () => expect(parseQuantity(text)).to.equal(value));
        }
        for (const bad of ["", "two", "1.5.1", "-1", "1gi", "1 Gi", "Gi", "1Kb"]) {
            it(`rejects ${JSON.stringify(bad)}`, () => expect(parseQuantity(bad)).to.equal(undefined));
        }
        it("rejects a number that is not text", () => expect(parseQuantity(2)).to.equal(undefined));
    });

    describe("chart pins", () => {
        it("pins every chart to an exact version from its project's repository", () => {
            expect(Object.values(CHARTS).map((c) => [c.chart, c.repo])).to.deep.equal([
                ["aws-load-balancer-controller", "https://aws.github.io/eks-charts"],
                ["cert-manager", "https://charts.jetstack.io"],
                ["external-dns", "https://kubernetes-sigs.github.io/external-dns/"],
                ["metrics-server", "https://kubernetes-sigs.github.io/metrics-server/"],
                ["kyverno", "https://kyverno.github.io/kyverno/"],
            ]);
            for (const c of Object.values(CHARTS)) {
                expect(c.version, c.chart).to.match(/^v?\d+\.\d+\.\d+$/);
            }
        });
    });

    describe("IAM statements", () => {
        it("passes PodIdentityRole's own checks (no `*` action, no service:* on every resource)", () => {
            const base = { clusterName: "dev", namespace: "kube-system", serviceAccount: "sa", accountId: "111111111111", region: "eu-west-1" };
            expect(() => validatePodIdentityRoleArgs({ ...base, statements: lbControllerStatements("aws") })).not.to.throw();
            expect(() => validatePodIdentityRoleArgs({ ...base, statements: externalDnsStatements(["Z1"], "aws") })).not.to.throw();
        });

        it("keeps upstream's controller policy: 16 statements, 86 action grants, writes conditioned on the cluster tag", () => {
            expect(LB_CONTROLLER_POLICY.Version).to.equal("2012-10-17");
            expect(LB_CONTROLLER_POLICY.Statement).to.have.length(16);
            expect(LB_CONTROLLER_POLICY.Statement.flatMap((s) => ([] as string[]).concat(s.Action ?? []))).to.have.length(86);
            const deletes = LB_CONTROLLER_POLICY.Statement.filter((s) => ([] as string[]).concat(s.Action ?? []).some((a) => /:Delete(SecurityGroup|LoadBalancer|TargetGroup)$/.test(a)));
            for (const s of deletes) {
                expect(s.Condition, JSON.stringify(s.Action)).to.deep.equal({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
            }
        });

        it("writes load balancer controller ARNs in the given partition", () => {
            const arns = JSON.stringify(lbControllerStatements("aws-us-gov")).match(/arn:[a-z-]+:/g) ?? [];
            expect(arns.length).to.be.greaterThan(0);
            expect([...new Set(arns)]).to.deep.equal(["arn:aws-us-gov:"]);
        });

        it("limits the controller's writes to resources tagged for the cluster", () => {
            const tagged = lbControllerStatements("aws").filter((s) => ([] as string[]).concat(s.Action ?? []).includes("elasticloadbalancing:DeleteLoadBalancer"));
            expect(tagged).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: [
                        "elasticloadbalancing:ModifyLoadBalancerAttributes",
                        "elasticloadbalancing:SetIpAddressType",
                        "elasticloadbalancing:SetSecurityGroups",
                        "elasticloadbalancing:SetSubnets",
                        "elasticloadbalancing:DeleteLoadBalancer",
                        "elasticloadbalancing:ModifyTargetGroup",
                        "elasticloadbalancing:ModifyTargetGroupAttributes",
                        "elasticloadbalancing:DeleteTargetGroup",
                        "elasticloadbalancing:ModifyListenerAttributes",
                        "elasticloadbalancing:ModifyCapacityReservation",
                        "elasticloadbalancing:ModifyIpPools",
                    ],
                    Resource: "*",
                    Condition: { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
                },
            ]);
        });

        it("scopes ExternalDNS record changes to one ARN per zone", () => {
            expect(externalDnsStatements(["Z1", "Z2"], "aws")[0].Resource).to.deep.equal(["arn:aws:route53:::hostedzone/Z1", "arn:aws:route53:::hostedzone/Z2"]);
        });
    });
});
