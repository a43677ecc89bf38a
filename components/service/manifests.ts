import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE_NAME_LABEL, NetworkPolicyPeer, NetworkPolicySpec } from "../kubernetes/guardrails";
import { Caller, Egress, ResolvedMicroserviceArgs } from "./args";

/**
 * The Kubernetes specs of a Microservice as pure functions of its resolved args, so that every
 * security-relevant field can be tested without mocks and read in one place.
 */

/** UID and GID the container runs as: not root, and above the range base images give system users. */
export const RUN_AS_USER = 10001;

/** Size cap of the writable `/tmp` (the root filesystem is read-only). */
export const TMP_SIZE_LIMIT = "256Mi";

/** Where each Secret in `secrets` is mounted: `/etc/secrets/<secret name>/<key>`. */
export const SECRETS_ROOT = "/etc/secrets";

/**
 * Seconds a terminating pod keeps serving: the ALB deregisters a pod IP target only after the
 * endpoint disappears, and requests already routed to it must still be answered.
 */
export const PRE_STOP_SLEEP_SECONDS = 10;

/** The EKS Pod Identity agent's link-local address (IPv4 and IPv6), port 80, on every node. */
export const POD_IDENTITY_AGENT_CIDRS = ["169.254.170.23/32", "fd00:ec2::23/128"];

/** The TLS policy of the HTTPS listener: TLS 1.3 and 1.2 with forward secrecy only. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export const HTTP_PORT_NAME = "http";
export const METRICS_PORT_NAME = "metrics";

type Args = ResolvedMicroserviceArgs;

/** Labels of every object of the service. */
export function serviceLabels(a: Pick<Args, "name" | "team" | "partOf">): Record<string, string> {
    return {
        "app.kubernetes.io/name": a.name,
        "app.kubernetes.io/part-of": a.partOf,
        "app.kubernetes.io/managed-by": "pulumi",
        "platform/team": a.team,
    };
}

/** The labels that select the service's pods (immutable on a Deployment: never add to them). */
export function selectorLabels(a: Pick<Args, "name">): Record<string, string> {
    return { "app.kubernetes.io/name": a.name };
}

/** True when metrics are served on a port of their own. */
export function separateMetricsPort(a: Pick<Args, "port" | "metricsPort">): boolean {
    return a.metricsPort !== a.port;
}

export function podSecurityContext(): k8s.types.input.core.v1.PodSecurityContext {
    return { runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER, seccompProfile: { type: "RuntimeDefault" } };
}

/** Pod Security Standard "restricted", plus a read-only root filesystem. */
export function containerSecurityContext(): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: RUN_AS_USER,
        runAsGroup: RUN_AS_USER,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function probes(a: Pick<Args, "probes">): Pick<k8s.types.input.core.v1.Container, "readinessProbe" | "livenessProbe" | "startupProbe"> {
    const get = (path: string) => ({ path, port: HTTP_PORT_NAME, scheme: "HTTP" });
    return {
        // Readiness reacts fast (30 s to leave the endpoints); liveness is slower to restart a pod
        // (60 s), so that a dependency outage takes pods out of rotation without a restart storm.
        readinessProbe: { httpGet: get(a.probes.readinessPath), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
        livenessProbe: { httpGet: get(a.probes.livenessPath), periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6, successThreshold: 1 },
        startupProbe: { httpGet: get(a.probes.startupPath), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: Math.ceil(a.probes.startupSeconds / 5), successThreshold: 1 },
    };
}

export function topologySpread(a: Pick<Args, "name">): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    // ScheduleAnyway: a zone outage or a full node must not stop scaling; the scheduler still
    // prefers the spread. matchLabelKeys spreads each rollout's pods, not old and new together.
    const spread = (topologyKey: string) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selectorLabels(a) },
        matchLabelKeys: ["pod-template-hash"],
    });
    return [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")];
}

export function container(a: Args): k8s.types.input.core.v1.Container {
    const ports: k8s.types.input.core.v1.ContainerPort[] = [{ name: HTTP_PORT_NAME, containerPort: a.port, protocol: "TCP" }];
    if (separateMetricsPort(a)) {
        ports.push({ name: METRICS_PORT_NAME, containerPort: a.metricsPort, protocol: "TCP" });
    }
    const limits: Record<string, string> = { memory: a.resources.limits.memory };
    if (a.resources.limits.cpu !== undefined) {
        limits.cpu = a.resources.limits.cpu;
    }
    return {
        name: a.name,
        image: a.image,
        imagePullPolicy: "IfNotPresent",
        ports,
        env: Object.entries(a.env).map(([name, value]) => ({ name, value })),
        resources: { requests: { cpu: a.resources.requests.cpu, memory: a.resources.requests.memory }, limits },
        securityContext: containerSecurityContext(),
        ...probes(a),
        lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
        volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            ...a.secrets.map((s, i) => ({ name: `secret-${i}`, mountPath: `${SECRETS_ROOT}/${s}`, readOnly: true })),
        ],
    };
}

export function podSpec(a: Args, serviceAccountName: pulumi.Input<string>): k8s.types.input.core.v1.PodSpec {
    return {
        serviceAccountName,
        // Pod Identity needs no API token: its webhook adds its own projected token volume.
        automountServiceAccountToken: false,
        // No `<SERVICE>_PORT` variables for every Service of the namespace in the environment.
        enableServiceLinks: false,
        securityContext: podSecurityContext(),
        terminationGracePeriodSeconds: 30 + PRE_STOP_SLEEP_SECONDS,
        containers: [container(a)],
        volumes: [
            { name: "tmp", emptyDir: { sizeLimit: TMP_SIZE_LIMIT } },
            // 0440 with fsGroup: readable by the app's group, by nobody else.
            ...a.secrets.map((s, i) => ({ name: `secret-${i}`, secret: { secretName: s, defaultMode: 0o440 } })),
        ],
        topologySpreadConstraints: topologySpread(a),
    };
}

