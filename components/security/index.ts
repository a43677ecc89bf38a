export * from "./access-analyzer";
export * from "./aws-config";
export * from "./cis-alarms";
export * from "./defaults";
export * from "./guardduty";
export * from "./organization-trail";
export * from "./policies";
export * from "./security-hub";
