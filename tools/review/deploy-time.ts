import { Plan, PlanResource } from "../plan/model";

/**
 * How long a fresh `pulumi up` of a stack takes, at best: the critical path through the plan's
 * dependency graph weighted by typical create times, with Pulumi's parallelism assumed unlimited
 * (the CLI's default `--parallel` is large enough for these stacks).
 *
 * - A resource starts when every resource it depends on, and its provider, has finished (a
 *   Kubernetes provider waits for the cluster it reads its kubeconfig from); a dependency on a
 *   component waits for all of the component's descendants (that is what `dependsOn: component`
 *   means to the engine).
 * - A component finishes when its last descendant finishes; it takes no time itself.
 * - A Helm release waits for its pods (`skipAwait` unset), and pods need nodes: a release is
 *   assumed to wait for every managed node group of the stack even when the program does not
 *   say so. Where that implicit wait decides a release's start, `notes` says so: the release
 *   spends its Helm timeout waiting for nodes (default 5 minutes, about a node group's create time).
 * - The "unavoidable chain" is the time of the hops no program can parallelize on a fresh
 *   account: VPC → subnet → EKS cluster → node group → add-on, each at its table time, counted
 *   for the hops present in the plan. `avoidableMinutes` (total minus the chain) is serialization
 *   the program adds: `dependsOn` that is not needed, or resources waiting on a whole component.
 *
 * Create times (minutes), from EKS, VPC and Transit Gateway documentation and typical
 * `pulumi up` logs; tune with `criticalPath(plan, { times })`.
 */
export const CREATE_MINUTES: Readonly<Record<string, number>> = {
    "aws:eks/cluster:Cluster": 10,
    "aws:eks/nodeGroup:NodeGroup": 5,
    "aws:eks/addon:Addon": 1.5,
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": 0.2,
    "aws:eks/accessEntry:AccessEntry": 0.1,
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 0.1,
    "kubernetes:helm.sh/v3:Release": 2,
    "aws:ec2/natGateway:NatGateway": 2,
    "aws:ec2transitgateway/transitGateway:TransitGateway": 3,
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 2,
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": 1,
    "aws:ec2transitgateway/routeTable:RouteTable": 0.5,
    "aws:ec2/vpcEndpoint:VpcEndpoint": 1.5,
    "aws:ec2/vpc:Vpc": 0.2,
    "aws:ec2/subnet:Subnet": 0.2,
    "aws:ec2/internetGateway:InternetGateway": 0.2,
    "aws:ec2/eip:Eip": 0.05,
    "aws:kms/key:Key": 0.1,
    "aws:iam/role:Role": 0.1,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 0.1,
    "aws:s3/bucket:Bucket": 0.1,
    "aws:s3/bucketV2:BucketV2": 0.1,
    "aws:lb/loadBalancer:LoadBalancer": 3,
    "aws:ram/resourceShare:ResourceShare": 0.1,
};

/** Types not in the table: a few seconds (an API call and its read-back). */
export const DEFAULT_CREATE_MINUTES = 0.05;

/** The hops of the unavoidable chain, in order. */
export const UNAVOIDABLE_CHAIN: readonly string[] = ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:eks/addon:Addon"];

export interface PathStep {
    urn: string;
    type: string;
    name: string;
    /** This resource's own create time. */
    minutes: number;
    startsAt: number;
    finishesAt: number;
}

export interface DeployTimeEstimate {
    stack: string;
    /** Wall-clock minutes of a fresh `pulumi up` with unlimited parallelism. */
    totalMinutes: number;
    /** Custom resources on the critical path, first to last. */
    path: PathStep[];
    unavoidableChain: { type: string; minutes: number }[];
    unavoidableMinutes: number;
    /** `totalMinutes - unavoidableMinutes`: time lost to serialization beyond the chain. */
    avoidableMinutes: number;
    /** Sum of every resource's create time: what a `--parallel 1` run would take. */
    serialMinutes: number;
    /** Implicit waits that decided a start (a Helm release waiting for nodes it does not depend on). */
    notes: string[];
}

