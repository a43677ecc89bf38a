export * from "./cel";
export * from "./generate";
export * from "./pss-cel";
export * from "./rules";
