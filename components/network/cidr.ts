import { Address4 } from "ip-address";
import { show, ValidationError } from "../common/validation";

/**
 * Pure IPv4 CIDR math for the network components: parsing, containment, overlap checks (also
 * across every stack file) and the per-zone subnet plan of a spoke VPC. No Pulumi here, so all of
 * it is tested without mocks.
 */

/** A parsed IPv4 network. Addresses are plain numbers: IPv4 fits in a double exactly. */
export interface Cidr {
    /** Canonical form, `10.1.0.0/16`. */
    cidr: string;
    prefix: number;
    /** First address as a number. */
    first: number;
    /** Number of addresses. */
    size: number;
}

/**
 * Why `value` is not a usable IPv4 network, or undefined when it is. Host bits must be zero and
 * the address canonical: `10.1.2.0/16` is refused rather than silently read as `10.1.0.0/16`.
 */
export function cidrProblem(value: unknown): string | undefined {
    if (typeof value !== "string" || !value.includes("/")) {
        return `is not an IPv4 CIDR like "10.0.0.0/16"`;
    }
    let address: Address4;
    try {
        address = new Address4(value);
    } catch {
        return `is not an IPv4 CIDR like "10.0.0.0/16"`;
    }
    const network = address.networkForm();
    if (network !== value) {
        return `has host bits set; the network is ${show(network)}`;
    }
    return undefined;
}

export function isCidr(value: unknown): value is string {
    return cidrProblem(value) === undefined;
}

/** Parses a network; throws with the reason when `value` is not one (see cidrProblem). */
export function parseCidr(value: string): Cidr {
    const problem = cidrProblem(value);
    if (problem) {
        throw new Error(`${show(value)} ${problem}`);
    }
    const address = new Address4(value);
    const prefix = address.subnetMask;
    return { cidr: value, prefix, first: Number(address.startAddress().bigInt()), size: 2 ** (32 - prefix) };
}

/** Formats a network from its first address and prefix length. */
export function formatCidr(first: number, prefix: number): string {
    return `${Address4.fromBigInt(BigInt(first)).correctForm()}/${prefix}`;
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return x.first < y.first + y.size && y.first < x.first + x.size;
}

/** True when every address of `inner` is in `outer` (a network contains itself). */
export function contains(outer: string, inner: string): boolean {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    return i.first >= o.first && i.first + i.size <= o.first + o.size;
}

export interface NamedCidr {
    /** What the range belongs to, for the message: a stack, a VPC, a route. */
    name: string;
    cidr: string;
}

export interface Overlap {
    a: NamedCidr;
    b: NamedCidr;
}

/**
 * Every pair of ranges in `list` that overlap, in list order (`a` before `b`). Used to check the
 * VPC ranges of all stack files against each other: two spokes that overlap cannot both be
 * routed through the transit gateway.
 */
export function findOverlaps(list: NamedCidr[]): Overlap[] {
    const out: Overlap[] = [];
    for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
            if (cidrsOverlap(list[i].cidr, list[j].cidr)) {
                out.push({ a: list[i], b: list[j] });
            }
        }
    }
    return out;
}

/** Renders an overlap for a validation message. */
export function describeOverlap(o: Overlap): string {
    return `${o.a.name} (${o.a.cidr}) overlaps ${o.b.name} (${o.b.cidr})`;
}

// ---------------------------------------------------------------------------------------------
// Subnet planning

export const SUBNET_TIERS = ["public", "private", "intra"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Subnet prefix length per tier. */
export type SubnetPrefixLengths = Record<SubnetTier, number>;

/** Zone letters a spoke may use; each letter owns a fixed slot in every tier. */
export const ZONE_LETTERS = ["a", "b", "c", "d", "e", "f"] as const;
/** Most zones a spoke VPC spans, and the slots reserved per tier. */
export const MAX_AZS = ZONE_LETTERS.length;
/** Smallest subnet AWS allows. */
export const MIN_SUBNET_PREFIX = 28;
/** AWS allows VPC (primary) CIDRs from /16 to /28. */
export const VPC_PREFIX_RANGE = { min: 16, max: 28 } as const;

/**
 * Default prefix lengths, relative to the VPC so that any VPC size gets a sensible split: private
 * subnets are 1/8 of the VPC each (a /19, 8,190 addresses, in a /16: room for pods with the VPC
 * CNI), public and intra subnets 1/256 (a /24 in a /16: load balancers, and control-plane or TGW
 * ENIs), never smaller than a /28.
 */
export function defaultPrefixLengths(vpcPrefix: number): SubnetPrefixLengths {
    return {
        private: Math.min(vpcPrefix + 3, MIN_SUBNET_PREFIX),
        public: Math.min(vpcPrefix + 8, MIN_SUBNET_PREFIX),
        intra: Math.min(vpcPrefix + 8, MIN_SUBNET_PREFIX),
    };
}

/** Order in which the tiers are laid out in the VPC range: largest (by default) first. */
const LAYOUT: readonly SubnetTier[] = ["private", "public", "intra"];

const ZONE_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)([a-z])$/;

