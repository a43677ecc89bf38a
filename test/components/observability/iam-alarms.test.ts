import { expect } from "chai";
import {
    AlertingRule,
    alarmTopicPolicy,
    ampRemoteWritePolicy,
    DEFAULT_ALARM_THRESHOLDS,
    fluentBitStatements,
    nodeLogGroupName,
    platformAlarms,
    platformSloSpecs,
    renderSloRules,
    SloSpec,
    validateSloSpec,
    workloadLogGroupName,
} from "../../../components/observability";
import { validatePodIdentityRoleArgs } from "../../../components/cluster/pod-identity";
import { otelCollectorStatements, prometheusGuardStatements } from "../../../components/observability/iam";

describe("observability IAM", () => {
    it("names log groups per namespace and for nodes", () => {
        expect([workloadLogGroupName("dev", "payments"), nodeLogGroupName("dev")]).to.deep.equal(["/aws/eks/dev/workloads/payments", "/aws/eks/dev/nodes"]);
    });

    it("scopes Fluent Bit to the given log groups and their streams, in the region's partition", () => {
        expect(fluentBitStatements("cn-north-1", "111111111111", ["/aws/eks/dev/nodes"])).to.deep.equal([
            {
                Sid: "ShipToPlatformLogGroups",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: ["arn:aws-cn:logs:cn-north-1:111111111111:log-group:/aws/eks/dev/nodes", "arn:aws-cn:logs:cn-north-1:111111111111:log-group:/aws/eks/dev/nodes:log-stream:*"],
            },
        ]);
    });

    it("gives each workload statements PodIdentityRole accepts (no wildcard actions)", () => {
        for (const statements of [fluentBitStatements("eu-west-1", "111111111111", ["/aws/eks/dev/nodes"]), otelCollectorStatements(), prometheusGuardStatements()]) {
            expect(() => validatePodIdentityRoleArgs({ clusterName: "dev", namespace: "monitoring", serviceAccount: "sa", accountId: "111111111111", region: "eu-west-1", statements })).to.not.throw();
        }
    });

    it("allows remote write to one workspace only", () => {
        expect(ampRemoteWritePolicy("arn:aws:aps:eu-west-1:111111111111:workspace/ws-1")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "RemoteWriteToWorkspace", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: "arn:aws:aps:eu-west-1:111111111111:workspace/ws-1" }],
        });
    });

    it("lets only CloudWatch alarms of the account and region publish to the topic, over TLS", () => {
        const policy = alarmTopicPolicy("arn:aws-us-gov:sns:us-gov-west-1:111111111111:dev-alarms", "us-gov-west-1", "111111111111");
        expect(policy.Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnLike: { "aws:SourceArn": "arn:aws-us-gov:cloudwatch:us-gov-west-1:111111111111:alarm:*" },
        });
        expect(policy.Statement[0].Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
        expect(policy.Statement[1]).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    });
});

describe("platformAlarms", () => {
    it("has the EKS alarms always, NAT alarms per gateway and TGW alarms only with an attachment", () => {
        const roles = (natGatewayIds: string[], tgw: boolean) =>
            platformAlarms({
                clusterName: "dev",
                natGatewayIds,
                transitGatewayId: tgw ? "tgw-1" : undefined,
                transitGatewayAttachmentId: tgw ? "tgw-attach-1" : undefined,
                thresholds: DEFAULT_ALARM_THRESHOLDS,
            }).map((a) => a.role);
        expect(roles([], false)).to.deep.equal(["apiserver-5xx", "apiserver-throttled", "apiserver-storage"]);
        expect(roles(["nat-a", "nat-b"], true)).to.deep.equal([
            "nat-0-port-allocation",
            "nat-0-packets-dropped",
            "nat-1-port-allocation",
            "nat-1-packets-dropped",
            "apiserver-5xx",
            "apiserver-throttled",
            "apiserver-storage",
            "tgw-blackhole-drops",
            "tgw-no-route-drops",
        ]);
    });

    it("puts the etcd size threshold at 80% of EKS's 8 GiB limit", () => {
        expect(DEFAULT_ALARM_THRESHOLDS.apiServerStorageBytes).to.equal(Math.floor(0.8 * 8 * 2 ** 30));
    });
});

