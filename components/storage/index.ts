export * from "./lifecycle";
export * from "./log-archive";
export * from "./log-group";
export * from "./policies";
export * from "./secure-bucket";
