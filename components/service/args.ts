import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "../common";
import { DEFAULT_PROMETHEUS_RELEASE, SloSpec } from "../observability/slo";

/** An SLO of the service: the `service` is the Microservice's name. */
export type MicroserviceSlo = Omit<SloSpec, "service">;

/** Pods allowed to call the service: every pod of a namespace, or only one app's pods in it. */
export interface Caller {
    /** Namespace of the callers (a DNS label). */
    namespace: string;
    /** `app.kubernetes.io/name` of the calling pods. @default every pod of the namespace */
    app?: string;
}

/** A destination outside the team namespace the service calls (the namespace default-denies egress). */
export interface Egress {
    /** In-cluster destination namespace; or set `cidr`. */
    namespace?: string;
    /** `app.kubernetes.io/name` of the destination pods (with `namespace`). @default every pod of the namespace */
    app?: string;
    /** Destination outside the cluster (a database subnet, VPC endpoints, `0.0.0.0/0` for public APIs); or set `namespace`. */
    cidr?: string;
    /** TCP ports. */
    ports: number[];
}

/** Container resources: requests and a memory limit are required; a CPU limit is optional (it throttles). */
export interface MicroserviceResources {
    requests: { cpu: string; memory: string };
    limits: { memory: string; cpu?: string };
}

/** An HTTPS entry point through the AWS Load Balancer Controller (an ALB with pod IP targets). */
export interface MicroserviceIngress {
    /** Host name the ALB routes to the service (ExternalDNS publishes it). */
    host: string;
    /** ACM certificate for the host. */
    certificateArn: string;
    /** Internal ALB (reachable from the VPC and connected networks only). @default true */
    internal?: boolean;
    /**
     * CIDRs of the subnets the ALB runs in (private subnets for an internal ALB). With pod IP
     * targets the ALB connects to the pods from its own addresses, not from a controller pod, so
     * the NetworkPolicy admits these CIDRs on the container port.
     */
    sourceCidrs: string[];
    /** IngressGroup to share one ALB between services (`alb.ingress.kubernetes.io/group.name`). @default an ALB of its own */
    group?: string;
}

/** HTTP probe paths, all served on the container port. */
export interface MicroserviceProbes {
    /** @default "/readyz" */
    readinessPath?: string;
    /** @default "/livez" */
    livenessPath?: string;
    /** Startup probe path: the other probes wait until it succeeds. @default livenessPath */
    startupPath?: string;
    /** Longest time the app may take to start, in seconds (startup probe period 5 s). @default 150 */
    startupSeconds?: number;
}

/**
 * A service on the paved road. Everything a product team must decide is an arg; everything the
 * platform decides (security context, spread, probes' timings, network policy shape) is fixed.
 */
export interface MicroserviceArgs {
    /** Service name (a DNS label): the name of every Kubernetes object and the `app.kubernetes.io/name` label. */
    name: string;
    /** Owning team: the namespace (made by TeamNamespace) and the `platform/team` label. */
    team: string;
    /** Image reference: from an allowed registry, pinned by `@sha256:` digest or an immutable version tag (never `latest`). */
    image: string;
    /** The platform's ECR registry prefix, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/`. */
    platformRegistry: string;
    /** Image prefixes accepted. @default [platformRegistry] */
    allowedRegistries?: string[];
    /** Container port of the HTTP server (1024..65535: the container runs as a non-root user without capabilities). */
    port: number;
    /** Port the Service exposes (callers use `http://<name>.<team>.svc:<servicePort>`). @default 80 */
    servicePort?: number;
    /** Container port serving Prometheus metrics. @default port */
    metricsPort?: number;
    /** Path of the Prometheus metrics. @default "/metrics" */
    metricsPath?: string;
    /** Replica range of the HorizontalPodAutoscaler. */
    replicas: { min: number; max: number };
    /** Average CPU utilization (percent of the request) the autoscaler keeps. @default 70 */
    targetCpuUtilization?: number;
    resources: MicroserviceResources;
    /** Plain environment values. Secrets never go here: list them in `secrets`. @default {} */
    env?: Record<string, string>;
    /** Kubernetes Secrets in the namespace, each mounted read-only as files under `/etc/secrets/<name>/`. @default [] */
    secrets?: string[];
    probes?: MicroserviceProbes;
    /** Service level objectives, rendered to Prometheus rules, alerts and a dashboard. @default [] */
    slos?: MicroserviceSlo[];
    /** IAM statements for a Pod Identity role bound to the service account. @default no AWS access */
    awsPermissions?: PolicyStatement[];
    /** Pods allowed to call the service port. @default none (only the team namespace itself) */
    callers?: Caller[];
    /** Destinations outside the team namespace the service may call. @default none */
    egress?: Egress[];
    /** An ALB entry point. @default none */
    ingress?: MicroserviceIngress;
    /** Namespace of the Prometheus that scrapes the metrics port. @default "monitoring" */
    monitoringNamespace?: string;
    /** `release` label the Prometheus operator selects ServiceMonitors and rules by. @default "kube-prometheus-stack" */
    prometheusRelease?: string;
    /** `app.kubernetes.io/part-of`. @default team */
    partOf?: string;
    /** Deployment revisions kept for rollback. @default 5 */
    revisionHistoryLimit?: number;
    /** Cluster of the Pod Identity association. */
    clusterName: pulumi.Input<string>;
    /** Account of the cluster (the Pod Identity trust policy is limited to it). */
    accountId: string;
    /** Region of the cluster. */
    region: string;
    /** Tags of the AWS resources (the Pod Identity role). @default {} */
    tags?: Record<string, string>;
}

