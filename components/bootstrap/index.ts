export * from "./deployment-role";
export * from "./state-backend";
export * from "./trust";
