export * from "./key";
export * from "./platform-keys";
export * from "./policies";
export * from "./validate";