export interface CriticalPathOptions {
    /** Overrides and additions to `CREATE_MINUTES`. */
    times?: Record<string, number>;
    defaultMinutes?: number;
    /** Helm releases wait for the stack's node groups (their pods need nodes). @default true */
    helmWaitsForNodes?: boolean;
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export function criticalPath(plan: Plan, options: CriticalPathOptions = {}): DeployTimeEstimate {
    const table = { ...CREATE_MINUTES, ...(options.times ?? {}) };
    const dflt = options.defaultMinutes ?? DEFAULT_CREATE_MINUTES;
    const timeOf = (r: PlanResource) => (!r.custom || r.type.startsWith("pulumi:providers:") ? 0 : table[r.type] ?? dflt);
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const children = new Map<string, PlanResource[]>();
    for (const r of plan.resources) {
        if (r.parent && byUrn.has(r.parent)) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        }
    }

    const nodeGroups = plan.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup").map((r) => r.urn);
    // A chart of CRDs only (`karpenter-crd`, `*-crds`) has no pods to wait for.
    const crdOnly = (r: PlanResource) => /-crds?$/.test(String(r.inputs.chart ?? ""));
    const waitsForNodes = (r: PlanResource) => options.helmWaitsForNodes !== false && r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.skipAwait !== true && !crdOnly(r);
    const notes: string[] = [];

    // finish(r) and the predecessor that decided it, memoized; cycles are cut (the engine would deadlock).
    const finish = new Map<string, number>();
    const pred = new Map<string, string | undefined>();
    const onStack = new Set<string>();
    const done = (urn: string): number => {
        const known = finish.get(urn);
        if (known !== undefined) {
            return known;
        }
        const r = byUrn.get(urn);
        if (!r || onStack.has(urn)) {
            return 0;
        }
        onStack.add(urn);
        let start = 0;
        let from: string | undefined;
        for (const d of r.provider ? [...r.dependencies, r.provider] : r.dependencies) {
            if (d === urn || !byUrn.has(d)) {
                continue;
            }
            const f = done(d);
            if (f > start) {
                start = f;
                from = d;
            }
        }
        if (waitsForNodes(r)) {
            const explicitStart = start;
            let waitedFor: string | undefined;
            for (const d of nodeGroups.filter((n) => !r.dependencies.includes(n))) {
                const f = done(d);
                if (f > start) {
                    start = f;
                    from = d;
                    waitedFor = d;
                }
            }
            if (waitedFor) {
                notes.push(`${r.name} (Helm release) does not depend on node group ${byUrn.get(waitedFor)!.name}, but its pods need nodes: it can start at ${r3(explicitStart)} min and waits ${r3(start - explicitStart)} min of its Helm timeout for them`);
            }
        }
        let end = start + timeOf(r);
        if (!r.custom) {
            for (const c of children.get(urn) ?? []) {
                const f = done(c.urn);
                if (f > end) {
                    end = f;
                    from = c.urn;
                }
            }
        }
        onStack.delete(urn);
        finish.set(urn, end);
        pred.set(urn, from);
        return end;
    };

    let last: string | undefined;
    let total = 0;
    for (const r of plan.resources) {
        const f = done(r.urn);
        if (f > total) {
            total = f;
            last = r.urn;
        }
    }

    const path: PathStep[] = [];
    for (let u = last; u; u = pred.get(u)) {
        const r = byUrn.get(u)!;
        if (r.custom) {
            const end = finish.get(u)!;
            const own = timeOf(r);
            path.push({ urn: u, type: r.type, name: r.name, minutes: own, startsAt: r3(end - own), finishesAt: r3(end) });
        }
    }
    path.reverse();

    const present = new Set(plan.resources.map((r) => r.type));
    const unavoidableChain = UNAVOIDABLE_CHAIN.filter((t) => present.has(t)).map((t) => ({ type: t, minutes: table[t] ?? dflt }));
    const unavoidable = unavoidableChain.reduce((s, x) => s + x.minutes, 0);
    const serial = plan.resources.reduce((s, r) => s + timeOf(r), 0);
    return {
        stack: plan.stack,
        totalMinutes: r3(total),
        path,
        unavoidableChain,
        unavoidableMinutes: r3(unavoidable),
        avoidableMinutes: r3(Math.max(0, total - unavoidable)),
        serialMinutes: r3(serial),
        notes,
    };
}
