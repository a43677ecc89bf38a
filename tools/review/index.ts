/** The pull-request review surface over offline plans: diff, cost, deploy time, diagram, report. */
export { diffPlans, diffCost, renderDiffMarkdown, DIFF_MARKDOWN_LIMIT, STATEFUL_TYPES } from "./diff";
export type { PlanDiff, ResourceChange, PropertyChange, Risk, RiskKind, Operation, DiffOptions, FindingsDelta, CostDelta, DiffSummary } from "./diff";
export { estimateCost, DEFAULT_ASSUMPTIONS, HOURS_PER_MONTH } from "./cost";
export type { CostEstimate, CostLine, CostAssumptions, UnpricedResource } from "./cost";
export { PRICES, PRICE_TABLE_DATE, PRICE_SOURCES } from "./prices";
export { criticalPath, CREATE_MINUTES, DEFAULT_CREATE_MINUTES, UNAVOIDABLE_CHAIN } from "./deploy-time";
export type { DeployTimeEstimate, PathStep, CriticalPathOptions } from "./deploy-time";
export { renderDiagram, DIAGRAM_COMPONENTS } from "./diagram";
export { renderPlanReport, PLAN_REPORT_LIMIT } from "./report";
export { disasterRecovery, RESTORE_RUNBOOK } from "./dr";
export type { DisasterRecovery, StateItem } from "./dr";
export type { PlanReportInput } from "./report";
export { REPLACING_INPUTS, replacementReason } from "./replacement";
export { SECURITY_RULES, loosenings } from "./security";
