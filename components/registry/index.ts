export * from "./container-registry";
export * from "./documents";
