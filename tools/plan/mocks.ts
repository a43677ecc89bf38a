import * as pulumi from "@pulumi/pulumi";

/**
 * Mocks that stand in for the providers during an offline plan. `newResource` echoes the inputs
 * and adds the attributes AWS would compute (id, ARN, endpoints) so that the program can read
 * them as it would in a preview; `call` answers the few invokes a program may make and throws for
 * any other, so that a new invoke cannot silently return nothing.
 */

/** Default account and region when a resource's provider does not name them. */
const FALLBACK_ACCOUNT = "000000000000";
const FALLBACK_REGION = "us-east-1";

interface ProviderFacts {
    region: string;
    account: string;
}

/** Stack outputs a `StackReference` should return, keyed by the referenced stack's name. */
export type StackOutputs = Record<string, Record<string, unknown>>;

export class PlanMocks implements pulumi.runtime.Mocks {
    private readonly providers = new Map<string, ProviderFacts>();
    /** Invokes the program made that no mock answers (the SDK drops the error's message). */
    readonly unmockedInvokes: string[] = [];

    constructor(private readonly stackOutputs: StackOutputs = {}) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = args.inputs ?? {};
        if (args.type === "pulumi:pulumi:StackReference") {
            const ref = String(inputs.name ?? args.name);
            const short = ref.split("/").pop() ?? ref;
            const outputs = this.stackOutputs[ref] ?? this.stackOutputs[short];
            if (!outputs) {
                throw new Error(`offline plan: no outputs known for stack reference "${ref}"; plan that stack first`);
            }
            return { id: ref, state: { name: ref, outputs, secretOutputNames: [] } };
        }
        if (args.type.startsWith("pulumi:providers:")) {
            const facts = providerFacts(inputs);
            this.providers.set(args.name, facts);
            return { id: `${args.name}-provider-id`, state: inputs };
        }
        if (!args.custom) {
            return { id: undefined, state: {} };
        }
        const facts = this.factsFor(args.provider);
        if (args.id) {
            // A read (`Resource.get`): the ID names the existing resource (a cluster's name, a VPC ID).
            const named = { ...inputs, name: inputs.name ?? args.id };
            return { id: args.id, state: { ...named, ...computedAttributes(args.type, args.id, args.id, named, facts) } };
        }
        const id = mockId(args.type, args.name, inputs);
        return { id, state: { ...inputs, ...computedAttributes(args.type, args.name, id, inputs, facts) } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        switch (args.token) {
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
            case "aws:index/getRegion:getRegion":
                return { name: args.inputs.region ?? FALLBACK_REGION, region: args.inputs.region ?? FALLBACK_REGION };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: FALLBACK_ACCOUNT, arn: `arn:aws:iam::${FALLBACK_ACCOUNT}:role/offline-plan`, userId: "offline" };
            default:
                this.unmockedInvokes.push(args.token);
                throw new Error(`offline plan: invoke ${args.token} is not mocked; pass the value through config instead`);
        }
    }

    private factsFor(providerRef: string | undefined): ProviderFacts {
        // A provider reference is "<urn>::<id>"; the URN ends with the provider's name.
        if (providerRef) {
            const urn = providerRef.split("::").slice(0, -1).join("::");
            const name = urn.split("::").pop() ?? "";
            const facts = this.providers.get(name);
            if (facts) {
                return facts;
            }
        }
        return { region: FALLBACK_REGION, account: FALLBACK_ACCOUNT };
    }
}

function providerFacts(inputs: Record<string, any>): ProviderFacts {
    const region = typeof inputs.region === "string" ? inputs.region : FALLBACK_REGION;
    let roles = inputs.assumeRoles ?? inputs.assumeRole;
    if (typeof roles === "string") {
        try {
            roles = JSON.parse(roles);
        } catch {
            roles = undefined;
        }
    }
    const first = Array.isArray(roles) ? roles[0] : roles;
    const match = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(String(first?.roleArn ?? ""));
    return { region, account: match ? match[1] : FALLBACK_ACCOUNT };
}

function mockId(type: string, name: string, inputs: Record<string, any>): string {
    const svc = type.split(":")[1]?.split("/")[0] ?? "res";
    if (typeof inputs.name === "string" && /eks|iam|kms|s3|ecr|cloudwatch|sqs|sns/.test(svc)) {
        return inputs.name;
    }
    if (typeof inputs.bucket === "string") {
        return inputs.bucket;
    }
    return `${name}-id`;
}

