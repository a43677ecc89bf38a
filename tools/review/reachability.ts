import { Cidr, contains, formatCidr, isCidr, parseCidr } from "../../components/network/cidr";
import { Plan, PlanResource, UNKNOWN } from "../plan/model";

/**
 * Network reachability over offline plans: can a packet from a subnet of one stack reach a subnet
 * of another, and does the answer come back? The analyzer follows what the plans declare, across
 * stacks:
 *
 * - VPC route tables and their subnet associations (a subnet without one uses the VPC's main route
 *   table, which holds only the local route), routes by longest prefix (local, transit gateway, NAT
 *   gateway, internet gateway, blackhole);
 * - transit gateway VPC attachments (accepted, with a subnet in the source's zone), the route table
 *   each is associated with, the propagations and static routes (blackholes too) of that table;
 * - on a port: the destination's security groups (inline rules, `aws:vpc` ingress rules,
 *   `aws:ec2/securityGroupRule`), the source's when selected, and the network ACLs of the source and
 *   destination subnets (the default ACL allows everything unless the plan declares ACLs).
 *
 * References are resolved by URN through `propertyDependencies`; a value that crosses stacks depends
 * on a `StackReference`, so it is looked up among the referenced stack's outputs and then matched to
 * a resource of that stack by the values its own resources pass around (a route table's ID is what
 * its routes name). Only when a stack never passes the value itself does the matcher fall back to
 * the offline plan's mock ID (`<name>-id`, tools/plan/mocks.ts), and the hop says so.
 *
 * What it cannot see: anything AWS or a controller creates at runtime (the EKS-managed cluster
 * security group, ENIs, routes added outside Pulumi), DNS, prefix-list routes, VPC peering, VPN,
 * and NACLs of the transit subnets between source and destination (docs/review.md).
 */

/** Tag SpokeVpc puts on every subnet (components/network/spoke-vpc.ts `SUBNET_TIER_TAG`). */
export const SUBNET_TIER_TAG = "platform:subnet-tier";

export const TYPES = {
    vpc: "aws:ec2/vpc:Vpc",
    vpcCidr: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainRouteTableAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    natGateway: "aws:ec2/natGateway:NatGateway",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tgwAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tgwAccepter: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
    tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
    tgwRoute: "aws:ec2transitgateway/route:Route",
    tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    networkAcl: "aws:ec2/networkAcl:NetworkAcl",
    networkAclRule: "aws:ec2/networkAclRule:NetworkAclRule",
    networkAclAssociation: "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    defaultNetworkAcl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    stackReference: "pulumi:pulumi:StackReference",
} as const;

/** A resource and the stack whose plan declares it. */
export interface Node {
    stack: string;
    r: PlanResource;
}

export type Plans = Plan[] | Record<string, Plan>;

function planMap(plans: Plans): Map<string, Plan> {
    const list = Array.isArray(plans) ? plans : Object.values(plans);
    return new Map(list.map((p) => [p.stack, p]));
}

function parseJson(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/**
 * The account a resource is created in: its provider's `allowedAccountIds` (every provider of the
 * program pins one), else the account of the role the provider assumes, else the stack's
 * `platform:accountId`.
 */
export function accountOf(plan: Plan, r: PlanResource): string | undefined {
    const providerUrn = r.provider ? providerUrnOf(r.provider) : undefined;
    const provider = providerUrn ? plan.resources.find((x) => x.urn === providerUrn) : undefined;
    if (provider) {
        const allowed = parseJson(provider.inputs.allowedAccountIds);
        if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string") {
            return allowed[0];
        }
        const roles = parseJson(provider.inputs.assumeRoles ?? provider.inputs.assumeRole);
        const first = (Array.isArray(roles) ? roles[0] : roles) as { roleArn?: unknown } | undefined;
        const m = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(String(first?.roleArn ?? ""));
        if (m) {
            return m[1];
        }
    }
    const configured = plan.config["platform:accountId"];
    return typeof configured === "string" ? configured : undefined;
}

/** A provider reference is a URN, or `<urn>::<id>` as the engine passes it. */
function providerUrnOf(ref: string): string {
    const parts = ref.split("::");
    // A URN has four `::`-separated parts (urn:pulumi:stack, project, type, name); an ID makes five.
    return parts.length > 4 ? parts.slice(0, 4).join("::") : ref;
}

interface Resolved {
    node?: Node;
    /** How a cross-stack or fallback match was made, for the hop's note. */
    via?: string;
    /** Why nothing was found. */
    why?: string;
}

/**
 * Resolves the value of an input to the resource it names. Within a plan by URN (the property's
 * dependencies, passing through resources that only carried the value along, such as an accepter
 * carrying an attachment ID); across plans through the StackReference the value came from.
 */
export class Resolver {
    readonly plans: Map<string, Plan>;
    private readonly byUrn = new Map<string, Node>();
    /** Per stack and type: value → URN, learned from inputs that depend on exactly that resource. */
    private readonly index = new Map<string, Map<string, Map<string, string | null>>>();

    constructor(plans: Plans) {
        this.plans = planMap(plans);
        for (const [stack, plan] of this.plans) {
            for (const r of plan.resources) {
                this.byUrn.set(r.urn, { stack, r });
            }
        }
        for (const [stack, plan] of this.plans) {
            const byType = new Map<string, Map<string, string | null>>();
            this.index.set(stack, byType);
            for (const r of plan.resources) {
                for (const [prop, deps] of Object.entries(r.propertyDependencies ?? {})) {
                    const value = r.inputs[prop];
                    const dep = deps.length === 1 ? this.byUrn.get(deps[0]) : undefined;
                    if (typeof value !== "string" || value === UNKNOWN || !dep || !dep.r.custom || dep.stack !== stack) {
                        continue;
                    }
                    const m = byType.get(dep.r.type) ?? new Map<string, string | null>();
                    byType.set(dep.r.type, m);
                    const known = m.get(value);
                    // The same value naming two resources of one type is ambiguous: forget it.
                    m.set(value, known === undefined || known === dep.r.urn ? dep.r.urn : null);
                }
            }
        }
    }

    node(urn: string): Node | undefined {
        return this.byUrn.get(urn);
    }

    /** Resources of a type in every plan (or one stack's). */
    all(type: string, stack?: string): Node[] {
        const out: Node[] = [];
        for (const [s, plan] of this.plans) {
            if (stack === undefined || s === stack) {
                plan.resources.filter((r) => r.type === type).forEach((r) => out.push({ stack: s, r }));
            }
        }
        return out;
    }

    /** The resource `n.r.inputs[prop]` names (one of `types`). */
    ref(n: Node, prop: string, types: readonly string[]): Resolved {
        const value = n.r.inputs[prop];
        if (typeof value !== "string") {
            return { why: `${prop} is ${value === undefined ? "unset" : "not a single reference"}` };
        }
        return this.resolveValue(n, prop, value, types, 0);
    }

