import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { planResource, PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/** Compliant Kubernetes objects (restricted profile) that the policy tests change one field at a time. */

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
/** Tagged and pinned by digest: compliant with image-pinned and image-pinned-digest alike. */
export const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-a/api:1.4.2@sha256:${"c".repeat(64)}`;
export const TAGGED_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-a/api:1.4.2";
export const C0 = "container spec.template.spec.containers[0] (app)";
export const POD = "pod spec.template.spec";

export type Inputs = Record<string, any>;

export function restrictedContainer(name = "app"): Inputs {
    return {
        name,
        image: IMAGE,
        ports: [{ name: "http", containerPort: 8080 }],
        env: [{ name: "LOG_LEVEL", value: "info" }],
        securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        livenessProbe: { httpGet: { path: "/live", port: 8080 } },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
    };
}

export function podSpec(): Inputs {
    return {
        serviceAccountName: "api",
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
        containers: [restrictedContainer()],
        volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "config", configMap: { name: "api" } },
        ],
    };
}

export function deploymentInputs(): Inputs {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "api", namespace: "team-a" },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "api" } },
            template: { metadata: { labels: { app: "api" } }, spec: podSpec() },
        },
    };
}

/** A compliant Deployment, changed by `mutate` (which gets the inputs and the pod spec). */
export function deployment(mutate?: (d: Inputs, pod: Inputs) => void): ResourceSpec {
    const inputs = deploymentInputs();
    mutate?.(inputs, inputs.spec.template.spec);
    return { type: DEPLOYMENT, name: "api", inputs };
}

/** A compliant Deployment's first container, changed by `mutate`. */
export function withContainer(mutate: (c: Inputs) => void): ResourceSpec {
    return deployment((_d, pod) => mutate(pod.containers[0]));
}

/** A compliant CronJob (pod spec under spec.jobTemplate.spec.template). */
export function cronJob(mutate?: (pod: Inputs) => void): ResourceSpec {
    const pod = { ...podSpec(), restartPolicy: "OnFailure" };
    mutate?.(pod);
    return {
        type: "kubernetes:batch/v1:CronJob",
        name: "report",
        inputs: { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "report", namespace: "team-a" }, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: pod } } } } },
    };
}

export const CLUSTER_URN = "urn:pulumi:test::platform::aws:eks/cluster:Cluster::cluster";
export const K8S_PROVIDER_URN = "urn:pulumi:test::platform::pulumi:providers:kubernetes::cluster-k8s";

/**
 * The resources as a plan shows them on an EKS cluster: the cluster (at `version`; `undefined`
 * leaves the input unset), the Kubernetes provider whose kubeconfig is built from it, and each
 * resource created through that provider. The Pod Security policies read the version this way.
 */
export function onCluster(version: string | undefined, ...resources: ResourceSpec[]): ResourceSpec[] {
    return [
        { type: "aws:eks/cluster:Cluster", name: "cluster", urn: CLUSTER_URN, inputs: { name: "cluster", ...(version === undefined ? {} : { version }) } },
        { type: "pulumi:providers:kubernetes", name: "cluster-k8s", urn: K8S_PROVIDER_URN, inputs: { kubeconfig: "{}" }, dependencies: [CLUSTER_URN], propertyDependencies: { kubeconfig: [CLUSTER_URN] } },
        ...resources.map((r) => ({ ...r, provider: K8S_PROVIDER_URN })),
    ];
}

/** Runs a policy at its own enforcement level, as the pack does unless configured otherwise. */
export async function run(policy: ResourceValidationPolicy | StackValidationPolicy, resource: ResourceSpec | ResourceSpec[], config: Record<string, unknown> = {}): Promise<PolicyRun> {
    return runPolicy(policy, resource, config, policy.enforcementLevel === "advisory" ? "advisory" : "mandatory");
}

/** One policy over one resource: the outcome and the reason the policy gave (a not-applicable or exemption reason, or the unknown value). */
export async function checkOf(policy: ResourceValidationPolicy | StackValidationPolicy, resource: ResourceSpec | ResourceSpec[], config: Record<string, unknown> = {}): Promise<{ outcome: string; reason?: string }> {
    const pack = { name: "test-pack", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: [policy] };
    const e = await evaluatePack(pack, (Array.isArray(resource) ? resource : [resource]).map(planResource), { [policy.name]: { enforcementLevel: "mandatory", ...config } });
    const { outcome, reason } = e.checks[0];
    return { outcome, reason };
}
