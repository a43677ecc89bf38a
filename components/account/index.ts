export * from "./baseline";
export * from "./service-linked-roles";
export * from "./identity";
