export * from "./args";
export * from "./manifests";
export * from "./microservice";
export * from "./validate";
