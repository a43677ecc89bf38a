export * from "./backup-plan";
export * from "./defaults";
export * from "./policies";
export * from "./validate";
