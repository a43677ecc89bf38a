export * from "./aws";
export * from "./iam";
export * from "./options";
export * from "./tags";
export * from "./validation";
