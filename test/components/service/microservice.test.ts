import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { TeamNamespace } from "../../../components/kubernetes/team-namespace";
import { renderSloRules } from "../../../components/observability/slo";
import { Microservice } from "../../../components/service";
import { iamPolicies } from "../../../policy-packs/aws-baseline/policies/iam";
import { kubernetesBaselinePolicies } from "../../../policy-packs/kubernetes-baseline/policies";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { declare, Declared, doc } from "../../support/harness";
import { ARGS, DIGEST, FULL, plan, REGISTRY } from "./fixtures";

const K8S_PROVIDER = "urn:pulumi:test::platform::pulumi:providers:kubernetes::k8s";
const T = {
    component: "platform:service:Microservice",
    sa: "kubernetes:core/v1:ServiceAccount",
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    monitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    rule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    configMap: "kubernetes:core/v1:ConfigMap",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    slo: "platform:observability:ServiceLevelObjective",
};


const LABELS = { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/part-of": "payments", "app.kubernetes.io/managed-by": "pulumi", "platform/team": "payments" };
const META = { name: "checkout", namespace: "payments", labels: LABELS };
const SELECTOR = { matchLabels: { "app.kubernetes.io/name": "checkout" } };
const nsPeer = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });

describe("Microservice", () => {
    let minimal: Declared;
    let full: Declared;
    before(async () => {
        minimal = await plan(ARGS);
        full = await plan(FULL);
    });
    const inputs = (p: Declared, type: string, name: string) => p.one(type, name).inputs as any;

    describe("inventory", () => {
        it("creates exactly the service account, deployment, service, autoscaler, disruption budget, network policy and service monitor", () => {
            expect(minimal.inventory((r) => !r.type.startsWith("pulumi:providers"))).to.deep.equal([
                `${T.deployment}::checkout`,
                `${T.hpa}::checkout-autoscaler`,
                `${T.service}::checkout-service`,
                `${T.sa}::checkout-service-account`,
                `${T.monitor}::checkout-service-monitor`,
                `${T.netpol}::checkout-network-policy`,
                `${T.pdb}::checkout-disruption-budget`,
                `${T.component}::checkout`,
            ]);
            const component = minimal.one(T.component, "checkout");
            expect(minimal.childrenOf(component)).to.have.length(7);
            for (const child of minimal.childrenOf(component)) {
                expect(child.provider, child.name).to.equal(K8S_PROVIDER);
            }
        });

        it("adds the Pod Identity role, one ServiceLevelObjective per SLO and the Ingress when asked", () => {
            expect(full.inventory((r) => !r.type.startsWith("pulumi:providers"))).to.deep.equal([
                "aws:eks/podIdentityAssociation:PodIdentityAssociation::checkout-aws",
                "aws:iam/role:Role::checkout-aws",
                "aws:iam/rolePolicy:RolePolicy::checkout-aws-policy",
                `${T.deployment}::checkout`,
                `${T.hpa}::checkout-autoscaler`,
                `${T.configMap}::checkout-slo-availability-dashboard`,
                `${T.configMap}::checkout-slo-latency-dashboard`,
                `${T.service}::checkout-service`,
                `${T.sa}::checkout-service-account`,
                `${T.rule}::checkout-slo-availability`,
                `${T.rule}::checkout-slo-latency`,
                `${T.monitor}::checkout-service-monitor`,
                `${T.ingress}::checkout-ingress`,
                `${T.netpol}::checkout-network-policy`,
                `${T.pdb}::checkout-disruption-budget`,
                "platform:cluster:PodIdentityRole::checkout-aws",
                `${T.slo}::checkout-slo-availability`,
                `${T.slo}::checkout-slo-latency`,
                `${T.component}::checkout`,
            ]);
            const component = full.one(T.component, "checkout");
            expect(full.childrenOf(component).map((r) => `${r.type}::${r.name}`)).to.have.members([
                `${T.sa}::checkout-service-account`,
                "platform:cluster:PodIdentityRole::checkout-aws",
                `${T.deployment}::checkout`,
                `${T.service}::checkout-service`,
                `${T.hpa}::checkout-autoscaler`,
                `${T.pdb}::checkout-disruption-budget`,
                `${T.netpol}::checkout-network-policy`,
                `${T.monitor}::checkout-service-monitor`,
                `${T.slo}::checkout-slo-availability`,
                `${T.slo}::checkout-slo-latency`,
                `${T.ingress}::checkout-ingress`,
            ]);
        });

        it("names, labels and namespaces every Kubernetes object after the service and team", () => {
            for (const r of full.resources.filter((x) => x.type.startsWith("kubernetes:") && ![T.rule, T.configMap].includes(x.type))) {
                const meta = (r.inputs as any).metadata;
                expect(meta.name, r.name).to.equal("checkout");
                expect(meta.namespace, r.name).to.equal("payments");
                expect(meta.labels, r.name).to.deep.include(LABELS);
            }
            for (const r of [...full.ofType(T.rule), ...full.ofType(T.configMap)]) {
                expect((r.inputs as any).metadata.namespace, r.name).to.equal("payments");
                expect((r.inputs as any).metadata.labels, r.name).to.deep.include({ "app.kubernetes.io/name": "checkout", "app.kubernetes.io/part-of": "payments", "platform/team": "payments" });
            }
        });
    });

    describe("workload", () => {
        it("runs as a dedicated service account that mounts no API token", () => {
            expect(inputs(minimal, T.sa, "checkout-service-account")).to.deep.include({ metadata: META, automountServiceAccountToken: false });
        });

        it("leaves the replica count to the autoscaler and rolls out without losing capacity", () => {
            const spec = inputs(minimal, T.deployment, "checkout").spec;
            expect(inputs(minimal, T.deployment, "checkout").metadata).to.deep.equal(META);
            expect(spec).not.to.have.property("replicas");
            expect(spec.revisionHistoryLimit).to.equal(5);
            expect(spec.selector).to.deep.equal(SELECTOR);
            expect(spec.strategy).to.deep.equal({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } });
            expect(spec.template.metadata).to.deep.equal({ labels: LABELS });
        });

        it("sets the pod spec's security settings to Pod Security restricted with a read-only root filesystem", () => {
            const pod = inputs(minimal, T.deployment, "checkout").spec.template.spec;
            expect(pod.serviceAccountName).to.equal("checkout");
            expect(pod.automountServiceAccountToken).to.equal(false);
            expect(pod.enableServiceLinks).to.equal(false);
            expect(pod.securityContext).to.deep.equal({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } });
            expect(pod.containers).to.have.length(1);
            expect(pod.containers[0].securityContext).to.deep.equal({
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 10001,
                runAsGroup: 10001,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            });
            expect(pod.containers[0].volumeMounts).to.deep.equal([{ name: "tmp", mountPath: "/tmp" }]);
            expect(pod.volumes).to.deep.equal([{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
            for (const key of ["hostNetwork", "hostPID", "hostIPC", "initContainers"]) {
                expect(pod, key).not.to.have.property(key);
            }
        });

        it("runs the pinned image with the requests and limits given and the HTTP port", () => {
            const c = inputs(minimal, T.deployment, "checkout").spec.template.spec.containers[0];
            expect(c.name).to.equal("checkout");
            expect(c.image).to.equal(`${REGISTRY}payments/checkout@${DIGEST}`);
            expect(c.imagePullPolicy).to.equal("IfNotPresent");
            expect(c.ports).to.deep.equal([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
            expect(c.resources).to.deep.equal({ requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } });
            expect(c.env).to.deep.equal([]);
            expect(c.lifecycle).to.deep.equal({ preStop: { sleep: { seconds: 10 } } });
            expect(inputs(minimal, T.deployment, "checkout").spec.template.spec.terminationGracePeriodSeconds).to.equal(40);
        });

        it("probes readiness, liveness and startup over HTTP on the default paths", () => {
            const c = inputs(minimal, T.deployment, "checkout").spec.template.spec.containers[0];
            expect(c.readinessProbe).to.deep.equal({ httpGet: { path: "/readyz", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 });
            expect(c.livenessProbe).to.deep.equal({ httpGet: { path: "/livez", port: "http", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6, successThreshold: 1 });
            expect(c.startupProbe).to.deep.equal({ httpGet: { path: "/livez", port: "http", scheme: "HTTP" }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1 });
        });

        it("takes probe paths and the startup budget from args", async () => {
            const p = await plan({ ...ARGS, probes: { readinessPath: "/health/ready", livenessPath: "/health/live", startupPath: "/health/started", startupSeconds: 300 } });
            const c = inputs(p, T.deployment, "checkout").spec.template.spec.containers[0];
            expect([c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path, c.startupProbe.httpGet.path, c.startupProbe.failureThreshold]).to.deep.equal(["/health/ready", "/health/live", "/health/started", 60]);
        });

        it("spreads pods across zones and hosts without blocking scheduling", () => {
            const spread = (key: string) => ({ maxSkew: 1, topologyKey: key, whenUnsatisfiable: "ScheduleAnyway", labelSelector: SELECTOR, matchLabelKeys: ["pod-template-hash"] });
            expect(inputs(minimal, T.deployment, "checkout").spec.template.spec.topologySpreadConstraints).to.deep.equal([spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")]);
        });

        it("passes plain env values in order and mounts each secret read-only as files, never as env values", () => {
            const pod = inputs(full, T.deployment, "checkout").spec.template.spec;
            const c = pod.containers[0];
            expect(c.env).to.deep.equal([
                { name: "LOG_LEVEL", value: "info" },
                { name: "PAYMENTS_API", value: "http://ledger.payments.svc" },
            ]);
            expect(c).not.to.have.property("envFrom");
            expect(c.volumeMounts).to.deep.equal([
                { name: "tmp", mountPath: "/tmp" },
                { name: "secret-0", mountPath: "/etc/secrets/checkout-db", readOnly: true },
                { name: "secret-1", mountPath: "/etc/secrets/checkout-stripe", readOnly: true },
            ]);
            expect(pod.volumes).to.deep.equal([
                { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                { name: "secret-0", secret: { secretName: "checkout-db", defaultMode: 0o440 } },
                { name: "secret-1", secret: { secretName: "checkout-stripe", defaultMode: 0o440 } },
            ]);
        });

        it("sets a CPU limit only when asked", async () => {
            const p = await plan({ ...ARGS, resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } } });
            expect(inputs(p, T.deployment, "checkout").spec.template.spec.containers[0].resources.limits).to.deep.equal({ cpu: "1", memory: "512Mi" });
        });
    });

    describe("service, scaling and disruption", () => {
        it("exposes the HTTP port on a ClusterIP Service on port 80", () => {
            expect(inputs(minimal, T.service, "checkout-service")).to.deep.include({
                metadata: META,
                spec: { type: "ClusterIP", selector: SELECTOR.matchLabels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
            });
        });

        it("scales the Deployment on CPU utilization between min and max replicas", () => {
            expect(inputs(minimal, T.hpa, "checkout-autoscaler")).to.deep.include({
                metadata: META,
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "checkout" },
                    minReplicas: 2,
                    maxReplicas: 6,
                    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
                },
            });
            const hpa = minimal.one(T.hpa, "checkout-autoscaler");
            expect(minimal.dependenciesOf(hpa).map((r) => r.name)).to.include("checkout");
        });

        it("allows one pod at a time to be disrupted, so a drain never blocks on a single replica", () => {
            expect(inputs(minimal, T.pdb, "checkout-disruption-budget")).to.deep.include({
                metadata: META,
                spec: { maxUnavailable: 1, selector: SELECTOR, unhealthyPodEvictionPolicy: "AlwaysAllow" },
            });
        });

        it("serves metrics on a port of its own when metricsPort differs", async () => {
            const p = await plan({ ...ARGS, metricsPort: 9090, metricsPath: "/internal/metrics", servicePort: 8443 });
            const c = inputs(p, T.deployment, "checkout").spec.template.spec.containers[0];
            expect(c.ports).to.deep.equal([
                { name: "http", containerPort: 8080, protocol: "TCP" },
                { name: "metrics", containerPort: 9090, protocol: "TCP" },
            ]);
            expect(inputs(p, T.service, "checkout-service").spec.ports).to.deep.equal([
                { name: "http", port: 8443, targetPort: "http", protocol: "TCP" },
                { name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" },
            ]);
            expect(inputs(p, T.monitor, "checkout-service-monitor").spec.endpoints).to.deep.equal([{ port: "metrics", path: "/internal/metrics", interval: "30s", scrapeTimeout: "10s" }]);
            expect(inputs(p, T.netpol, "checkout-network-policy").spec.ingress).to.deep.equal([{ from: [nsPeer("monitoring")], ports: [{ protocol: "TCP", port: 9090 }] }]);
        });
    });

    describe("network policy", () => {
        it("admits only the monitoring namespace on the metrics port when no caller is declared", () => {
            expect(inputs(minimal, T.netpol, "checkout-network-policy")).to.deep.include({
                metadata: META,
                spec: { podSelector: SELECTOR, policyTypes: ["Ingress"], ingress: [{ from: [nsPeer("monitoring")], ports: [{ protocol: "TCP", port: 8080 }] }] },
            });
        });

        it("admits the declared callers, monitoring and the load balancer's subnets, and allows the declared egress and the Pod Identity agent", () => {
            expect(inputs(full, T.netpol, "checkout-network-policy").spec).to.deep.equal({
                podSelector: SELECTOR,
                policyTypes: ["Ingress", "Egress"],
                ingress: [
                    { from: [{ ...nsPeer("storefront"), podSelector: { matchLabels: { "app.kubernetes.io/name": "web" } } }, nsPeer("mobile-bff")], ports: [{ protocol: "TCP", port: 8080 }] },
                    { from: [nsPeer("monitoring")], ports: [{ protocol: "TCP", port: 8080 }] },
                    { from: [{ ipBlock: { cidr: "10.20.0.0/19" } }, { ipBlock: { cidr: "10.20.32.0/19" } }], ports: [{ protocol: "TCP", port: 8080 }] },
                ],
                egress: [
                    { to: [{ ...nsPeer("ledger"), podSelector: { matchLabels: { "app.kubernetes.io/name": "ledger" } } }], ports: [{ protocol: "TCP", port: 8080 }] },
                    { to: [{ ipBlock: { cidr: "10.20.64.0/20" } }], ports: [{ protocol: "TCP", port: 5432 }] },
                    { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }], ports: [{ protocol: "TCP", port: 80 }] },
                ],
            });
        });

        it("never writes an ingress rule without sources, which would admit everyone", () => {
            for (const p of [minimal, full]) {
                for (const rule of inputs(p, T.netpol, "checkout-network-policy").spec.ingress) {
                    expect(rule.from).to.be.an("array").with.length.above(0);
                }
            }
        });

        it("admits the monitoring namespace given in args", async () => {
            const p = await plan({ ...ARGS, monitoringNamespace: "observability" });
            expect(inputs(p, T.netpol, "checkout-network-policy").spec.ingress[0].from).to.deep.equal([nsPeer("observability")]);
        });
    });

    describe("observability", () => {
        it("has Prometheus scrape the Service's metrics path every 30 seconds", () => {
            expect(inputs(minimal, T.monitor, "checkout-service-monitor")).to.deep.equal({
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { ...META, labels: { ...LABELS, release: "kube-prometheus-stack" } },
                spec: { selector: SELECTOR, namespaceSelector: { matchNames: ["payments"] }, endpoints: [{ port: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }] },
            });
        });

        it("renders each SLO as a PrometheusRule for the service, labelled with the team", () => {
            const rule = inputs(full, T.rule, "checkout-slo-availability");
            expect(rule.metadata.name).to.equal("slo-checkout-availability");
            expect(rule.metadata.labels.release).to.equal("kube-prometheus-stack");
            expect(rule.spec).to.deep.equal(renderSloRules({ ...FULL.slos![0], service: "checkout", labels: { team: "payments" } }));
            expect(inputs(full, T.rule, "checkout-slo-latency").spec.groups[0].rules[0].expr).to.equal(
                '1 - ((sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[5m])) or 0 * sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))) / sum(rate(http_request_duration_seconds_count{job="checkout"}[5m])))',
            );
        });

        it("files each SLO dashboard in the team's Grafana folder, in the team namespace", () => {
            expect(full.ofType(T.configMap).map((r) => [(r.inputs as any).metadata.name, (r.inputs as any).metadata.namespace, (r.inputs as any).metadata.annotations])).to.deep.equal([
                ["slo-checkout-availability-dashboard", "payments", { grafana_folder: "payments" }],
                ["slo-checkout-latency-dashboard", "payments", { grafana_folder: "payments" }],
            ]);
            for (const r of full.ofType(T.configMap)) {
                expect((r.inputs as any).metadata.labels.grafana_dashboard).to.equal("1");
            }
        });

        it("uses one release label for the ServiceMonitor and the rules", async () => {
            const p = await plan({ ...FULL, prometheusRelease: "prometheus" });
            expect(inputs(p, T.monitor, "checkout-service-monitor").metadata.labels.release).to.equal("prometheus");
            for (const r of p.ofType(T.rule)) {
                expect((r.inputs as any).metadata.labels.release).to.equal("prometheus");
            }
        });
    });

    describe("AWS access", () => {
        it("binds a Pod Identity role with the given statements to the service account, and creates the pods after it", () => {
            const association = full.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "checkout-aws").inputs;
            expect(association).to.deep.include({ clusterName: "dev", namespace: "payments", serviceAccount: "checkout" });
            expect(doc(full.one("aws:iam/rolePolicy:RolePolicy", "checkout-aws-policy").inputs.policy)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:eu-west-1:111111111111:orders" }],
            });
            expect(full.one("aws:iam/role:Role", "checkout-aws").inputs.tags).to.deep.equal({ "platform:service-account": "payments/checkout", "platform:team": "payments", "platform:service": "checkout" });
            const deployment = full.one(T.deployment, "checkout");
            expect(full.dependenciesOf(deployment).map((r) => `${r.type}::${r.name}`)).to.include("platform:cluster:PodIdentityRole::checkout-aws");
            // Pod Identity brings its own projected token: the pod still mounts no API token.
            expect((deployment.inputs as any).spec.template.spec.automountServiceAccountToken).to.equal(false);
        });

        it("creates no AWS resource without awsPermissions", () => {
            expect(minimal.resources.filter((r) => r.type.startsWith("aws:"))).to.have.length(0);
        });
    });

    describe("ingress", () => {
        it("creates an internal HTTPS-only ALB Ingress with pod IP targets and a TLS 1.3 policy", () => {
            const ing = inputs(full, T.ingress, "checkout-ingress");
            expect(ing.metadata).to.deep.equal({
                ...META,
                annotations: {
                    "alb.ingress.kubernetes.io/scheme": "internal",
                    "alb.ingress.kubernetes.io/target-type": "ip",
                    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
                    "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
                    "alb.ingress.kubernetes.io/ssl-redirect": "443",
                    "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
                    "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
                    "alb.ingress.kubernetes.io/load-balancer-attributes": "routing.http.drop_invalid_header_fields.enabled=true",
                },
            });
            expect(ing.spec).to.deep.equal({
                ingressClassName: "alb",
                rules: [{ host: "checkout.payments.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "checkout", port: { name: "http" } } } }] } }],
            });
        });

        it("makes the ALB internet-facing and joins an IngressGroup only when asked", async () => {
            const p = await plan({ ...ARGS, ingress: { ...FULL.ingress!, internal: false, group: "payments-public" } });
            const annotations = inputs(p, T.ingress, "checkout-ingress").metadata.annotations;
            expect(annotations["alb.ingress.kubernetes.io/scheme"]).to.equal("internet-facing");
            expect(annotations["alb.ingress.kubernetes.io/group.name"]).to.equal("payments-public");
        });
    });

    describe("outputs", () => {
        it("reports names and URLs", async () => {
            const out = await declare(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                const svc = new Microservice("checkout", FULL, { providers: [provider] });
                return { deploymentName: svc.deploymentName, serviceName: svc.serviceName, serviceAccountName: svc.serviceAccountName, internalUrl: svc.internalUrl, url: svc.url, namespaceName: svc.namespaceName };
            });
            expect(out.outputs).to.deep.equal({
                deploymentName: "checkout",
                serviceName: "checkout",
                serviceAccountName: "checkout",
                internalUrl: "http://checkout.payments.svc.cluster.local",
                url: "https://checkout.payments.example.com",
                namespaceName: "payments",
            });
        });
    });

    it("gives the in-cluster URL with the service port when it is not 80, and no URL without an ingress", async () => {
        const out = await declare(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            const svc = new Microservice("checkout", { ...ARGS, servicePort: 8443 }, { providers: [provider] });
            return { internalUrl: svc.internalUrl, url: svc.url ?? "none", roleArn: svc.roleArn ?? "none" };
        });
        expect(out.outputs).to.deep.equal({ internalUrl: "http://checkout.payments.svc.cluster.local:8443", url: "none", roleArn: "none" });
    });

    describe("policies", () => {
        it("passes every kubernetes-baseline policy with no mandatory or advisory finding, digest rule included", async () => {
            const pack = { name: "kubernetes-baseline", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: kubernetesBaselinePolicies };
            const config = { "allowed-registries": { allowedRegistries: [REGISTRY] } };
            for (const p of [minimal, full]) {
                const e = await evaluatePack(pack, p.resources, config);
                expect(e.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resourceName}: ${f.message}`)).to.deep.equal([]);
                const passedOnDeployment = new Set(e.checks.filter((c) => c.outcome === "pass" && c.urn.endsWith("Deployment::checkout")).map((c) => c.policy));
                // The rules a Deployment must pass really ran and passed (the pack may grow).
                expect([...passedOnDeployment]).to.include.members([
                    "allowed-registries",
                    "image-pinned",
                    "image-pinned-digest",
                    "no-default-namespace",
                    "probes",
                    "read-only-root-fs",
                    "resources-requests-limits",
                    "secrets-not-in-env",
                    "service-account-token",
                ]);
                // The Pod Security policies are stack policies (they read the cluster's version): they ran on this stack and passed.
                const passedOnStack = new Set(e.checks.filter((c) => c.outcome === "pass" && c.urn === "stack").map((c) => c.policy));
                expect([...passedOnStack]).to.include.members([
                    "baseline-misc",
                    "capabilities-restricted",
                    "no-host-namespaces-or-ports",
                    "no-hostpath",
                    "no-privilege-escalation",
                    "no-privileged",
                    "proc-mount-restricted",
                    "restricted-volume-types",
                    "run-as-non-root",
                    "seccomp-runtime-default",
                ]);
            }
        });

        it("passes with its team namespace, stack policies included, as a workload stack declares them", async () => {
            const p = await declare(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                const ns = new TeamNamespace("payments", { team: "payments" }, { providers: [provider] });
                new Microservice("checkout", FULL, { providers: [provider], dependsOn: [ns] });
            });
            const pack = { name: "kubernetes-baseline", version: "0.0.0", policies: kubernetesBaselinePolicies };
            const e = await evaluatePack(pack, p.resources, { "allowed-registries": { allowedRegistries: [REGISTRY] } });
            expect(e.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resourceName}: ${f.message}`)).to.deep.equal([]);
            expect(e.checks.filter((c) => c.policy === "namespace-guardrails" && c.outcome === "pass")).to.have.length.above(0);
        });

        it("gives the Pod Identity role no finding from the aws-baseline IAM policies", async () => {
            const pack = { name: "aws-baseline", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: iamPolicies };
            const e = await evaluatePack(pack, full.resources);
            expect(e.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resourceName}: ${f.message}`)).to.deep.equal([]);
            expect(e.checks.filter((c) => c.outcome === "pass").map((c) => c.urn.split("::").pop())).to.include("checkout-aws");
        });

        it("fails allowed-registries when the stack admits only another registry", async () => {
            const pack = { name: "kubernetes-baseline", version: "0.0.0", policies: kubernetesBaselinePolicies };
            const e = await evaluatePack(pack, minimal.resources, { "allowed-registries": { allowedRegistries: ["333333333333.dkr.ecr.eu-west-1.amazonaws.com/"] } });
            expect(e.findings.map((f) => `${f.policy} ${f.resourceName}`)).to.deep.equal(["allowed-registries checkout"]);
        });
    });
});