/** Splits a zone name (`eu-west-1a`) into region and letter; undefined for anything else (zone IDs, local zones). */
export function parseZone(az: string): { region: string; letter: string } | undefined {
    const m = ZONE_NAME.exec(az);
    return m ? { region: m[1], letter: m[2] } : undefined;
}

/** The slot a zone owns in every tier (a = 0 … f = 5), or undefined when the name has no such letter. */
export function zoneSlot(az: string): number | undefined {
    const letter = parseZone(az)?.letter;
    const slot = letter === undefined ? -1 : (ZONE_LETTERS as readonly string[]).indexOf(letter);
    return slot < 0 ? undefined : slot;
}

export interface PlannedSubnet {
    tier: SubnetTier;
    az: string;
    cidr: string;
}

export type SubnetPlan = Record<SubnetTier, PlannedSubnet[]>;

export interface SubnetPlanResult {
    plan?: SubnetPlan;
    problems: string[];
}

/**
 * Plans the subnets of every tier in every zone without throwing: the problems are returned
 * with the names of the arguments of `SpokeVpc` (`cidrBlock`, `availabilityZones`,
 * `<tier>SubnetPrefixLength`) so the validator can report them with the others.
 *
 * Layout: the tiers follow each other in the VPC range (private, public, intra), each tier
 * aligned to its subnet size and holding six slots, one per zone letter a to f; a zone's subnet
 * is the slot of its letter. So a subnet's range depends only on the VPC range, the prefix
 * lengths and its zone letter: adding, removing or reordering zones never renumbers (and so
 * never replaces) an existing subnet.
 */
export function tryPlanSubnets(vpcCidr: string, azs: readonly string[], prefixLengths: Partial<SubnetPrefixLengths> = {}): SubnetPlanResult {
    const problems: string[] = [];
    const cidrIssue = cidrProblem(vpcCidr);
    if (cidrIssue) {
        return { problems: [`cidrBlock: ${show(vpcCidr)} ${cidrIssue}`] };
    }
    const vpc = parseCidr(vpcCidr);
    const lengths = { ...defaultPrefixLengths(vpc.prefix), ...definedOnly(prefixLengths) };
    for (const tier of SUBNET_TIERS) {
        const p = lengths[tier];
        if (!Number.isInteger(p) || p <= vpc.prefix || p > MIN_SUBNET_PREFIX) {
            problems.push(`${tier}SubnetPrefixLength: ${show(p)} is not in ${vpc.prefix + 1}..${MIN_SUBNET_PREFIX} (longer than the VPC's /${vpc.prefix}, at most a /${MIN_SUBNET_PREFIX})`);
        }
    }
    const slots = azs.map((az, i) => ({ az, i, slot: zoneSlot(az) }));
    for (const { az, i, slot } of slots) {
        if (slot === undefined) {
            problems.push(`availabilityZones[${i}]: ${show(az)} is not a zone name ending in a letter a to f, like "eu-west-1a"`);
        }
    }
    const seen = new Map<number, string>();
    for (const { az, slot } of slots) {
        if (slot === undefined) {
            continue;
        }
        const other = seen.get(slot);
        if (other !== undefined) {
            problems.push(`availabilityZones: ${show(other)} and ${show(az)} share the zone letter ${show(ZONE_LETTERS[slot])}; each zone needs its own letter`);
        }
        seen.set(slot, az);
    }
    if (problems.length > 0) {
        return { problems };
    }

    const bases = {} as Record<SubnetTier, number>;
    let cursor = vpc.first;
    for (const tier of LAYOUT) {
        const size = 2 ** (32 - lengths[tier]);
        const base = Math.ceil(cursor / size) * size;
        bases[tier] = base;
        cursor = base + MAX_AZS * size;
    }
    const needed = cursor - vpc.first;
    if (needed > vpc.size) {
        const shown = LAYOUT.map((t) => `${t} /${lengths[t]}`).join(", ");
        return {
            problems: [`cidrBlock: ${show(vpcCidr)} has ${vpc.size} addresses but the subnets need ${needed} (${shown}, ${MAX_AZS} zone slots per tier); use a larger VPC or longer subnet prefixes`],
        };
    }
    const plan = {} as SubnetPlan;
    for (const tier of SUBNET_TIERS) {
        const size = 2 ** (32 - lengths[tier]);
        plan[tier] = slots.map(({ az, slot }) => ({ tier, az, cidr: formatCidr(bases[tier] + slot! * size, lengths[tier]) }));
    }
    return { plan, problems: [] };
}

/** Plans the subnets (see tryPlanSubnets); throws one ValidationError listing every problem. */
export function planSubnets(vpcCidr: string, azs: readonly string[], prefixLengths: Partial<SubnetPrefixLengths> = {}): SubnetPlan {
    const { plan, problems } = tryPlanSubnets(vpcCidr, azs, prefixLengths);
    if (!plan) {
        throw new ValidationError("subnet plan", problems);
    }
    return plan;
}

/** Kebab-case form of a CIDR for resource names: `10.0.0.0/8` becomes `10-0-0-0-8`. */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/[./]/g, "-");
}

function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
