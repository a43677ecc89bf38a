import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { noConfig, validateWorkload } from "./support";
import { field, isObj, listOf } from "./workloads";

export const secretsNotInEnv: ResourceValidationPolicy = {
    name: "secrets-not-in-env",
    description: "Checks whether containers read Secrets through environment variables.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("cis-eks", "4.4.1", "Prefer using secrets as files over secrets as environment variables"),
    tags: [],
    remediationSteps: "Mount the Secret as a volume (or a projected volume) and read the file; environment variables leak into crash dumps, child processes and logs.",
    configSchema: noConfig,
    validateResource: validateWorkload({
        exclusions: false,
        check: (w, _config, out) => {
            for (const c of w.containers) {
                const env = listOf(c.container.env);
                if (!out.isUnknown(env, [...c.keys, "env"])) {
                    env.forEach((e, i) => {
                        if (isObj(e) && field(e.valueFrom, "secretKeyRef") !== undefined) {
                            const name = typeof e.name === "string" ? `${e.name} ` : "";
                            out.fail(`${c.label} env ${name}(env[${i}]) must not come from a Secret (valueFrom.secretKeyRef); mount the Secret as a file instead.`);
                        }
                    });
                }
                const envFrom = listOf(c.container.envFrom);
                if (!out.isUnknown(envFrom, [...c.keys, "envFrom"])) {
                    envFrom.forEach((e, i) => {
                        const ref = field(e, "secretRef");
                        if (ref !== undefined && ref !== null) {
                            const name = field(ref, "name");
                            out.fail(`${c.label} envFrom[${i}] must not load Secret${typeof name === "string" ? ` ${name}` : ""} into the environment; mount the Secret as a file instead.`);
                        }
                    });
                }
            }
        },
    }),
};

export const secretPolicies: Policies = [secretsNotInEnv];
