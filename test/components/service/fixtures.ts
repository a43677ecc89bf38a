import * as k8s from "@pulumi/kubernetes";
import { Microservice, MicroserviceArgs } from "../../../components/service";
import { declare, Declared } from "../../support/harness";

export const REGISTRY = "222222222222.dkr.ecr.eu-west-1.amazonaws.com/";
export const DIGEST = "sha256:4f2a8c1e9b7d3a6f5e0c8b2d1a9e7f6c5b4a3d2e1f0a9b8c7d6e5f4a3b2c1d0e";

/** The smallest valid Microservice: what every case below starts from. */
export const ARGS: MicroserviceArgs = {
    name: "checkout",
    team: "payments",
    image: `${REGISTRY}payments/checkout@${DIGEST}`,
    platformRegistry: REGISTRY,
    port: 8080,
    replicas: { min: 2, max: 6 },
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    clusterName: "dev",
    accountId: "111111111111",
    region: "eu-west-1",
};

/** Every optional feature on. */
export const FULL: MicroserviceArgs = {
    ...ARGS,
    env: { LOG_LEVEL: "info", PAYMENTS_API: "http://ledger.payments.svc" },
    secrets: ["checkout-db", "checkout-stripe"],
    slos: [
        { name: "availability", objective: 99.9, window: "30d", sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' } },
        { name: "latency", objective: 99, window: "30d", sli: { type: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 0.3, selector: 'job="checkout"', buckets: [0.1, 0.3, 1] } },
    ],
    awsPermissions: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:eu-west-1:111111111111:orders" }],
    callers: [{ namespace: "storefront", app: "web" }, { namespace: "mobile-bff" }],
    egress: [
        { namespace: "ledger", app: "ledger", ports: [8080] },
        { cidr: "10.20.64.0/20", ports: [5432] },
    ],
    ingress: { host: "checkout.payments.example.com", certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab", sourceCidrs: ["10.20.0.0/19", "10.20.32.0/19"] },
};

export function plan(args: MicroserviceArgs): Promise<Declared> {
    return declare(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        new Microservice("checkout", args, { providers: [provider] });
    });
}
