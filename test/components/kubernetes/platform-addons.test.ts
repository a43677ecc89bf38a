import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { PlatformAddons, PlatformAddonsArgs, validatePlatformAddonsArgs } from "../../../components/kubernetes/addons";
import { declare, Declared, doc } from "../../support/harness";

const ARGS: PlatformAddonsArgs = {
    clusterName: "dev",
    region: "eu-west-1",
    accountId: "111111111111",
    vpcId: "vpc-0abc",
    ebsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/ebs",
    hostedZoneIds: ["Z0AAAAAAAAAAAA", "Z0BBBBBBBBBBBB"],
    domainFilters: ["dev.example.com"],
};

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function plan(args: PlatformAddonsArgs = ARGS): Promise<Declared> {
    return declare(() => {
        const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        new PlatformAddons("dev", args, { provider });
    });
}

const TOLERATIONS = [{ key: "CriticalAddonsOnly", operator: "Exists" }];
const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

describe("PlatformAddons", () => {
    it("creates exactly the releases, identities, namespaces, network policies and storage class", async () => {
        const p = await plan();
        expect(p.inventory((r) => r.type !== "pulumi:providers:kubernetes")).to.deep.equal([
            `${ASSOCIATION}::dev-external-dns-identity`,
            `${ASSOCIATION}::dev-lb-controller-identity`,
            `${ROLE}::dev-external-dns-identity`,
            `${ROLE}::dev-lb-controller-identity`,
            `${POLICY}::dev-external-dns-identity-policy`,
            `${POLICY}::dev-lb-controller-identity-policy`,
            "kubernetes:core/v1:Namespace::dev-cert-manager-namespace",
            "kubernetes:core/v1:Namespace::dev-external-dns-namespace",
            `${RELEASE}::dev-cert-manager`,
            `${RELEASE}::dev-external-dns`,
            `${RELEASE}::dev-lb-controller`,
            `${RELEASE}::dev-metrics-server`,
            `${NETPOL}::dev-cert-manager-allow-dns`,
            `${NETPOL}::dev-cert-manager-allow-egress`,
            `${NETPOL}::dev-cert-manager-allow-ingress`,
            `${NETPOL}::dev-cert-manager-default-deny`,
            `${NETPOL}::dev-external-dns-allow-dns`,
            `${NETPOL}::dev-external-dns-allow-egress`,
            `${NETPOL}::dev-external-dns-allow-ingress`,
            `${NETPOL}::dev-external-dns-default-deny`,
            "kubernetes:storage.k8s.io/v1:StorageClass::dev-gp3-encrypted",
            "platform:cluster:PodIdentityRole::dev-external-dns-identity",
            "platform:cluster:PodIdentityRole::dev-lb-controller-identity",
            "platform:kubernetes:PlatformAddons::dev",
        ]);
        const component = p.one("platform:kubernetes:PlatformAddons", "dev");
        expect(p.childrenOf(component).map((r) => r.name).sort()).to.have.length(17);
        for (const r of p.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
            expect(r.provider, r.name).to.equal("urn:pulumi:test::platform::pulumi:providers:kubernetes::k8s");
        }
    });

    it("pins every chart, repository and namespace and rolls back failed releases", async () => {
        const p = await plan();
        const pins = p.ofType(RELEASE).map((r) => ({
            resource: r.name,
            name: r.inputs.name,
            chart: r.inputs.chart,
            version: r.inputs.version,
            repo: (r.inputs.repositoryOpts as { repo: string }).repo,
            namespace: r.inputs.namespace,
        }));
        expect(pins).to.deep.equal([
            { resource: "dev-lb-controller", name: "aws-load-balancer-controller", chart: "aws-load-balancer-controller", version: "3.5.0", repo: "https://aws.github.io/eks-charts", namespace: "kube-system" },
            { resource: "dev-cert-manager", name: "cert-manager", chart: "cert-manager", version: "v1.21.2", repo: "https://charts.jetstack.io", namespace: "cert-manager" },
            { resource: "dev-external-dns", name: "external-dns", chart: "external-dns", version: "1.21.1", repo: "https://kubernetes-sigs.github.io/external-dns/", namespace: "external-dns" },
            { resource: "dev-metrics-server", name: "metrics-server", chart: "metrics-server", version: "3.13.1", repo: "https://kubernetes-sigs.github.io/metrics-server/", namespace: "kube-system" },
        ]);
        for (const r of p.ofType(RELEASE)) {
            expect(r.inputs, r.name).to.include({ atomic: true, cleanupOnFail: true, createNamespace: false, timeout: 600, maxHistory: 10 });
        }
    });

    it("installs the other charts after the load balancer controller, and each after its identity", async () => {
        const p = await plan();
        const deps = (name: string) => p.dependenciesOf(p.one(RELEASE, name)).map((r) => `${r.type}::${r.name}`).sort();
        expect(deps("dev-lb-controller")).to.deep.equal(["platform:cluster:PodIdentityRole::dev-lb-controller-identity"]);
        expect(deps("dev-cert-manager")).to.deep.equal(["kubernetes:core/v1:Namespace::dev-cert-manager-namespace", `${RELEASE}::dev-lb-controller`]);
        expect(deps("dev-external-dns")).to.deep.equal([
            "kubernetes:core/v1:Namespace::dev-external-dns-namespace",
            `${RELEASE}::dev-lb-controller`,
            "platform:cluster:PodIdentityRole::dev-external-dns-identity",
        ]);
        expect(deps("dev-metrics-server")).to.deep.equal([`${RELEASE}::dev-lb-controller`]);
    });

    it("renders the load balancer controller's values and binds its service account through Pod Identity", async () => {
        const p = await plan();
        expect(p.one(RELEASE, "dev-lb-controller").inputs.values).to.deep.equal({
            clusterName: "dev",
            region: "eu-west-1",
            vpcId: "vpc-0abc",
            replicaCount: 2,
            serviceAccount: { create: true, name: "aws-load-balancer-controller" },
            tolerations: TOLERATIONS,
            podDisruptionBudget: { maxUnavailable: 1 },
            podSecurityContext: { ...RESTRICTED_POD, fsGroup: 65534 },
            securityContext: RESTRICTED_CONTAINER,
        });
        const assoc = p.one(ASSOCIATION, "dev-lb-controller-identity");
        expect(assoc.inputs).to.include({ clusterName: "dev", namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" });
        expect(assoc.inputs.roleArn).to.equal("arn:aws:iam::000000000000:role/platform/dev-lb-controller-identity");
        const policy = doc(p.one(POLICY, "dev-lb-controller-identity-policy").inputs.policy);
        expect(policy.Statement).to.have.length(16);
        const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
        expect(actions).to.include.members(["elasticloadbalancing:CreateLoadBalancer", "ec2:GetSecurityGroupsForVpc", "elasticloadbalancing:DescribeListenerAttributes"]);
        expect(actions.filter((a: string) => a === "*" || a.endsWith(":*"))).to.deep.equal([]);
    });

    it("renders cert-manager's values with CRDs, replicas, PDBs and restricted pods", async () => {
        const p = await plan();
        const component = {
            replicaCount: 2,
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
            securityContext: RESTRICTED_POD,
            containerSecurityContext: RESTRICTED_CONTAINER,
            tolerations: TOLERATIONS,
        };
        expect(p.one(RELEASE, "dev-cert-manager").inputs.values).to.deep.equal({
            crds: { enabled: true, keep: true },
            ...component,
            global: { leaderElection: { namespace: "cert-manager" } },
            prometheus: { enabled: true, servicemonitor: { enabled: false } },
            webhook: component,
            cainjector: component,
            startupapicheck: { securityContext: RESTRICTED_POD, containerSecurityContext: RESTRICTED_CONTAINER, tolerations: TOLERATIONS },
        });
    });

    it("turns on cert-manager's ServiceMonitor when asked", async () => {
        const p = await plan({ ...ARGS, certManagerServiceMonitor: true, certManagerReplicas: 3 });
        const values = p.one(RELEASE, "dev-cert-manager").inputs.values as any;
        expect(values.prometheus).to.deep.equal({ enabled: true, servicemonitor: { enabled: true } });
        expect([values.replicaCount, values.webhook.replicaCount, values.cainjector.replicaCount]).to.deep.equal([3, 3, 3]);
    });

    it("renders ExternalDNS's values: upsert-only, the cluster as TXT owner, only the configured zones", async () => {
        const p = await plan();
        expect(p.one(RELEASE, "dev-external-dns").inputs.values).to.deep.equal({
            provider: { name: "aws" },
            env: [{ name: "AWS_DEFAULT_REGION", value: "eu-west-1" }],
            sources: ["service", "ingress"],
            domainFilters: ["dev.example.com"],
            policy: "upsert-only",
            registry: "txt",
            txtOwnerId: "dev",
            extraArgs: ["--zone-id-filter=Z0AAAAAAAAAAAA", "--zone-id-filter=Z0BBBBBBBBBBBB"],
            serviceAccount: { create: true, name: "external-dns" },
            tolerations: TOLERATIONS,
            podSecurityContext: { ...RESTRICTED_POD, fsGroup: 65534 },
            securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65532, runAsGroup: 65532, privileged: false },
        });
        const sync = await plan({ ...ARGS, externalDnsPolicy: "sync" });
        expect((sync.one(RELEASE, "dev-external-dns").inputs.values as any).policy).to.equal("sync");
    });

    it("lets ExternalDNS change records only in the configured hosted zones", async () => {
        const p = await plan();
        expect(doc(p.one(POLICY, "dev-external-dns-identity-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ChangeRecordsInConfiguredZones",
                    Effect: "Allow",
                    Action: ["route53:ChangeResourceRecordSets"],
                    Resource: ["arn:aws:route53:::hostedzone/Z0AAAAAAAAAAAA", "arn:aws:route53:::hostedzone/Z0BBBBBBBBBBBB"],
                },
                {
                    Sid: "ListZonesAndRecords",
                    Effect: "Allow",
                    Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                    Resource: "*",
                },
            ],
        });
        expect(p.one(ASSOCIATION, "dev-external-dns-identity").inputs).to.include({ clusterName: "dev", namespace: "external-dns", serviceAccount: "external-dns" });
    });

    it("renders metrics-server's values with two replicas and a PDB", async () => {
        const p = await plan();
        expect(p.one(RELEASE, "dev-metrics-server").inputs.values).to.deep.equal({
            replicas: 2,
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
            tolerations: TOLERATIONS,
            securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000 },
        });
    });

    it("creates the default gp3 StorageClass encrypted with the EBS key, retained by default, its volumes tagged for backup", async () => {
        const p = await plan();
        const sc = p.one("kubernetes:storage.k8s.io/v1:StorageClass", "dev-gp3-encrypted").inputs;
        expect(sc).to.deep.include({
            metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/ebs", tagSpecification_1: "platform:backup=true" },
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            reclaimPolicy: "Retain",
        });
        const del = await plan({ ...ARGS, storageReclaimPolicy: "Delete" });
        expect(del.one("kubernetes:storage.k8s.io/v1:StorageClass", "dev-gp3-encrypted").inputs.reclaimPolicy).to.equal("Delete");
    });

    it("leaves the volumes untagged when backupVolumes is false", async () => {
        const p = await plan({ ...ARGS, backupVolumes: false });
        expect(p.one("kubernetes:storage.k8s.io/v1:StorageClass", "dev-gp3-encrypted").inputs.parameters).to.deep.equal({ type: "gp3", encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/ebs" });
    });

    it("labels add-on namespaces restricted and denies their traffic by default", async () => {
        const p = await plan();
        expect(p.one("kubernetes:core/v1:Namespace", "dev-cert-manager-namespace").inputs.metadata).to.deep.equal({
            name: "cert-manager",
            labels: {
                "app.kubernetes.io/managed-by": "pulumi",
                "platform/addon": "cert-manager",
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/audit-version": "latest",
                "pod-security.kubernetes.io/warn": "restricted",
                "pod-security.kubernetes.io/warn-version": "latest",
            },
        });
        const spec = (n: string) => p.one(NETPOL, n).inputs.spec;
        expect(spec("dev-external-dns-default-deny")).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        // ExternalDNS gets its Route 53 credentials from the Pod Identity agent (link-local, port 80):
        // under default-deny the VPC CNI drops that call unless a rule allows it.
        expect(spec("dev-external-dns-allow-egress")).to.deep.equal({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
                { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }], ports: [{ protocol: "TCP", port: 80 }] },
            ],
        });
        // cert-manager calls no AWS API: no Pod Identity rule, and its egress stays on 443, 80 and 53.
        expect((spec("dev-cert-manager-allow-egress") as { egress: unknown[] }).egress).to.have.length(1);
        expect(spec("dev-external-dns-allow-ingress")).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP", port: 7979 }] }] });
        expect(spec("dev-cert-manager-allow-ingress")).to.deep.equal({
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ ports: [10250, 9402, 9403, 6080].map((port) => ({ protocol: "TCP", port })) }],
        });
        expect(p.one(NETPOL, "dev-cert-manager-allow-dns").inputs.metadata).to.deep.equal({ name: "allow-dns", namespace: "cert-manager" });
    });

    it("skips ExternalDNS when no hosted zone is configured", async () => {
        const p = await plan({ ...ARGS, hostedZoneIds: [], domainFilters: [] });
        expect(p.inventory((r) => r.name.includes("external-dns"))).to.deep.equal([]);
    });

    it("creates only what is switched on", async () => {
        const p = await plan({ ...ARGS, loadBalancerController: false, certManager: false, externalDns: false, metricsServer: true, storageClass: false });
        expect(p.inventory((r) => r.type !== "pulumi:providers:kubernetes")).to.deep.equal([`${RELEASE}::dev-metrics-server`, "platform:kubernetes:PlatformAddons::dev"]);
        expect(p.one(RELEASE, "dev-metrics-server").dependencies).to.deep.equal([]);
    });

    it("uses the region's partition in ARNs", async () => {
        const p = await plan({ ...ARGS, region: "cn-north-1", loadBalancerController: false });
        expect(doc(p.one(POLICY, "dev-external-dns-identity-policy").inputs.policy).Statement[0].Resource[0]).to.equal("arn:aws-cn:route53:::hostedzone/Z0AAAAAAAAAAAA");
    });

    const cases: [string, Partial<PlatformAddonsArgs>, string[]][] = [
        ["rejects a malformed region", { region: "europe" }, ['region: "europe" is not an AWS region such as eu-west-1']],
        ["rejects a malformed account", { accountId: "1234" }, ['accountId: "1234" is not a 12-digit AWS account ID']],
        [
            "rejects a hosted zone given as a path",
            { hostedZoneIds: ["/hostedzone/Z0AAAAAAAAAAAA"] },
            ['hostedZoneIds[0]: "/hostedzone/Z0AAAAAAAAAAAA" is not a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ" (no "/hostedzone/" prefix)'],
        ],
        ["rejects a domain filter that is not a domain", { domainFilters: ["Dev Example"] }, ['domainFilters[0]: "Dev Example" is not a lowercase domain name such as "dev.example.com"']],
        ["rejects domain filters without hosted zones", { hostedZoneIds: [] }, ["domainFilters: set but hostedZoneIds is empty; ExternalDNS is installed only for listed hosted zones"]],
        ["rejects an unknown ExternalDNS policy", { externalDnsPolicy: "create-only" as never }, ['externalDnsPolicy: "create-only" is not one of "upsert-only", "sync"']],
        ["rejects an unknown reclaim policy", { storageReclaimPolicy: "Recycle" as never }, ['storageReclaimPolicy: "Recycle" is not one of "Retain", "Delete"']],
        ["rejects a Helm timeout under a minute", { helmTimeoutSeconds: 5 }, ["helmTimeoutSeconds: 5 is not in 60..3600"]],
        ["rejects zero cert-manager replicas", { certManagerReplicas: 0 }, ["certManagerReplicas: 0 is not in 1..5"]],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validatePlatformAddonsArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("reports every problem at once", () => {
        expect(() => validatePlatformAddonsArgs({ ...ARGS, region: "x", accountId: "y" }))
            .to.throw()
            .with.property("problems")
            .that.has.length(2);
    });
});
