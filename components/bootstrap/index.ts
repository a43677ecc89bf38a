export * from "./deployment-role";
export * from "./preview-role";
export * from "./state-access";
export * from "./state-backend";
export * from "./trust";
export * from "./validate";