/** No `replicas`: the HorizontalPodAutoscaler owns the count, and an update must not reset it. */
export function deploymentSpec(a: Args, serviceAccountName: pulumi.Input<string>): k8s.types.input.apps.v1.DeploymentSpec {
    return {
        revisionHistoryLimit: a.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(a) },
        // Never below the serving capacity during a rollout.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        template: { metadata: { labels: serviceLabels(a) }, spec: podSpec(a, serviceAccountName) },
    };
}

export function serviceSpec(a: Args): k8s.types.input.core.v1.ServiceSpec {
    const ports: k8s.types.input.core.v1.ServicePort[] = [{ name: HTTP_PORT_NAME, port: a.servicePort, targetPort: HTTP_PORT_NAME, protocol: "TCP" }];
    if (separateMetricsPort(a)) {
        ports.push({ name: METRICS_PORT_NAME, port: a.metricsPort, targetPort: METRICS_PORT_NAME, protocol: "TCP" });
    }
    return { type: "ClusterIP", selector: selectorLabels(a), ports };
}

export function autoscalerSpec(a: Args, deploymentName: pulumi.Input<string>): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deploymentName },
        minReplicas: a.replicas.min,
        maxReplicas: a.replicas.max,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: a.targetCpuUtilization } } }],
    };
}

/**
 * maxUnavailable 1 instead of minAvailable 1: with one replica, minAvailable would block every
 * node drain forever. AlwaysAllow lets a drain evict pods that are not ready anyway.
 */
export function disruptionBudgetSpec(a: Args): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return { maxUnavailable: 1, selector: { matchLabels: selectorLabels(a) }, unhealthyPodEvictionPolicy: "AlwaysAllow" };
}

function namespacePeer(namespace: string, app?: string): NetworkPolicyPeer {
    const peer: NetworkPolicyPeer = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
    if (app !== undefined) {
        peer.podSelector = { matchLabels: { "app.kubernetes.io/name": app } };
    }
    return peer;
}

function egressRule(e: Egress): NonNullable<NetworkPolicySpec["egress"]>[number] {
    const to = e.cidr !== undefined ? [{ ipBlock: { cidr: e.cidr } }] : [namespacePeer(e.namespace!, e.app)];
    return { to, ports: e.ports.map((port) => ({ protocol: "TCP", port })) };
}

/**
 * What may reach the pods and what they may reach, on top of the team namespace's default deny
 * (NetworkPolicies add up: the namespace's own pods stay allowed by its allow-same-namespace).
 * A rule with no `from` would admit everyone, so a list that is empty gives no rule at all.
 */
export function networkPolicySpec(a: Args): NetworkPolicySpec {
    const ingress: NonNullable<NetworkPolicySpec["ingress"]> = [];
    const tcp = (port: number) => [{ protocol: "TCP" as const, port }];
    if (a.callers.length > 0) {
        ingress.push({ from: a.callers.map((c: Caller) => namespacePeer(c.namespace, c.app)), ports: tcp(a.port) });
    }
    ingress.push({ from: [namespacePeer(a.monitoringNamespace)], ports: tcp(a.metricsPort) });
    if (a.ingress !== undefined) {
        // Pod IP targets: the ALB connects from its own ENIs in these subnets (traffic and health checks).
        ingress.push({ from: a.ingress.sourceCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(a.port) });
    }
    const egress: NonNullable<NetworkPolicySpec["egress"]> = a.egress.map(egressRule);
    if (a.awsPermissions.length > 0) {
        egress.push({ to: POD_IDENTITY_AGENT_CIDRS.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(80) });
    }
    const spec: NetworkPolicySpec = { podSelector: { matchLabels: selectorLabels(a) }, policyTypes: egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"], ingress };
    if (egress.length > 0) {
        spec.egress = egress;
    }
    return spec;
}

/** Annotations of the AWS Load Balancer Controller for an HTTPS-only ALB with pod IP targets. */
export function ingressAnnotations(a: Args): Record<string, string> {
    const ing = a.ingress!;
    const annotations: Record<string, string> = {
        "alb.ingress.kubernetes.io/scheme": ing.internal ? "internal" : "internet-facing",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
        "alb.ingress.kubernetes.io/certificate-arn": ing.certificateArn,
        // No HTTP listener here; if a group adds one, it only redirects.
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/healthcheck-path": a.probes.readinessPath,
        // FSBP ELB.4: drop requests with invalid header fields (request smuggling).
        "alb.ingress.kubernetes.io/load-balancer-attributes": "routing.http.drop_invalid_header_fields.enabled=true",
    };
    if (ing.group !== undefined) {
        annotations["alb.ingress.kubernetes.io/group.name"] = ing.group;
    }
    return annotations;
}

export function ingressSpec(a: Args, serviceName: pulumi.Input<string>): k8s.types.input.networking.v1.IngressSpec {
    return {
        ingressClassName: "alb",
        rules: [
            {
                host: a.ingress!.host,
                http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: serviceName, port: { name: HTTP_PORT_NAME } } } }] },
            },
        ],
    };
}

/** The ServiceMonitor's spec: Prometheus scrapes the Service's metrics port (job label = Service name). */
export function serviceMonitorSpec(a: Args): Record<string, unknown> {
    return {
        selector: { matchLabels: selectorLabels(a) },
        namespaceSelector: { matchNames: [a.team] },
        endpoints: [{ port: separateMetricsPort(a) ? METRICS_PORT_NAME : HTTP_PORT_NAME, path: a.metricsPath, interval: "30s", scrapeTimeout: "10s" }],
    };
}
