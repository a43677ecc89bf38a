import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PodIdentityRole } from "../cluster/pod-identity";
import { ServiceLevelObjective } from "../observability/slo";
import { MicroserviceArgs, resolveMicroserviceArgs } from "./args";
import {
    autoscalerSpec,
    deploymentSpec,
    disruptionBudgetSpec,
    ingressAnnotations,
    ingressSpec,
    networkPolicySpec,
    serviceLabels,
    serviceMonitorSpec,
    serviceSpec,
} from "./manifests";
import { validateMicroserviceArgs } from "./validate";

/**
 * The golden-path service: a Deployment that passes Pod Security "restricted" by construction,
 * spread over zones and hosts, with probes, an autoscaler, a disruption budget, a NetworkPolicy
 * admitting only declared callers, metrics scraping, SLO rules and alerts, optional AWS access
 * through Pod Identity and an optional internal HTTPS ALB.
 */
export class Microservice extends pulumi.ComponentResource {
    readonly namespaceName: string;
    readonly deploymentName: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    /** In-cluster URL of the Service. */
    readonly internalUrl: string;
    /** Public or internal HTTPS URL when there is an ingress. */
    readonly url: string | undefined;
    /** Pod Identity role when `awsPermissions` are given. */
    readonly roleArn: pulumi.Output<string> | undefined;
    /** Names of the SLOs' PrometheusRules. */
    readonly sloRuleNames: pulumi.Output<string>[];

    constructor(name: string, args: MicroserviceArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:service:Microservice", name, {}, opts);
        validateMicroserviceArgs(args);
        const a = resolveMicroserviceArgs(args);
        const labels = serviceLabels(a);
        const meta = (extra: Record<string, string> = {}) => ({ name: a.name, namespace: a.team, labels: { ...labels, ...extra } });

        const sa = new k8s.core.v1.ServiceAccount(`${name}-service-account`, { metadata: meta(), automountServiceAccountToken: false }, { parent: this });

        let role: PodIdentityRole | undefined;
        if (a.awsPermissions.length > 0) {
            role = new PodIdentityRole(
                `${name}-aws`,
                {
                    clusterName: a.clusterName,
                    namespace: a.team,
                    serviceAccount: a.name,
                    accountId: a.accountId,
                    region: a.region,
                    statements: a.awsPermissions,
                    tags: { ...a.tags, "platform:team": a.team, "platform:service": a.name },
                },
                { parent: this },
            );
        }

        // The Pod Identity webhook injects credentials when a pod is created: the association must
        // exist before the first pod, or those pods run without AWS access until restarted.
        const deployment = new k8s.apps.v1.Deployment(
            name,
            { metadata: meta(), spec: deploymentSpec(a, sa.metadata.name) },
            { parent: this, dependsOn: role ? [role] : [] },
        );
        const service = new k8s.core.v1.Service(`${name}-service`, { metadata: meta(), spec: serviceSpec(a) }, { parent: this });
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-autoscaler`, { metadata: meta(), spec: autoscalerSpec(a, deployment.metadata.name) }, { parent: this });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-disruption-budget`, { metadata: meta(), spec: disruptionBudgetSpec(a) }, { parent: this });
        new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, { metadata: meta(), spec: networkPolicySpec(a) }, { parent: this });
        new k8s.apiextensions.CustomResource(
            `${name}-service-monitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: meta({ release: a.prometheusRelease }),
                spec: serviceMonitorSpec(a),
            },
            { parent: this, dependsOn: [service] },
        );

        this.sloRuleNames = a.slos.map((slo) => {
            const objective = new ServiceLevelObjective(
                `${name}-slo-${slo.name}`,
                {
                    spec: { ...slo, service: a.name, labels: { ...(slo.labels ?? {}), team: a.team } },
                    namespace: a.team,
                    release: a.prometheusRelease,
                    // One Grafana folder per team: a team finds its services' budgets together.
                    dashboardFolder: a.team,
                    labels: { "app.kubernetes.io/part-of": a.partOf, "platform/team": a.team },
                },
                { parent: this },
            );
            return objective.ruleName;
        });

        if (a.ingress !== undefined) {
            new k8s.networking.v1.Ingress(
                `${name}-ingress`,
                { metadata: { ...meta(), annotations: ingressAnnotations(a) }, spec: ingressSpec(a, service.metadata.name) },
                { parent: this },
            );
        }

        this.namespaceName = a.team;
        this.deploymentName = deployment.metadata.name;
        this.serviceName = service.metadata.name;
        this.serviceAccountName = sa.metadata.name;
        this.internalUrl = `http://${a.name}.${a.team}.svc.cluster.local${a.servicePort === 80 ? "" : `:${a.servicePort}`}`;
        this.url = a.ingress !== undefined ? `https://${a.ingress.host}` : undefined;
        this.roleArn = role?.roleArn;
        this.registerOutputs({
            namespaceName: this.namespaceName,
            deploymentName: this.deploymentName,
            serviceName: this.serviceName,
            serviceAccountName: this.serviceAccountName,
            internalUrl: this.internalUrl,
            url: this.url,
            roleArn: this.roleArn,
            sloRuleNames: this.sloRuleNames,
        });
    }
}
