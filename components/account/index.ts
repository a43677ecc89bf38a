export * from "./service-linked-roles";
