import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { validateTypes } from "../../lib/types";
import { Path, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * CodeBuild projects (the CI runners of components/delivery), against FSBP CodeBuild.1-4
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html, read 2026-12-03):
 * - CodeBuild.1: a Bitbucket source URL must not carry a token or user name and password. Checked
 *   here for every source and secondary source of any type: a URL with user information
 *   (`https://user:secret@host/...`) is reported.
 * - CodeBuild.2: no AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY environment variable in plain text.
 *   Checked here for those two and any PLAINTEXT variable whose name says it holds a secret (TOKEN,
 *   SECRET, PASSWORD, PRIVATE_KEY, API_KEY, ACCESS_KEY); such values belong in Secrets Manager or
 *   Parameter Store (type SECRETS_MANAGER or PARAMETER_STORE). A variable's type defaults to PLAINTEXT
 *   (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_EnvironmentVariable.html, read 2026-12-03).
 * - CodeBuild.3: S3 logs encrypted: `logsConfig.s3Logs.encryptionDisabled` must not be true.
 * - CodeBuild.4: at least one of CloudWatch Logs and S3 logs enabled. CloudWatch Logs is on unless
 *   its status is DISABLED (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CloudWatchLogsConfig.html);
 *   S3 logs are off unless ENABLED (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_S3LogsConfig.html, both read 2026-12-03).
 */

const PROJECT = [aws.codebuild.Project];

/** A URL with user information (a token, or a user name and password) before the host. */
const CREDENTIALS_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i;
/** Variable names that say the value is a secret. */
const SECRET_NAME = /(^|_)(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|ACCESS_KEY)(_|$)/i;

type Obj = Record<string, unknown>;
const asObj = (x: unknown): Obj | undefined => (x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : undefined);
const asList = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export const codebuildSourceNoCredentials: ResourceValidationPolicy = {
    name: "codebuild-source-no-credentials",
    description: "Checks whether a CodeBuild project's source URLs carry credentials (a token, or a user name and password).",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("fsbp", "CodeBuild.1", "CodeBuild Bitbucket source repository URLs should not contain sensitive credentials"),
    tags: [],
    remediationSteps: "Remove the user information from source.location (and secondarySources[].location); authenticate the source with source.auth (CODECONNECTIONS, or a credential stored in CodeBuild).",
    configSchema: { properties: {} },
    validateResource: validateTypes(PROJECT, (props, _args, report) => {
        const v = new Verdicts(report, props);
        const p = plain(props);
        // A source, the list of secondary sources, or one of them unknown until apply is undecided, not a pass.
        const sources: [string, unknown, Path][] = [["source", p.source, ["source"]]];
        if (!v.isUnknown(p.secondarySources, ["secondarySources"])) {
            asList(p.secondarySources).forEach((s, i) => sources.push([`secondarySources[${i}]`, s, ["secondarySources", i]]));
        }
        for (const [where, source, path] of sources) {
            if (v.isUnknown(source, path)) {
                continue;
            }
            const location = asObj(source)?.location;
            if (!v.isUnknown(location, [...path, "location"]) && typeof location === "string" && CREDENTIALS_IN_URL.test(location)) {
                v.fail(`CodeBuild ${where}.location carries credentials in its URL; remove them and authenticate with ${where}.auth.`);
            }
        }
        v.settle();
    }),
};

export const codebuildNoPlaintextSecrets: ResourceValidationPolicy = {
    name: "codebuild-no-plaintext-secrets",
    description: "Checks whether a CodeBuild project has environment variables in plain text whose names say they hold credentials.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("fsbp", "CodeBuild.2", "CodeBuild project environment variables should not contain clear text credentials"),
    tags: [],
    remediationSteps: "Store the value in Secrets Manager or Parameter Store and give the variable type SECRETS_MANAGER or PARAMETER_STORE with its name or ARN as value; for AWS credentials use the project's service role instead.",
    configSchema: { properties: {} },
    validateResource: validateTypes(PROJECT, (props, _args, report) => {
        const v = new Verdicts(report, props);
        // The environment, its variable list or a variable unknown until apply is undecided, not a pass.
        const environment = plain(props).environment;
        const env = v.isUnknown(environment, ["environment"]) ? undefined : asObj(environment);
        const variables = env?.environmentVariables;
        const list = v.isUnknown(variables, ["environment", "environmentVariables"]) ? [] : asList(variables);
        list.forEach((x, i) => {
            if (v.isUnknown(x, ["environment", "environmentVariables", i])) {
                return;
            }
            const variable = asObj(x);
            if (variable === undefined) {
                return;
            }
            const { name, type } = variable;
            if (name === UNKNOWN || type === UNKNOWN) {
                v.unknown(["environment", "environmentVariables", i, name === UNKNOWN ? "name" : "type"]);
                return;
            }
            const plaintext = type === undefined || type === "PLAINTEXT";
            if (plaintext && typeof name === "string" && SECRET_NAME.test(name)) {
                v.fail(`CodeBuild environment variable ${name} is a credential in plain text (type ${type ?? "unset, PLAINTEXT"}); use type SECRETS_MANAGER or PARAMETER_STORE.`);
            }
        });
        v.settle();
    }),
};

export const codebuildLogging: ResourceValidationPolicy = {
    name: "codebuild-logging",
    description: "Checks whether a CodeBuild project logs its builds (CloudWatch Logs or S3) and keeps S3 logs encrypted.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "CodeBuild.4", "CodeBuild project environments should have a logging AWS Configuration"),
    tags: ["fsbp:CodeBuild.3"],
    remediationSteps: 'Keep logsConfig.cloudwatchLogs.status "ENABLED" (its default) or set logsConfig.s3Logs.status "ENABLED"; never set logsConfig.s3Logs.encryptionDisabled: true.',
    configSchema: { properties: {} },
    validateResource: validateTypes(PROJECT, (props, _args, report) => {
        const v = new Verdicts(report, props);
        const logs = plain(props).logsConfig;
        if (logs === UNKNOWN) {
            v.unknown(["logsConfig"]);
            v.settle();
            return;
        }
        const cloudwatchConfig = asObj(logs)?.cloudwatchLogs;
        const s3Config = asObj(logs)?.s3Logs;
        const cloudwatch = asObj(cloudwatchConfig)?.status;
        const s3 = asObj(s3Config);
        const unknowns: [unknown, (string | number)[]][] = [
            [cloudwatchConfig, ["logsConfig", "cloudwatchLogs"]],
            [s3Config, ["logsConfig", "s3Logs"]],
            [cloudwatch, ["logsConfig", "cloudwatchLogs", "status"]],
            [s3?.status, ["logsConfig", "s3Logs", "status"]],
            [s3?.encryptionDisabled, ["logsConfig", "s3Logs", "encryptionDisabled"]],
        ];
        if (unknowns.some(([value, path]) => v.isUnknown(value, path))) {
            v.settle();
            return;
        }
        const cloudwatchOn = cloudwatch !== "DISABLED";
        const s3On = s3?.status === "ENABLED";
        if (!cloudwatchOn && !s3On) {
            v.fail('CodeBuild project logs nothing: logsConfig.cloudwatchLogs.status is DISABLED and S3 logs are off; keep CloudWatch Logs "ENABLED" or enable S3 logs.');
        }
        if (s3?.encryptionDisabled === true || s3?.encryptionDisabled === "true") {
            v.fail("CodeBuild S3 logs must be encrypted; remove logsConfig.s3Logs.encryptionDisabled: true.");
        }
        v.settle();
    }),
};

export const codebuildPolicies: Policies = [codebuildSourceNoCredentials, codebuildNoPlaintextSecrets, codebuildLogging];