/** The attributes AWS computes for the resource types the program reads outputs from. */
function computedAttributes(type: string, name: string, id: string, inputs: Record<string, any>, f: ProviderFacts): Record<string, any> {
    const [pkg, mod, kind] = parseType(type);
    const resourceName = typeof inputs.name === "string" ? inputs.name : name;
    const base: Record<string, any> = {
        // Auto-naming happens in the provider's check, so a real preview knows the name.
        name: resourceName,
        id,
        arn: `arn:aws:${arnService(mod)}:${f.region}:${f.account}:${kind.toLowerCase()}/${resourceName}`,
        tagsAll: inputs.tags ?? {},
    };
    if (pkg !== "aws") {
        return pkg === "kubernetes" ? { metadata: { name: resourceName, ...(inputs.metadata ?? {}) } } : {};
    }
    switch (`${mod}:${kind}`) {
        case "kms:Key":
            return { ...base, keyId: `${name}-key-id`, arn: `arn:aws:kms:${f.region}:${f.account}:key/${name}-key-id` };
        case "kms:Alias":
            return { ...base, arn: `arn:aws:kms:${f.region}:${f.account}:${inputs.name ?? name}` };
        // The path is part of a role's or policy's ARN (`role/platform/<name>`).
        case "iam:Role":
            return { ...base, arn: `arn:aws:iam::${f.account}:role${iamPath(inputs)}${resourceName}`, name: resourceName, uniqueId: `AROA${name}` };
        case "iam:Policy":
            return { ...base, arn: `arn:aws:iam::${f.account}:policy${iamPath(inputs)}${resourceName}` };
        case "iam:InstanceProfile":
            return { ...base, arn: `arn:aws:iam::${f.account}:instance-profile/${resourceName}`, name: resourceName };
        case "s3:Bucket":
        case "s3:BucketV2":
            return { ...base, arn: `arn:aws:s3:::${id}`, bucket: id, bucketDomainName: `${id}.s3.amazonaws.com`, bucketRegionalDomainName: `${id}.s3.${f.region}.amazonaws.com` };
        case "cloudwatch:LogGroup":
            return { ...base, arn: `arn:aws:logs:${f.region}:${f.account}:log-group:${resourceName}`, name: resourceName };
        case "ecr:Repository":
            return { ...base, arn: `arn:aws:ecr:${f.region}:${f.account}:repository/${resourceName}`, repositoryUrl: `${f.account}.dkr.ecr.${f.region}.amazonaws.com/${resourceName}`, registryId: f.account };
        case "eks:Cluster":
            return {
                ...base,
                arn: `arn:aws:eks:${f.region}:${f.account}:cluster/${resourceName}`,
                name: resourceName,
                endpoint: `https://${name.toUpperCase()}.gr7.${f.region}.eks.amazonaws.com`,
                certificateAuthority: { data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=" },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${f.region}.amazonaws.com/id/OFFLINE${name.toUpperCase()}` }] }],
                vpcConfig: { ...(inputs.vpcConfig ?? {}), clusterSecurityGroupId: `sg-${name}-cluster`, vpcId: `vpc-${name}` },
                platformVersion: "eks.1",
                status: "ACTIVE",
            };
        case "eks:NodeGroup":
            return { ...base, arn: `arn:aws:eks:${f.region}:${f.account}:nodegroup/${resourceName}`, status: "ACTIVE" };
        case "ec2:Vpc":
            return { ...base, defaultSecurityGroupId: `sg-${name}-default`, defaultNetworkAclId: `acl-${name}-default`, mainRouteTableId: `rtb-${name}-main`, ownerId: f.account };
        case "ec2:Eip":
            return { ...base, allocationId: `eipalloc-${name}`, publicIp: "192.0.2.10" };
        case "ec2:LaunchTemplate":
            return { ...base, latestVersion: 1, defaultVersion: 1 };
        case "ec2transitgateway:TransitGateway":
            return { ...base, associationDefaultRouteTableId: "", propagationDefaultRouteTableId: "", ownerId: f.account };
        case "sqs:Queue":
            return { ...base, arn: `arn:aws:sqs:${f.region}:${f.account}:${resourceName}`, url: `https://sqs.${f.region}.amazonaws.com/${f.account}/${resourceName}`, name: resourceName };
        case "sns:Topic":
            return { ...base, arn: `arn:aws:sns:${f.region}:${f.account}:${resourceName}`, name: resourceName };
        case "amp:Workspace":
            return { ...base, prometheusEndpoint: `https://aps-workspaces.${f.region}.amazonaws.com/workspaces/ws-${name}/` };
        default:
            return base;
    }
}

function parseType(type: string): [string, string, string] {
    const [pkg, modPath = "", kind = ""] = type.split(":");
    return [pkg, modPath.split("/")[0], kind];
}

function iamPath(inputs: Record<string, any>): string {
    return typeof inputs.path === "string" ? inputs.path : "/";
}

function arnService(mod: string): string {
    switch (mod) {
        case "cloudwatch":
            return "logs";
        case "ec2transitgateway":
            return "ec2";
        default:
            return mod;
    }
}