describe("platformSloSpecs", () => {
    it("defines valid API server and CoreDNS SLOs, and an ingress SLO only when given an SLI", () => {
        const specs = platformSloSpecs();
        expect(specs.map((s) => [s.service, s.name, s.objective, s.window, s.sli.type])).to.deep.equal([
            ["kube-apiserver", "availability", 99.9, "30d", "ratio"],
            ["kube-apiserver", "latency", 99, "30d", "latency"],
            ["coredns", "availability", 99.9, "30d", "ratio"],
            ["coredns", "latency", 99, "30d", "latency"],
        ]);
        for (const s of specs) {
            expect(() => validateSloSpec(s), `${s.service} ${s.name}`).to.not.throw();
            expect(s.labels).to.deep.equal({ team: "platform" });
        }
        const withIngress = platformSloSpecs({ type: "ratio", good: 'nginx_ingress_controller_requests{status!~"5.."}', total: "nginx_ingress_controller_requests" });
        expect(withIngress.map((s) => `${s.service}/${s.name}`)).to.include("ingress/availability");
    });

    it("counts CoreDNS SERVFAIL answers and slow API requests as bad events", () => {
        const [, apiLatency, dns, dnsLatency] = platformSloSpecs();
        expect(renderSloRules(dns).groups[0].rules[0]).to.deep.include({
            expr: '1 - ((sum(rate(coredns_dns_responses_total{job="coredns",rcode!="SERVFAIL"}[5m])) or 0 * sum(rate(coredns_dns_responses_total{job="coredns"}[5m]))) / sum(rate(coredns_dns_responses_total{job="coredns"}[5m])))',
        });
        expect(renderSloRules(dnsLatency).groups[0].rules[0]).to.deep.include({
            expr: '1 - ((sum(rate(coredns_dns_request_duration_seconds_bucket{job="coredns",le="0.256"}[5m])) or 0 * sum(rate(coredns_dns_request_duration_seconds_count{job="coredns"}[5m]))) / sum(rate(coredns_dns_request_duration_seconds_count{job="coredns"}[5m])))',
        });
        expect(renderSloRules(apiLatency).groups[0].rules[0].expr).to.equal(
            '1 - ((sum(rate(apiserver_request_duration_seconds_bucket{job="apiserver",verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"log|exec|portforward|attach|proxy",le="1.0"}[5m])) or 0 * sum(rate(apiserver_request_duration_seconds_count{job="apiserver",verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"log|exec|portforward|attach|proxy"}[5m]))) / sum(rate(apiserver_request_duration_seconds_count{job="apiserver",verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"log|exec|portforward|attach|proxy"}[5m])))',
        );
    });

    it("declares the API server's and CoreDNS's own buckets, which contain the thresholds", () => {
        const [, apiLatency, , dnsLatency] = platformSloSpecs();
        expect(apiLatency.sli).to.deep.include({ thresholdSeconds: 1, buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60] });
        expect(dnsLatency.sli).to.deep.include({
            thresholdSeconds: 0.256,
            buckets: [0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192],
        });
    });

    it("watches the up series of the API server's and CoreDNS's jobs, and the ingress counter when its selector names no job", () => {
        const targetDown = (s: SloSpec) => (renderSloRules(s).groups[2].rules as AlertingRule[]).find((r) => r.alert === "SloTargetDown")!.expr;
        const specs = platformSloSpecs({ type: "ratio", good: 'nginx_ingress_controller_requests{status!~"5.."}', total: "nginx_ingress_controller_requests" });
        expect(specs.map(targetDown)).to.deep.equal([
            'absent(up{job="apiserver"} == 1)',
            'absent(up{job="apiserver"} == 1)',
            'absent(up{job="coredns"} == 1)',
            'absent(up{job="coredns"} == 1)',
            "absent(nginx_ingress_controller_requests)",
        ]);
    });
});