    /** The resources an array input names, one entry per element. */
    refs(n: Node, prop: string, types: readonly string[], values: unknown = n.r.inputs[prop]): Resolved[] {
        if (!Array.isArray(values)) {
            return typeof values === "string" ? [this.resolveValue(n, prop.split(".")[0], values, types, 0)] : [];
        }
        return values.map((v) => (typeof v === "string" ? this.resolveValue(n, prop.split(".")[0], v, types, 0) : { why: `${prop} holds ${JSON.stringify(v)}` }));
    }

    private lookup(stack: string, types: readonly string[], value: string, among?: Node[]): Node | undefined {
        for (const type of types) {
            const urn = this.index.get(stack)?.get(type)?.get(value);
            if (urn && (!among || among.some((a) => a.r.urn === urn))) {
                return this.byUrn.get(urn);
            }
        }
        return undefined;
    }

    /** The offline plan's mock ID of a resource (tools/plan/mocks.ts): the last resort, named in the hop. */
    private mockMatch(stack: string, types: readonly string[], value: string, among?: Node[]): Node | undefined {
        const candidates = (among ?? types.flatMap((t) => this.all(t, stack))).filter((c) => types.includes(c.r.type) && `${c.r.name}-id` === value);
        return candidates.length === 1 ? candidates[0] : undefined;
    }

    private resolveValue(n: Node, prop: string, value: string, types: readonly string[], depth: number): Resolved {
        if (value === UNKNOWN) {
            return { why: `${prop} is unknown until apply` };
        }
        if (depth > 6) {
            return { why: `${prop} passes through too many resources` };
        }
        const deps = (n.r.propertyDependencies?.[prop] ?? []).map((u) => this.byUrn.get(u)).filter((d): d is Node => d !== undefined);
        const wanted = deps.filter((d) => types.includes(d.r.type));
        if (wanted.length === 1) {
            return { node: wanted[0] };
        }
        if (wanted.length > 1) {
            const found = this.lookup(n.stack, types, value, wanted) ?? this.mockMatch(n.stack, types, value, wanted);
            return found ? { node: found } : { why: `${prop} = ${JSON.stringify(value)} depends on ${wanted.length} resources of the type and names none of them recognisably` };
        }
        for (const d of deps.filter((x) => x.r.type === TYPES.stackReference)) {
            const cross = this.acrossStacks(d, value, types);
            if (cross.node) {
                return cross;
            }
            if (cross.why) {
                return cross;
            }
        }
        // A resource that carried the value along (an accepter carries its attachment's ID, a
        // component output waits on an association): follow the input of it that holds the value.
        let deeper: string | undefined;
        for (const d of deps.filter((x) => x.r.type !== TYPES.stackReference)) {
            for (const [k, v] of Object.entries(d.r.inputs)) {
                if (v === value && (d.r.propertyDependencies?.[k] ?? []).length > 0) {
                    const found = this.resolveValue(d, k, value, types, depth + 1);
                    if (found.node) {
                        return found;
                    }
                    deeper ??= found.why;
                }
            }
        }
        if (deeper) {
            return { why: deeper };
        }
        if (deps.length === 0) {
            return { why: `${prop} = ${JSON.stringify(value)} is a literal: it depends on no resource of the plan` };
        }
        return { why: `${prop} = ${JSON.stringify(value)} depends on ${deps.map((d) => d.r.name).join(", ")}, none of which is a ${types.join(" or ")}` };
    }

    private acrossStacks(ref: Node, value: string, types: readonly string[]): Resolved {
        const target = String(ref.r.inputs.name ?? ref.r.name).split("/").pop() ?? "";
        const plan = this.plans.get(target);
        if (!plan) {
            return { why: `${JSON.stringify(value)} comes from stack ${target}, which is not among the plans` };
        }
        const output = findOutput(plan.outputs, value);
        if (output === undefined) {
            return { why: `${JSON.stringify(value)} is not among the outputs of stack ${target}` };
        }
        const byValue = this.lookup(target, types, value);
        if (byValue) {
            return { node: byValue, via: `output ${output} of ${target}` };
        }
        const byMock = this.mockMatch(target, types, value);
        if (byMock) {
            return { node: byMock, via: `output ${output} of ${target}, matched by its mock ID` };
        }
        return { why: `output ${output} of ${target} (${JSON.stringify(value)}) names no ${types.join(" or ")} of that stack` };
    }
}

