export * from "./checks";
export * from "./evaluate";
export * from "./pod";
export * from "./version";
