/**
 * Transit gateway segments: one TGW route table each. An attachment is associated with its own
 * segment's route table and propagates its routes into the route tables of the segments allowed
 * to reach it, so a route table holds exactly the networks its segment may reach.
 */

export const SEGMENTS = ["prod", "nonprod", "shared"] as const;
export type Segment = (typeof SEGMENTS)[number];

const REACH: Record<Segment, readonly Segment[]> = {
    prod: ["prod", "shared"],
    nonprod: ["nonprod", "shared"],
    shared: ["prod", "nonprod", "shared"],
};

/**
 * The segments an attachment of `segment` exchanges routes with: prod and nonprod each reach
 * themselves and shared, never each other; shared reaches all three. The relation is symmetric,
 * so propagating an attachment into the route tables of `segmentReach(segment)` gives both
 * directions of every allowed path and no other.
 */
export function segmentReach(segment: Segment): Segment[] {
    return [...REACH[segment]];
}

export function isSegment(value: unknown): value is Segment {
    return (SEGMENTS as readonly unknown[]).includes(value);
}
