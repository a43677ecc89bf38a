export * from "./defaults";
export * from "./github-runners";
export * from "./policies";
export * from "./validate";