export const MICROSERVICE_DEFAULTS = {
    servicePort: 80,
    metricsPath: "/metrics",
    targetCpuUtilization: 70,
    readinessPath: "/readyz",
    livenessPath: "/livez",
    startupSeconds: 150,
    monitoringNamespace: "monitoring",
    prometheusRelease: DEFAULT_PROMETHEUS_RELEASE,
    revisionHistoryLimit: 5,
} as const;

/** The args with every default applied, once. */
export interface ResolvedMicroserviceArgs extends Omit<MicroserviceArgs, "probes" | "ingress"> {
    allowedRegistries: string[];
    servicePort: number;
    metricsPort: number;
    metricsPath: string;
    targetCpuUtilization: number;
    env: Record<string, string>;
    secrets: string[];
    probes: Required<MicroserviceProbes>;
    slos: MicroserviceSlo[];
    awsPermissions: PolicyStatement[];
    callers: Caller[];
    egress: Egress[];
    ingress?: MicroserviceIngress & { internal: boolean };
    monitoringNamespace: string;
    prometheusRelease: string;
    partOf: string;
    revisionHistoryLimit: number;
    tags: Record<string, string>;
}

export function resolveMicroserviceArgs(args: MicroserviceArgs): ResolvedMicroserviceArgs {
    const d = MICROSERVICE_DEFAULTS;
    const livenessPath = args.probes?.livenessPath ?? d.livenessPath;
    return {
        ...args,
        allowedRegistries: args.allowedRegistries ?? [args.platformRegistry],
        servicePort: args.servicePort ?? d.servicePort,
        metricsPort: args.metricsPort ?? args.port,
        metricsPath: args.metricsPath ?? d.metricsPath,
        targetCpuUtilization: args.targetCpuUtilization ?? d.targetCpuUtilization,
        env: args.env ?? {},
        secrets: args.secrets ?? [],
        probes: {
            readinessPath: args.probes?.readinessPath ?? d.readinessPath,
            livenessPath,
            startupPath: args.probes?.startupPath ?? livenessPath,
            startupSeconds: args.probes?.startupSeconds ?? d.startupSeconds,
        },
        slos: args.slos ?? [],
        awsPermissions: args.awsPermissions ?? [],
        callers: args.callers ?? [],
        egress: args.egress ?? [],
        ingress: args.ingress ? { ...args.ingress, internal: args.ingress.internal ?? true } : undefined,
        monitoringNamespace: args.monitoringNamespace ?? d.monitoringNamespace,
        prometheusRelease: args.prometheusRelease ?? d.prometheusRelease,
        partOf: args.partOf ?? args.team,
        revisionHistoryLimit: args.revisionHistoryLimit ?? d.revisionHistoryLimit,
        tags: args.tags ?? {},
    };
}
