export * from "./aws";
export * from "./options";
export * from "./tags";
export * from "./validation";
