export * from "./container-registry";
export * from "./documents";
export * from "./image-publisher";