function findOutput(outputs: unknown, value: string, path = ""): string | undefined {
    if (outputs === value) {
        return path;
    }
    if (outputs && typeof outputs === "object") {
        for (const [k, v] of Object.entries(outputs as Record<string, unknown>)) {
            const found = findOutput(v, value, Array.isArray(outputs) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
            if (found !== undefined) {
                return found;
            }
        }
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// The network model

interface Vpc {
    node: Node;
    cidrs: Cidr[];
}

interface Subnet {
    node: Node;
    cidr: Cidr;
    az: string;
    tier?: string;
    vpc?: Vpc;
}

type Target =
    | { kind: "local" }
    | { kind: "tgw"; tgw: Node; via?: string }
    | { kind: "nat"; nat: Node }
    | { kind: "igw"; name: string }
    | { kind: "blackhole" }
    | { kind: "unresolved"; why: string };

interface RouteEntry {
    name: string;
    dest: Cidr;
    target: Target;
}

interface RouteTable {
    node?: Node;
    name: string;
    stack: string;
    vpc: Vpc;
    routes: RouteEntry[];
}

interface Attachment {
    node: Node;
    vpc?: Vpc;
    tgw?: Node;
    subnets: Subnet[];
    problems: string[];
    accepted: boolean;
    associations: TgwRouteTable[];
}

interface TgwRoute {
    name: string;
    dest: Cidr;
    blackhole: boolean;
    attachment?: Attachment;
    propagated: boolean;
    why?: string;
}

interface TgwRouteTable {
    node: Node;
    static: TgwRoute[];
    propagations: Attachment[];
}

interface SgRule {
    name: string;
    protocol: string;
    fromPort?: number;
    toPort?: number;
    cidrs: string[];
    groups: string[];
    self: boolean;
    unknown: boolean;
}

interface SecurityGroup {
    node: Node;
    ingress: SgRule[];
    egress: SgRule[];
}

interface NaclRule {
    number: number;
    egress: boolean;
    allow: boolean;
    protocol: string;
    cidr?: string;
    fromPort?: number;
    toPort?: number;
}

interface Nacl {
    node: Node;
    rules: NaclRule[];
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : undefined);
const cidrOf = (v: unknown): Cidr | undefined => (isCidr(v) ? parseCidr(v) : undefined);
/** Whether `inner` lies inside `outer`. */
const inside = (inner: Cidr, outer: Cidr): boolean => inner.first >= outer.first && inner.first + inner.size <= outer.first + outer.size;

/** The model of every network resource in a set of plans, with references resolved. */
export class NetworkModel {
    readonly resolver: Resolver;
    readonly vpcs = new Map<string, Vpc>();
    readonly subnets = new Map<string, Subnet>();
    readonly routeTables = new Map<string, RouteTable>();
    /** Subnet URN → its explicitly associated route table. */
    private readonly subnetRouteTable = new Map<string, RouteTable>();
    private readonly mainRouteTables = new Map<string, RouteTable>();
    readonly natGateways = new Map<string, { node: Node; subnet?: Subnet }>();
    readonly attachments = new Map<string, Attachment>();
    readonly tgwRouteTables = new Map<string, TgwRouteTable>();
    readonly securityGroups = new Map<string, SecurityGroup>();
    private readonly subnetNacl = new Map<string, Nacl>();

    constructor(plans: Plans) {
        this.resolver = new Resolver(plans);
        const R = this.resolver;
        for (const n of R.all(TYPES.vpc)) {
            const cidr = cidrOf(n.r.inputs.cidrBlock);
            this.vpcs.set(n.r.urn, { node: n, cidrs: cidr ? [cidr] : [] });
        }
        for (const n of R.all(TYPES.vpcCidr)) {
            const vpc = this.vpcOf(n);
            const cidr = cidrOf(n.r.inputs.cidrBlock);
            if (vpc && cidr) {
                vpc.cidrs.push(cidr);
            }
        }
        for (const n of R.all(TYPES.subnet)) {
            const cidr = cidrOf(n.r.inputs.cidrBlock);
            if (!cidr) {
                continue;
            }
            const tags = (n.r.inputs.tags ?? {}) as Record<string, unknown>;
            const tier = typeof tags[SUBNET_TIER_TAG] === "string" ? (tags[SUBNET_TIER_TAG] as string) : undefined;
            this.subnets.set(n.r.urn, { node: n, cidr, az: String(n.r.inputs.availabilityZone ?? ""), tier, vpc: this.vpcOf(n) });
        }
        for (const n of R.all(TYPES.natGateway)) {
            const subnet = R.ref(n, "subnetId", [TYPES.subnet]).node;
            this.natGateways.set(n.r.urn, { node: n, subnet: subnet ? this.subnets.get(subnet.r.urn) : undefined });
        }
        for (const n of R.all(TYPES.routeTable)) {
            const vpc = this.vpcOf(n);
            if (!vpc) {
                continue;
            }
            const rt: RouteTable = { node: n, name: n.r.name, stack: n.stack, vpc, routes: vpc.cidrs.map((c) => ({ name: "local", dest: c, target: { kind: "local" } })) };
            const inline = Array.isArray(n.r.inputs.routes) ? (n.r.inputs.routes as Record<string, unknown>[]) : [];
            inline.forEach((route, i) => {
                const dest = cidrOf(route.cidrBlock);
                if (dest) {
                    rt.routes.push({ name: `${n.r.name} routes[${i}]`, dest, target: this.routeTarget(n, "routes", route) });
                }
            });
            this.routeTables.set(n.r.urn, rt);
        }
        for (const n of R.all(TYPES.route)) {
            const rt = this.rtOf(n);
            const dest = cidrOf(n.r.inputs.destinationCidrBlock);
            if (rt && dest) {
                rt.routes.push({ name: n.r.name, dest, target: this.routeTarget(n, undefined, n.r.inputs) });
            }
        }
        for (const n of R.all(TYPES.routeTableAssociation)) {
            const rt = this.rtOf(n);
            const subnet = R.ref(n, "subnetId", [TYPES.subnet]).node;
            if (rt && subnet) {
                this.subnetRouteTable.set(subnet.r.urn, rt);
            }
        }
        for (const n of R.all(TYPES.mainRouteTableAssociation)) {
            const rt = this.rtOf(n);
            const vpc = this.vpcOf(n);
            if (rt && vpc) {
                this.mainRouteTables.set(vpc.node.r.urn, rt);
            }
        }
        this.buildTransit();
        this.buildSecurityGroups();
        this.buildNacls();
    }

    private vpcOf(n: Node, prop = "vpcId"): Vpc | undefined {
        const vpc = this.resolver.ref(n, prop, [TYPES.vpc]).node;
        return vpc ? this.vpcs.get(vpc.r.urn) : undefined;
    }

    private rtOf(n: Node): RouteTable | undefined {
        const rt = this.resolver.ref(n, "routeTableId", [TYPES.routeTable]).node;
        return rt ? this.routeTables.get(rt.r.urn) : undefined;
    }

    private routeTarget(n: Node, inlineProp: string | undefined, route: Record<string, unknown>): Target {
        const R = this.resolver;
        const resolve = (prop: string, types: string[]) => {
            if (!inlineProp) {
                return R.ref(n, prop, types);
            }
            return R.refs(n, inlineProp, types, [route[prop]])[0];
        };
        if (route.transitGatewayId !== undefined) {
            const tgw = resolve("transitGatewayId", [TYPES.transitGateway]);
            return tgw.node ? { kind: "tgw", tgw: tgw.node, via: tgw.via } : { kind: "unresolved", why: `transit gateway: ${tgw.why}` };
        }
        if (route.natGatewayId !== undefined) {
            const nat = resolve("natGatewayId", [TYPES.natGateway]);
            return nat.node ? { kind: "nat", nat: nat.node } : { kind: "unresolved", why: `NAT gateway: ${nat.why}` };
        }
        if (route.gatewayId !== undefined) {
            const igw = resolve("gatewayId", [TYPES.internetGateway]);
            return igw.node ? { kind: "igw", name: igw.node.r.name } : { kind: "unresolved", why: `gateway: ${igw.why}` };
        }
        const other = ["vpcPeeringConnectionId", "networkInterfaceId", "vpcEndpointId", "egressOnlyGatewayId", "localGatewayId", "carrierGatewayId", "coreNetworkArn"].find((k) => route[k] !== undefined);
        return other ? { kind: "unresolved", why: `${other} targets are not modelled` } : { kind: "blackhole" };
    }

    private buildTransit(): void {
        const R = this.resolver;
        for (const n of R.all(TYPES.tgwRouteTable)) {
            this.tgwRouteTables.set(n.r.urn, { node: n, static: [], propagations: [] });
        }
        const accepted = new Set<string>();
        for (const n of R.all(TYPES.tgwAccepter)) {
            const att = R.ref(n, "transitGatewayAttachmentId", [TYPES.tgwAttachment]).node;
            if (att) {
                accepted.add(att.r.urn);
            }
        }
        for (const n of R.all(TYPES.tgwAttachment)) {
            const problems: string[] = [];
            const tgw = R.ref(n, "transitGatewayId", [TYPES.transitGateway]);
            if (!tgw.node) {
                problems.push(`its transit gateway cannot be resolved: ${tgw.why}`);
            }
            const subnets: Subnet[] = [];
            for (const s of R.refs(n, "subnetIds", [TYPES.subnet])) {
                const subnet = s.node ? this.subnets.get(s.node.r.urn) : undefined;
                if (subnet) {
                    subnets.push(subnet);
                } else {
                    problems.push(`a subnet cannot be resolved: ${s.why}`);
                }
            }
            const tgwNode = tgw.node ?? undefined;
            const sameAccount = tgwNode !== undefined && accountOf(R.plans.get(n.stack)!, n.r) === accountOf(R.plans.get(tgwNode.stack)!, tgwNode.r);
            const autoAccept = tgwNode?.r.inputs.autoAcceptSharedAttachments === "enable";
            this.attachments.set(n.r.urn, { node: n, vpc: this.vpcOf(n), tgw: tgwNode, subnets, problems, accepted: sameAccount || autoAccept || accepted.has(n.r.urn), associations: [] });
        }
        const attachmentOf = (n: Node) => {
            const a = R.ref(n, "transitGatewayAttachmentId", [TYPES.tgwAttachment]);
            return { attachment: a.node ? this.attachments.get(a.node.r.urn) : undefined, why: a.why };
        };
        const tableOf = (n: Node) => {
            const t = R.ref(n, "transitGatewayRouteTableId", [TYPES.tgwRouteTable]);
            return t.node ? this.tgwRouteTables.get(t.node.r.urn) : undefined;
        };
        for (const n of R.all(TYPES.tgwAssociation)) {
            const { attachment } = attachmentOf(n);
            const table = tableOf(n);
            if (attachment && table) {
                attachment.associations.push(table);
            }
        }
        for (const n of R.all(TYPES.tgwPropagation)) {
            const { attachment } = attachmentOf(n);
            const table = tableOf(n);
            if (attachment && table) {
                table.propagations.push(attachment);
            }
        }
        for (const n of R.all(TYPES.tgwRoute)) {
            const table = tableOf(n);
            const dest = cidrOf(n.r.inputs.destinationCidrBlock);
            if (!table || !dest) {
                continue;
            }
            const blackhole = n.r.inputs.blackhole === true;
            const { attachment, why } = blackhole ? { attachment: undefined, why: undefined } : attachmentOf(n);
            table.static.push({ name: n.r.name, dest, blackhole, attachment, propagated: false, why });
        }
    }

    private sgRule(name: string, protocol: unknown, fromPort: unknown, toPort: unknown, cidrs: unknown[], groups: Resolved[], self: boolean): SgRule {
        const plainCidrs = cidrs.filter((c): c is string => typeof c === "string");
        return {
            name,
            protocol: String(protocol ?? "-1").toLowerCase(),
            fromPort: num(fromPort),
            toPort: num(toPort),
            cidrs: plainCidrs.filter((c) => c !== UNKNOWN),
            groups: groups.map((g) => g.node?.r.urn).filter((u): u is string => u !== undefined),
            self,
            unknown: plainCidrs.includes(UNKNOWN) || groups.some((g) => !g.node) || protocol === UNKNOWN || fromPort === UNKNOWN,
        };
    }

    private buildSecurityGroups(): void {
        const R = this.resolver;
        const sgTypes = [TYPES.securityGroup, TYPES.defaultSecurityGroup];
        for (const type of sgTypes) {
            for (const n of R.all(type)) {
                const sg: SecurityGroup = { node: n, ingress: [], egress: [] };
                for (const direction of ["ingress", "egress"] as const) {
                    const rules = Array.isArray(n.r.inputs[direction]) ? (n.r.inputs[direction] as Record<string, unknown>[]) : [];
                    rules.forEach((rule, i) => {
                        const groups = Array.isArray(rule.securityGroups) ? R.refs(n, direction, sgTypes, rule.securityGroups) : [];
                        sg[direction].push(
                            this.sgRule(`${n.r.name} ${direction}[${i}]`, rule.protocol, rule.fromPort, rule.toPort, Array.isArray(rule.cidrBlocks) ? rule.cidrBlocks : [], groups, rule.self === true),
                        );
                    });
                }
                this.securityGroups.set(n.r.urn, sg);
            }
        }
        const sgOf = (n: Node) => {
            const g = R.ref(n, "securityGroupId", sgTypes).node;
            return g ? this.securityGroups.get(g.r.urn) : undefined;
        };
        for (const [type, direction] of [
            [TYPES.ingressRule, "ingress"],
            [TYPES.egressRule, "egress"],
        ] as const) {
            for (const n of R.all(type)) {
                const sg = sgOf(n);
                const i = n.r.inputs;
                const groups = i.referencedSecurityGroupId !== undefined ? [R.ref(n, "referencedSecurityGroupId", sgTypes)] : [];
                sg?.[direction].push(this.sgRule(n.r.name, i.ipProtocol, i.fromPort, i.toPort, [i.cidrIpv4].filter((c) => c !== undefined), groups, false));
            }
        }
        for (const n of R.all(TYPES.securityGroupRule)) {
            const sg = sgOf(n);
            const i = n.r.inputs;
            const direction = i.type === "egress" ? "egress" : "ingress";
            const groups = i.sourceSecurityGroupId !== undefined ? [R.ref(n, "sourceSecurityGroupId", sgTypes)] : [];
            sg?.[direction].push(this.sgRule(n.r.name, i.protocol, i.fromPort, i.toPort, Array.isArray(i.cidrBlocks) ? i.cidrBlocks : [], groups, i.self === true));
        }
    }

    private buildNacls(): void {
        const R = this.resolver;
        const naclTypes = [TYPES.networkAcl, TYPES.defaultNetworkAcl];
        const nacls = new Map<string, Nacl>();
        const inlineRules = (n: Node): NaclRule[] =>
            (["ingress", "egress"] as const).flatMap((d) =>
                (Array.isArray(n.r.inputs[d]) ? (n.r.inputs[d] as Record<string, unknown>[]) : []).map((x) => ({
                    number: num(x.ruleNo) ?? 0,
                    egress: d === "egress",
                    allow: String(x.action).toLowerCase() === "allow",
                    protocol: String(x.protocol ?? "-1").toLowerCase(),
                    cidr: typeof x.cidrBlock === "string" ? x.cidrBlock : undefined,
                    fromPort: num(x.fromPort),
                    toPort: num(x.toPort),
                })),
            );
        for (const type of naclTypes) {
            for (const n of R.all(type)) {
                const nacl = { node: n, rules: inlineRules(n) };
                nacls.set(n.r.urn, nacl);
                for (const s of R.refs(n, "subnetIds", [TYPES.subnet])) {
                    if (s.node) {
                        this.subnetNacl.set(s.node.r.urn, nacl);
                    }
                }
                if (type === TYPES.defaultNetworkAcl) {
                    // The default ACL of a VPC holds every subnet no other ACL claims.
                    const vpcNode = R.ref(n, "defaultNetworkAclId", [TYPES.vpc]).node;
                    for (const s of this.subnets.values()) {
                        if (vpcNode && s.vpc?.node.r.urn === vpcNode.r.urn && !this.subnetNacl.has(s.node.r.urn)) {
                            this.subnetNacl.set(s.node.r.urn, nacl);
                        }
                    }
                }
            }
        }
        for (const n of R.all(TYPES.networkAclRule)) {
            const acl = R.ref(n, "networkAclId", naclTypes).node;
            const i = n.r.inputs;
            nacls.get(acl?.r.urn ?? "")?.rules.push({
                number: num(i.ruleNumber) ?? 0,
                egress: i.egress === true,
                allow: String(i.ruleAction).toLowerCase() === "allow",
                protocol: String(i.protocol ?? "-1").toLowerCase(),
                cidr: typeof i.cidrBlock === "string" ? i.cidrBlock : undefined,
                fromPort: num(i.fromPort),
                toPort: num(i.toPort),
            });
        }
        for (const n of R.all(TYPES.networkAclAssociation)) {
            const acl = R.ref(n, "networkAclId", naclTypes).node;
            const subnet = R.ref(n, "subnetId", [TYPES.subnet]).node;
            const nacl = acl ? nacls.get(acl.r.urn) : undefined;
            if (nacl && subnet) {
                this.subnetNacl.set(subnet.r.urn, nacl);
            }
        }
    }

    routeTableOf(subnet: Subnet): RouteTable | undefined {
        const explicit = this.subnetRouteTable.get(subnet.node.r.urn);
        if (explicit || !subnet.vpc) {
            return explicit;
        }
        const vpc = subnet.vpc;
        const main = this.mainRouteTables.get(vpc.node.r.urn);
        return main ?? { name: `${vpc.node.r.name} main route table (implicit)`, stack: vpc.node.stack, vpc, routes: vpc.cidrs.map((c) => ({ name: "local", dest: c, target: { kind: "local" } })) };
    }

    naclOf(subnet: Subnet): Nacl | undefined {
        return this.subnetNacl.get(subnet.node.r.urn);
    }

    attachmentsOf(vpc: Vpc): Attachment[] {
        return [...this.attachments.values()].filter((a) => a.vpc === vpc);
    }
}

// ---------------------------------------------------------------------------------------------
// Reachability

export interface Hop {
    stack: string;
    type: string;
    name: string;
    urn?: string;
    /** What the packet does here (the route taken, the rule that admits it). */
    note: string;
}

export interface Blocked {
    hop: Hop;
    reason: string;
}

export interface Leg {
    /** Source subnet (`stack:name cidr`). */
    from: string;
    to: string;
    hops: Hop[];
    blocked?: Blocked;
}

export interface Reachability {
    reachable: boolean;
    port?: number;
    /** One leg per source and destination subnet pair. */
    forward: Leg[];
    /** The way back, from each destination subnet to each source subnet. */
    returns: Leg[];
    /** The first blocked leg, forward legs first. */
    blocked?: Blocked & { direction: "forward" | "return"; leg: Leg };
    /** Checks that were not made and why (no source security group selected, route level only). */
    notEvaluated: string[];
}

export interface SubnetSelector {
    stack: string;
    /** `platform:subnet-tier` tag: public, private or intra. */
    tier?: string;
    /** Name of the VPC resource, when the stack has more than one. */
    vpc?: string;
    /** Names of subnet resources. */
    subnets?: string[];
    /** Names of the security groups of the endpoints (the source's egress, the destination's ingress). */
    securityGroups?: string[];
}

export interface EndpointSelector extends SubnetSelector {
    /**
     * The resource whose network interfaces are the endpoint: its subnets (intersected with the
     * tier) and its security groups (`vpcConfig` of an EKS cluster or a CodeBuild project,
     * `subnetIds` / `securityGroupIds` of an endpoint or instance).
     */
    target?: { type: string; name?: string };
}

const hopOf = (n: Node, note: string): Hop => ({ stack: n.stack, type: n.r.type, name: n.r.name, urn: n.r.urn, note });

/** `stack:name note` per hop: for messages and assertions. */
export function describeHops(hops: Hop[]): string[] {
    return hops.map((h) => `${h.stack}:${h.name} ${h.note}`.trim());
}

/** One line: where the path stops and why. */
export function describeBlocked(result: Reachability): string | undefined {
    const b = result.blocked;
    return b ? `${b.direction} ${b.leg.from} -> ${b.leg.to} blocked at ${b.hop.stack}:${b.hop.name} (${b.hop.type}): ${b.reason}` : undefined;
}

const subnetLabel = (s: Subnet) => `${s.node.stack}:${s.node.r.name} ${s.cidr.cidr}`;
const EPHEMERAL: [number, number] = [1024, 65535];

class Walker {
    private readonly seen = new Set<string>();

    constructor(
        private readonly m: NetworkModel,
        private readonly goal: Subnet,
    ) {}

    /** Routes `dest` from `subnet`: the hops taken, or the first that blocks. */
    fromSubnet(subnet: Subnet, dest: Cidr, hops: Hop[], depth = 0): { hops: Hop[]; blocked?: Blocked } {
        const rt = this.m.routeTableOf(subnet);
        if (!rt) {
            const hop = hopOf(subnet.node, "");
            return { hops: [...hops, hop], blocked: { hop, reason: `subnet ${subnet.node.r.name} belongs to no VPC of the plans` } };
        }
        const rtHop: Hop = rt.node ? hopOf(rt.node, "") : { stack: rt.stack, type: TYPES.routeTable, name: rt.name, note: "" };
        if (depth > 12) {
            return { hops: [...hops, rtHop], blocked: { hop: rtHop, reason: "the path is longer than 12 route tables (a routing loop?)" } };
        }
        let first: { hops: Hop[]; blocked?: Blocked } | undefined;
        for (const piece of split(dest, rt.routes.map((r) => r.dest))) {
            const key = `${rt.node?.r.urn ?? rt.name}|${piece.cidr}`;
            const at = [...hops, { ...rtHop }];
            const hop = at[at.length - 1];
            let result: { hops: Hop[]; blocked?: Blocked };
            if (this.seen.has(key)) {
                result = { hops: at, blocked: { hop, reason: `routing loop: ${piece.cidr} comes back to ${rt.name}` } };
            } else {
                this.seen.add(key);
                result = this.route(rt, subnet, piece, at, hop, depth);
                this.seen.delete(key);
            }
            if (result.blocked) {
                return result;
            }
            first ??= result;
        }
        return first!;
    }

    private route(rt: RouteTable, subnet: Subnet, piece: Cidr, at: Hop[], hop: Hop, depth: number): { hops: Hop[]; blocked?: Blocked } {
        const best = longest(rt.routes, piece);
        if (!best) {
            return { hops: at, blocked: { hop, reason: `${rt.name} has no route to ${piece.cidr}` } };
        }
        const t = best.target;
        const routeNote = (what: string) => `${best.dest.cidr} -> ${what}${best.name === "local" ? "" : ` (${best.name})`}`;
        switch (t.kind) {
            case "local": {
                hop.note = routeNote("local");
                if (this.goal.vpc === rt.vpc) {
                    return { hops: [...at, hopOf(this.goal.node, `arrives (${this.goal.cidr.cidr})`)] };
                }
                return { hops: at, blocked: { hop, reason: `${piece.cidr} is local to VPC ${rt.vpc.node.r.name}, but the destination subnet is in another VPC (overlapping ranges)` } };
            }
            case "blackhole":
                hop.note = routeNote("blackhole");
                return { hops: at, blocked: { hop, reason: `${piece.cidr} matches route ${best.name} (${best.dest.cidr}), which has no target (blackhole)` } };
            case "igw":
                hop.note = routeNote(`internet gateway ${t.name}`);
                return { hops: at, blocked: { hop, reason: `${piece.cidr} matches ${best.name} (${best.dest.cidr}) to internet gateway ${t.name}: a private destination is not reached through the internet` } };
            case "unresolved":
                hop.note = routeNote("?");
                return { hops: at, blocked: { hop, reason: `route ${best.name} (${best.dest.cidr}) for ${piece.cidr}: ${t.why}` } };
            case "nat": {
                hop.note = routeNote(`NAT gateway ${t.nat.r.name}`);
                const nat = this.m.natGateways.get(t.nat.r.urn);
                const natHop = hopOf(t.nat, `forwards from its subnet`);
                if (!nat?.subnet) {
                    return { hops: [...at, natHop], blocked: { hop: natHop, reason: `NAT gateway ${t.nat.r.name} has no subnet in the plans` } };
                }
                return this.fromSubnet(nat.subnet, piece, [...at, natHop], depth + 1);
            }
            case "tgw": {
                hop.note = routeNote(`transit gateway ${t.tgw.r.name}${t.via ? ` (${t.via})` : ""}`);
                const attachments = rt.vpc ? this.m.attachmentsOf(rt.vpc).filter((a) => a.tgw?.r.urn === t.tgw.r.urn) : [];
                if (attachments.length === 0) {
                    return { hops: at, blocked: { hop, reason: `route ${best.name} sends ${piece.cidr} to transit gateway ${t.tgw.r.name}, but VPC ${rt.vpc.node.r.name} has no attachment to it` } };
                }
                return this.throughTgw(attachments[0], subnet.az, piece, at, depth);
            }
        }
    }

    private throughTgw(att: Attachment, az: string, dest: Cidr, hops: Hop[], depth: number): { hops: Hop[]; blocked?: Blocked } {
        const attHop = hopOf(att.node, `attachment of VPC ${att.vpc?.node.r.name ?? "?"} enters transit gateway ${att.tgw?.r.name ?? "?"}`);
        const at = [...hops, attHop];
        if (att.problems.length > 0) {
            return { hops: at, blocked: { hop: attHop, reason: `attachment ${att.node.r.name}: ${att.problems.join("; ")}` } };
        }
        if (!att.accepted) {
            return { hops: at, blocked: { hop: attHop, reason: `attachment ${att.node.r.name} crosses accounts and nothing accepts it (no VpcAttachmentAccepter, no auto-accept)` } };
        }
        if (!att.subnets.some((s) => s.az === az)) {
            return { hops: at, blocked: { hop: attHop, reason: `attachment ${att.node.r.name} has no subnet in ${az}, so traffic from that zone cannot enter the transit gateway` } };
        }
        if (att.associations.length === 0) {
            return { hops: at, blocked: { hop: attHop, reason: `attachment ${att.node.r.name} is associated with no transit gateway route table` } };
        }
        const table = att.associations[0];
        const tableHop = hopOf(table.node, "");
        const routes: TgwRoute[] = [
            ...table.static,
            ...table.propagations.flatMap((a) => (a.vpc?.cidrs ?? []).map((c) => ({ name: `propagated from ${a.node.r.name}`, dest: c, blackhole: false, attachment: a, propagated: true }))),
        ];
        let first: { hops: Hop[]; blocked?: Blocked } | undefined;
        for (const piece of split(dest, routes.map((r) => r.dest))) {
            const here = [...at, { ...tableHop }];
            const hop = here[here.length - 1];
            const result = this.tgwRoute(table, routes, piece, az, here, hop, depth);
            if (result.blocked) {
                return result;
            }
            first ??= result;
        }
        return first!;
    }

    private tgwRoute(table: TgwRouteTable, routes: TgwRoute[], piece: Cidr, az: string, at: Hop[], hop: Hop, depth: number): { hops: Hop[]; blocked?: Blocked } {
        const matching = routes.filter((r) => inside(piece, r.dest));
        const prefix = Math.max(-1, ...matching.map((r) => r.dest.prefix));
        // Static routes win over propagated ones of the same prefix.
        const best = matching.filter((r) => r.dest.prefix === prefix).sort((a, b) => Number(a.propagated) - Number(b.propagated))[0];
        const name = table.node.r.name;
        if (!best) {
            return { hops: at, blocked: { hop, reason: `transit gateway route table ${name} has no route to ${piece.cidr}${this.missingPropagation(table, piece)}` } };
        }
        if (best.blackhole) {
            hop.note = `${best.dest.cidr} -> blackhole (${best.name})`;
            return { hops: at, blocked: { hop, reason: `transit gateway route table ${name} drops ${piece.cidr}: blackhole route ${best.name} (${best.dest.cidr})${this.missingPropagation(table, piece)}` } };
        }
        if (!best.attachment) {
            return { hops: at, blocked: { hop, reason: `route ${best.name} in ${name}: its attachment cannot be resolved: ${best.why}` } };
        }
        const next = best.attachment;
        hop.note = `${best.dest.cidr} -> attachment ${next.node.r.name} (${best.propagated ? "propagated" : best.name})`;
        const exitHop = hopOf(next.node, `delivers into VPC ${next.vpc?.node.r.name ?? "?"}`);
        if (!next.accepted) {
            return { hops: [...at, exitHop], blocked: { hop: exitHop, reason: `attachment ${next.node.r.name} crosses accounts and nothing accepts it` } };
        }
        // The transit gateway keeps the zone when the attachment has a subnet there, else picks one.
        const sameZone = next.subnets.filter((s) => s.az === az);
        const entries = sameZone.length > 0 ? sameZone : next.subnets;
        if (entries.length === 0) {
            return { hops: [...at, exitHop], blocked: { hop: exitHop, reason: `attachment ${next.node.r.name} has no subnets` } };
        }
        let first: { hops: Hop[]; blocked?: Blocked } | undefined;
        for (const entry of entries) {
            const result = this.fromSubnet(entry, piece, [...at, { ...exitHop, note: `${exitHop.note} through ${entry.node.r.name}` }], depth + 1);
            if (result.blocked) {
                return result;
            }
            first ??= result;
        }
        return first!;
    }

    /** Names the attachment that would have to propagate into the table for `piece` to be routed. */
    private missingPropagation(table: TgwRouteTable, piece: Cidr): string {
        const owners = [...this.m.attachments.values()].filter((a) => a.vpc?.cidrs.some((c) => inside(piece, c)) && !table.propagations.includes(a));
        return owners.length > 0
            ? `; no propagation from ${owners.map((a) => `attachment ${a.node.stack}:${a.node.r.name} (VPC ${a.vpc!.node.r.name} ${a.vpc!.cidrs.map((c) => c.cidr).join(", ")})`).join(", ")} into ${table.node.r.name}`
            : "";
    }
}

/** Splits `dest` until no prefix lies strictly inside a piece, so that every piece has one longest match. */
function split(dest: Cidr, prefixes: Cidr[]): Cidr[] {
    if (!prefixes.some((p) => p.prefix > dest.prefix && inside(p, dest))) {
        return [dest];
    }
    const half = dest.size / 2;
    const a = parseCidr(formatCidr(dest.first, dest.prefix + 1));
    const b = parseCidr(formatCidr(dest.first + half, dest.prefix + 1));
    return [...split(a, prefixes), ...split(b, prefixes)];
}

function longest(routes: RouteEntry[], piece: Cidr): RouteEntry | undefined {
    return routes.filter((r) => inside(piece, r.dest)).sort((a, b) => b.dest.prefix - a.dest.prefix)[0];
}

function protocolMatches(protocol: string, port: number | [number, number], from?: number, to?: number): boolean {
    if (protocol === "-1" || protocol === "all") {
        return true;
    }
    if (protocol !== "tcp" && protocol !== "6") {
        return false;
    }
    const [lo, hi] = typeof port === "number" ? [port, port] : port;
    return from !== undefined && to !== undefined && from <= lo && hi <= to;
}

function describeRule(rule: SgRule): string {
    const ports = rule.protocol === "-1" ? "all" : `${rule.protocol}/${rule.fromPort ?? "?"}-${rule.toPort ?? "?"}`;
    const from = [...rule.cidrs, ...rule.groups.map((g) => g.split("::").pop()), ...(rule.self ? ["self"] : [])].join(",") || (rule.unknown ? "<computed>" : "nothing");
    return `${rule.name} (${ports} ${from})`;
}

/** Selects subnets; throws when the selector matches none, so that no check passes on an empty set. */
function selectSubnets(m: NetworkModel, sel: SubnetSelector): Subnet[] {
    const found = [...m.subnets.values()].filter(
        (s) =>
            s.node.stack === sel.stack &&
            (sel.tier === undefined || s.tier === sel.tier) &&
            (sel.vpc === undefined || s.vpc?.node.r.name === sel.vpc) &&
            (sel.subnets === undefined || sel.subnets.includes(s.node.r.name)),
    );
    if (found.length === 0) {
        throw new Error(`reachability: no subnet of stack ${sel.stack} matches ${JSON.stringify(sel)}`);
    }
    return found;
}

function selectGroups(m: NetworkModel, stack: string, names: string[]): SecurityGroup[] {
    return names.map((name) => {
        const sg = [...m.securityGroups.values()].find((g) => g.node.stack === stack && g.node.r.name === name);
        if (!sg) {
            throw new Error(`reachability: stack ${stack} has no security group named ${name}`);
        }
        return sg;
    });
}

interface Destination {
    subnets: Subnet[];
    groups: SecurityGroup[];
    notes: string[];
}

function selectEndpoint(m: NetworkModel, sel: EndpointSelector): Destination {
    let subnets = selectSubnets(m, sel);
    let groups = sel.securityGroups ? selectGroups(m, sel.stack, sel.securityGroups) : [];
    const notes: string[] = [];
    if (sel.target) {
        const { type, name } = sel.target;
        const targets = m.resolver.all(type, sel.stack).filter((n) => name === undefined || n.r.name === name);
        if (targets.length !== 1) {
            throw new Error(`reachability: stack ${sel.stack} has ${targets.length} resources of type ${type}${name ? ` named ${name}` : ""}; select exactly one`);
        }
        const t = targets[0];
        const vpcConfig = t.r.inputs.vpcConfig as Record<string, unknown> | undefined;
        const [prop, subnetIds, sgIds] = vpcConfig ? ["vpcConfig", vpcConfig.subnetIds ?? vpcConfig.subnets, vpcConfig.securityGroupIds] : ["subnetIds", t.r.inputs.subnetIds, t.r.inputs.securityGroupIds ?? t.r.inputs.vpcSecurityGroupIds];
        const ids = new Set(m.resolver.refs(t, prop, [TYPES.subnet], subnetIds).map((s) => s.node?.r.urn));
        subnets = subnets.filter((s) => ids.has(s.node.r.urn));
        if (subnets.length === 0) {
            throw new Error(`reachability: ${t.r.name} has no network interface in the selected subnets of ${sel.stack}`);
        }
        const sgProp = vpcConfig ? "vpcConfig" : t.r.inputs.securityGroupIds !== undefined ? "securityGroupIds" : "vpcSecurityGroupIds";
        for (const g of m.resolver.refs(t, sgProp, [TYPES.securityGroup, TYPES.defaultSecurityGroup], sgIds)) {
            const sg = g.node ? m.securityGroups.get(g.node.r.urn) : undefined;
            if (!sg) {
                throw new Error(`reachability: a security group of ${t.r.name} cannot be resolved: ${g.why}`);
            }
            if (!groups.includes(sg)) {
                groups = [...groups, sg];
            }
        }
        if (type === "aws:eks/cluster:Cluster") {
            notes.push(`the EKS-managed cluster security group of ${t.r.name} is created by EKS and not in the plan; only ${groups.map((g) => g.node.r.name).join(", ")} is judged`);
        }
    }
    return { subnets, groups, notes };
}

function sgAdmits(groups: SecurityGroup[], direction: "ingress" | "egress", port: number, peer: Subnet, peerGroups: SecurityGroup[]): { rule?: SgRule; considered: SgRule[] } {
    const considered = groups.flatMap((g) => g[direction]);
    const peerUrns = new Set(peerGroups.map((g) => g.node.r.urn));
    for (const g of groups) {
        for (const rule of g[direction]) {
            const fromPeer = rule.cidrs.some((c) => isCidr(c) && contains(c, peer.cidr.cidr)) || rule.groups.some((u) => peerUrns.has(u)) || (rule.self && peerUrns.has(g.node.r.urn));
            if (protocolMatches(rule.protocol, port, rule.fromPort, rule.toPort) && fromPeer) {
                return { rule, considered };
            }
        }
    }
    return { considered };
}

function naclAllows(nacl: Nacl, egress: boolean, port: number | [number, number], peer: Cidr): NaclRule | "deny" | undefined {
    const rules = nacl.rules.filter((r) => r.egress === egress).sort((a, b) => a.number - b.number);
    for (const r of rules) {
        const peerIn = r.cidr !== undefined && isCidr(r.cidr) && contains(r.cidr, peer.cidr);
        if (peerIn && protocolMatches(r.protocol, port, r.fromPort, r.toPort)) {
            return r.allow ? r : "deny";
        }
    }
    return undefined;
}

/**
 * Whether traffic from the `from` subnets reaches the `to` subnets: every pair, forward and back.
 * Without `port`, at the route level (route tables, attachments, transit gateway route tables);
 * with a TCP `port`, also the network ACLs of both subnets and the security groups of the
 * destination and of the source (named in `securityGroups`, or those of the `target`).
 */
export function canReach(plans: Plans | NetworkModel, from: EndpointSelector, to: EndpointSelector, port?: number): Reachability {
    const m = plans instanceof NetworkModel ? plans : new NetworkModel(plans);
    const source = selectEndpoint(m, from);
    const sources = source.subnets;
    const sourceGroups = source.groups;
    const dest = selectEndpoint(m, to);
    const notEvaluated: string[] = [];
    if (port === undefined) {
        notEvaluated.push("security groups and network ACLs (route level only: no port given)");
    } else {
        if (sourceGroups.length === 0) {
            notEvaluated.push("the source's security group egress (no source security group or target selected)");
        }
        if (dest.groups.length === 0) {
            notEvaluated.push("the destination's security group ingress (no destination security group or target selected)");
        }
        notEvaluated.push(...source.notes, ...dest.notes);
    }
    const forward: Leg[] = [];
    const returns: Leg[] = [];
    for (const s of sources) {
        for (const t of dest.subnets) {
            forward.push(leg(m, s, t, port, "forward", sourceGroups, dest.groups));
            returns.push(leg(m, t, s, port, "return", dest.groups, sourceGroups));
        }
    }
    const firstBlocked = forward.find((l) => l.blocked) ?? returns.find((l) => l.blocked);
    return {
        reachable: firstBlocked === undefined,
        port,
        forward,
        returns,
        blocked: firstBlocked ? { ...firstBlocked.blocked!, direction: forward.includes(firstBlocked) ? "forward" : "return", leg: firstBlocked } : undefined,
        notEvaluated,
    };
}

function leg(m: NetworkModel, s: Subnet, t: Subnet, port: number | undefined, direction: "forward" | "return", srcGroups: SecurityGroup[], dstGroups: SecurityGroup[]): Leg {
    const out: Leg = { from: subnetLabel(s), to: subnetLabel(t), hops: [] };
    const start = hopOf(s.node, `leaves (${s.cidr.cidr})`);
    // Security groups are stateful: the return leg needs routes and ACLs, not rules.
    const ports: number | [number, number] | undefined = port === undefined ? undefined : direction === "forward" ? port : EPHEMERAL;
    const portText = port === undefined ? "" : typeof ports === "number" ? `tcp/${ports}` : `tcp/${EPHEMERAL.join("-")}`;
    if (ports !== undefined && direction === "forward" && srcGroups.length > 0) {
        const { rule, considered } = sgAdmits(srcGroups, "egress", port!, t, dstGroups);
        const hop = hopOf(srcGroups[0].node, rule ? `egress allowed by ${rule.name}` : "");
        if (!rule) {
            out.hops = [hop];
            out.blocked = { hop, reason: `no egress rule of ${srcGroups.map((g) => g.node.r.name).join(", ")} allows ${portText} to ${t.cidr.cidr}; rules: ${considered.map(describeRule).join(", ") || "none"}` };
            return out;
        }
        out.hops.push(hop);
    }
    const srcAcl = ports !== undefined ? m.naclOf(s) : undefined;
    if (srcAcl) {
        const verdict = naclAllows(srcAcl, true, ports!, t.cidr);
        const hop = hopOf(srcAcl.node, `outbound ${portText}`);
        if (verdict === undefined || verdict === "deny") {
            out.hops.push(hop);
            out.blocked = { hop, reason: `network ACL ${srcAcl.node.r.name} of ${s.node.r.name} ${verdict === "deny" ? "denies" : "has no rule allowing"} outbound ${portText} to ${t.cidr.cidr}` };
            return out;
        }
    }
    const walk = new Walker(m, t).fromSubnet(s, t.cidr, [...out.hops, start]);
    out.hops = walk.hops;
    if (walk.blocked) {
        out.blocked = walk.blocked;
        return out;
    }
    const dstAcl = ports !== undefined ? m.naclOf(t) : undefined;
    if (dstAcl) {
        const verdict = naclAllows(dstAcl, false, ports!, s.cidr);
        const hop = hopOf(dstAcl.node, `inbound ${portText}`);
        out.hops.push(hop);
        if (verdict === undefined || verdict === "deny") {
            out.blocked = { hop, reason: `network ACL ${dstAcl.node.r.name} of ${t.node.r.name} ${verdict === "deny" ? "denies" : "has no rule allowing"} inbound ${portText} from ${s.cidr.cidr}` };
            return out;
        }
    }
    if (port !== undefined && direction === "forward" && dstGroups.length > 0) {
        const { rule, considered } = sgAdmits(dstGroups, "ingress", port, s, srcGroups);
        const hop = hopOf(dstGroups[0].node, rule ? `ingress allowed by ${rule.name}` : "");
        out.hops.push(hop);
        if (!rule) {
            out.blocked = {
                hop,
                reason: `no ingress rule of security group ${dstGroups.map((g) => g.node.r.name).join(", ")} admits tcp/${port} from ${s.cidr.cidr} (${s.node.r.name}); rules: ${considered.map(describeRule).join(", ") || "none"}`,
            };
        }
    }
    return out;
}
