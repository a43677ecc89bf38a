import { Address4 } from "ip-address";

/**
 * The CIDR facts config validation needs (well-formed, network-aligned, overlap). Subnet
 * planning lives with the network components; this file only reads CIDRs.
 */
export interface ParsedCidr {
    cidr: string;
    start: bigint;
    end: bigint;
    prefix: number;
}

/** Parses an IPv4 CIDR whose address is the network address (10.0.0.0/16, not 10.0.0.1/16). */
export function parseCidr(value: string): ParsedCidr | undefined {
    if (typeof value !== "string" || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value) || !Address4.isValid(value)) {
        return undefined;
    }
    const a = new Address4(value);
    const start = a.startAddress().bigInt();
    if (a.bigInt() !== start) {
        return undefined;
    }
    return { cidr: value, start, end: a.endAddress().bigInt(), prefix: a.subnetMask };
}

export function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
    return a.start <= b.end && b.start <= a.end;
}
