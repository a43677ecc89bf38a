import { expect } from "chai";
import { fromRegistry, MicroserviceArgs, parseImageRef, validateMicroserviceArgs } from "../../../components/service";
import { ARGS, DIGEST, plan, REGISTRY } from "./fixtures";

const DNS = "is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
const PIN = "pin it by digest (@sha256:...) or by an immutable version tag";
const PORT = "is not in 1024..65535 (the container runs as a non-root user without capabilities and cannot bind a lower port)";
const SLO = { name: "availability", objective: 99.9, window: "30d" as const, sli: { type: "ratio" as const, good: 'http_requests_total{code!~"5.."}', total: "http_requests_total" } };
const CERT = "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab";

describe("validateMicroserviceArgs", () => {
    it("accepts the minimal args, a version tag and an image from a registry added to allowedRegistries", () => {
        expect(() => validateMicroserviceArgs(ARGS)).not.to.throw();
        expect(() => validateMicroserviceArgs({ ...ARGS, image: `${REGISTRY}payments/checkout:1.4.2` })).not.to.throw();
        expect(() => validateMicroserviceArgs({ ...ARGS, image: `${REGISTRY}payments/checkout:1.4.2@${DIGEST}` })).not.to.throw();
        expect(() => validateMicroserviceArgs({ ...ARGS, allowedRegistries: [REGISTRY, "333333333333.dkr.ecr.eu-west-1.amazonaws.com/mirror"], image: `333333333333.dkr.ecr.eu-west-1.amazonaws.com/mirror/checkout:2.0.0` })).not.to.throw();
    });

    const cases: [string, Partial<MicroserviceArgs> | Record<string, unknown>, string[]][] = [
        [
            "rejects an image from another registry",
            { image: "docker.io/library/nginx:1.27" },
            [`image: "docker.io/library/nginx:1.27" is not from an allowed registry (${REGISTRY}); push it to the platform registry`],
        ],
        [
            "rejects a host that only starts like the registry",
            { image: "222222222222.dkr.ecr.eu-west-1.amazonaws.com.evil.io/x:1" },
            [`image: "222222222222.dkr.ecr.eu-west-1.amazonaws.com.evil.io/x:1" is not from an allowed registry (${REGISTRY}); push it to the platform registry`],
        ],
        [
            "rejects an image from the platform registry when allowedRegistries replaces it",
            { allowedRegistries: ["333333333333.dkr.ecr.eu-west-1.amazonaws.com/"] },
            [`image: "${REGISTRY}payments/checkout@${DIGEST}" is not from an allowed registry (333333333333.dkr.ecr.eu-west-1.amazonaws.com/); push it to the platform registry`],
        ],
        ["rejects the latest tag", { image: `${REGISTRY}payments/checkout:latest` }, [`image: "${REGISTRY}payments/checkout:latest" uses the latest tag, which moves; ${PIN}`]],
        ["rejects an image with no tag", { image: `${REGISTRY}payments/checkout` }, [`image: "${REGISTRY}payments/checkout" has no tag or digest; ${PIN}`]],
        ["rejects a short digest", { image: `${REGISTRY}payments/checkout@sha256:abc` }, [`image: "${REGISTRY}payments/checkout@sha256:abc" has a digest that is not sha256:<64 hex digits>`]],
        ["rejects no resources", { resources: undefined }, ["resources: unset; requests.cpu, requests.memory and limits.memory are required"]],
        [
            "rejects missing requests and memory limit",
            { resources: { requests: { cpu: "lots" }, limits: {} } },
            [
                'resources.requests.cpu: "lots" is not a Kubernetes quantity (e.g. "250m", "1", "256Mi", "1Gi")',
                'resources.requests.memory: unset is required (a Kubernetes quantity, e.g. "250m", "1", "256Mi", "1Gi")',
                'resources.limits.memory: unset is required (a Kubernetes quantity, e.g. "250m", "1", "256Mi", "1Gi")',
            ],
        ],
        [
            "rejects a memory limit below the request",
            { resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "256Mi" } } },
            ['resources.limits.memory: "256Mi" is below resources.requests.memory "512Mi"; a limit must be at least the request'],
        ],
        [
            "rejects a CPU limit below the request",
            { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi", cpu: "500m" } } },
            ['resources.limits.cpu: "500m" is below resources.requests.cpu "1"; a limit must be at least the request'],
        ],
        ["rejects an SLO over 100", { slos: [{ ...SLO, objective: 100.5 }] }, ["slos[0].objective: 100.5 is not in (0, 100); give a percentage such as 99.9"]],
        ["rejects an SLO of 100", { slos: [{ ...SLO, objective: 100 }] }, ["slos[0].objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget"]],
        ["rejects an SLO window that is not a duration", { slos: [{ ...SLO, window: "monthly" }] }, ['slos[0].window: "monthly" is not a Prometheus duration; use one of "28d", "30d"']],
        ["rejects two SLOs with one name", { slos: [SLO, { ...SLO, objective: 99 }] }, ['slos[1].name: "availability" is used by another SLO of the service; SLO names must be unique']],
        ["rejects min replicas above max", { replicas: { min: 5, max: 3 } }, ["replicas.min: 5 is above replicas.max 3; set min <= max"]],
        ["rejects zero min replicas", { replicas: { min: 0, max: 3 } }, ["replicas.min: 0 is not in 1..100"]],
        ["rejects a privileged port", { port: 80 }, [`port: 80 ${PORT}`]],
        ["rejects a port out of range", { port: 70000 }, [`port: 70000 ${PORT}`]],
        ["rejects a metrics port that is also the service port", { metricsPort: 9090, servicePort: 9090 }, ["metricsPort: 9090 is also servicePort; the Service exposes both, so they must differ"]],
        ["rejects a name that is not a DNS label", { name: "Checkout_API" }, [`name: "Checkout_API" ${DNS}`]],
        ["rejects a reserved namespace as team", { team: "kube-system" }, ['team: "kube-system" is a reserved namespace; a service runs in its team\'s namespace']],
        [
            "rejects invalid env var names, names the platform sets and values that are not strings",
            { env: { "log-level": "debug", AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://x", RETRIES: 3 } },
            [
                'env.log-level: "debug" has a name that is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
                'env.AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://x" has a name the platform sets (AWS_CONTAINER_*, KUBERNETES_*); choose another name',
                "env.RETRIES: 3 is not a plain string; secrets go in `secrets` and are mounted as files",
            ],
        ],
        [
            "rejects awsPermissions with * actions, whole-service actions and NotAction",
            {
                awsPermissions: [
                    { Effect: "Allow", Action: "*", Resource: "*" },
                    { Effect: "Allow", Action: ["s3:GetObject", "s3:*"], Resource: "arn:aws:s3:::orders/*" },
                    { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
                ],
            },
            [
                'awsPermissions[0].Action: "*" grants every action; list the actions the service needs',
                'awsPermissions[1].Action: ["s3:GetObject","s3:*"] grants every action of s3; list the actions the service needs',
                'awsPermissions[2].NotAction: "iam:*" allows every action but the listed ones; list the actions the service needs in Action',
            ],
        ],
        [
            "rejects a principal in awsPermissions",
            { awsPermissions: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*", Principal: "*" }] },
            ['awsPermissions[0].Principal: "*" is not allowed in an identity policy; remove it'],
        ],
        ["rejects secret names that are not Secret names, and duplicates", { secrets: ["Bad_Name", "db", "db"] }, ['secrets[0]: "Bad_Name" is not a Kubernetes Secret name (a DNS subdomain)', 'secrets[2]: "db" is listed twice']],
        ["rejects a caller namespace that is not a DNS label", { callers: [{ namespace: "Store Front" }] }, [`callers[0].namespace: "Store Front" ${DNS}`]],
        [
            "rejects egress with both or neither destination, no ports, or a bad CIDR",
            { egress: [{ namespace: "ledger", cidr: "10.0.0.0/8", ports: [] }, { app: "x", ports: [443] }, { cidr: "10.0.0.0/33", ports: [443] }] },
            [
                'egress[0]: {"namespace":"ledger","cidr":"10.0.0.0/8","ports":[]} must set exactly one of namespace and cidr',
                "egress[0].ports: [] is empty; list the TCP ports the service calls",
                'egress[1]: {"app":"x","ports":[443]} must set exactly one of namespace and cidr',
                'egress[2].cidr: "10.0.0.0/33" is not a CIDR (e.g. "10.20.0.0/16")',
            ],
        ],
        [
            "rejects an ingress without a FQDN, an ACM certificate or the load balancer's subnets",
            { ingress: { host: "checkout", certificateArn: "arn:aws:iam::111111111111:server-certificate/x", sourceCidrs: ["0.0.0.0/0", "10.0.0/19"] } },
            [
                'ingress.host: "checkout" is not a fully qualified host name (e.g. "checkout.payments.example.com")',
                'ingress.certificateArn: "arn:aws:iam::111111111111:server-certificate/x" is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
                "ingress.sourceCidrs[0]: \"0.0.0.0/0\" admits every address; list the load balancer's subnets",
                'ingress.sourceCidrs[1]: "10.0.0/19" is not a CIDR (e.g. "10.20.0.0/19")',
            ],
        ],
        ["rejects an ingress with no source CIDRs", { ingress: { host: "checkout.example.com", certificateArn: CERT, sourceCidrs: [] } }, ["ingress.sourceCidrs: [] is empty; list the CIDRs of the subnets the load balancer runs in"]],
        ["rejects an account ID and region that are not AWS's", { accountId: "1234", region: "Europe" }, ['accountId: "1234" is not a 12-digit AWS account ID', 'region: "Europe" is not an AWS region (e.g. "eu-west-1")']],
        [
            "rejects relative probe and metrics paths and an autoscaling target of 100%",
            { probes: { readinessPath: "readyz" }, metricsPath: "", targetCpuUtilization: 100 },
            ['metricsPath: "" is not an absolute HTTP path (e.g. "/readyz")', 'probes.readinessPath: "readyz" is not an absolute HTTP path (e.g. "/readyz")', "targetCpuUtilization: 100 is not in 10..95"],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateMicroserviceArgs({ ...ARGS, ...change } as MicroserviceArgs))
                .to.throw()
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }

    it("collects every problem in one error naming the component", () => {
        expect(() => validateMicroserviceArgs({ ...ARGS, name: "Checkout", image: `${REGISTRY}payments/checkout:latest`, replicas: { min: 4, max: 2 } })).to.throw(
            [
                "invalid Microservice:",
                `  - name: "Checkout" ${DNS}`,
                `  - image: "${REGISTRY}payments/checkout:latest" uses the latest tag, which moves; ${PIN}`,
                "  - replicas.min: 4 is above replicas.max 2; set min <= max",
            ].join("\n"),
        );
    });

    it("is called by the component before any child is declared", async () => {
        let error: unknown;
        try {
            await plan({ ...ARGS, image: `${REGISTRY}payments/checkout` });
        } catch (e) {
            error = e;
        }
        expect(error).to.have.property("problems").that.deep.equals([`image: "${REGISTRY}payments/checkout" has no tag or digest; ${PIN}`]);
    });
});

describe("parseImageRef and fromRegistry", () => {
    for (const [image, ref] of [
        ["r.io/a/b:1.2.3", { repository: "r.io/a/b", tag: "1.2.3", digest: undefined }],
        ["r.io:5000/a/b", { repository: "r.io:5000/a/b", tag: undefined, digest: undefined }],
        ["r.io:5000/a/b:v1", { repository: "r.io:5000/a/b", tag: "v1", digest: undefined }],
        [`r.io/a/b@${DIGEST}`, { repository: "r.io/a/b", tag: undefined, digest: DIGEST }],
        [`r.io/a/b:1.0@${DIGEST}`, { repository: "r.io/a/b", tag: "1.0", digest: DIGEST }],
    ] as const) {
        it(`parses ${image}`, () => {
            expect(parseImageRef(image)).to.deep.equal(ref);
        });
    }

    it("matches a registry prefix by whole path components", () => {
        expect(fromRegistry(`${REGISTRY}payments/checkout:1`, REGISTRY)).to.equal(true);
        expect(fromRegistry(`${REGISTRY}payments/checkout:1`, REGISTRY.slice(0, -1))).to.equal(true);
        expect(fromRegistry(`${REGISTRY}payments/checkout:1`, `${REGISTRY}payments`)).to.equal(true);
        expect(fromRegistry(`${REGISTRY}payments-evil/checkout:1`, `${REGISTRY}payments`)).to.equal(false);
    });
});
