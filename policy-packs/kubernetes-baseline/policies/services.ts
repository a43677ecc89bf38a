import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { plain } from "../../lib/values";
import { stringList } from "./support";
import { field, listOf, Obj } from "./workloads";

/** Services: load balancers stay internal unless listed, and no externalIPs (CVE-2020-8554). */

const SERVICE = /^kubernetes:core\/v1:Service(Patch)?$/;
export const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
export const LEGACY_INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

export interface LbServicesConfig {
    allowedPublicServices?: string[];
}

export const lbServicesInternal: ResourceValidationPolicy = {
    name: "lb-services-internal",
    description: "Checks whether LoadBalancer Services are internal unless approved, and whether Services set externalIPs.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "k8s.lb-services-internal", "Load balancers for Services are internal unless approved"),
    tags: [],
    remediationSteps: `Annotate LoadBalancer Services with ${SCHEME_ANNOTATION}: internal; publish internet-facing endpoints through an approved Ingress or list the Service in allowedPublicServices; remove spec.externalIPs.`,
    configSchema: {
        properties: {
            allowedPublicServices: stringList([], "Services that may be internet-facing, as <name> or <namespace>/<name>."),
        },
    },
    validateResource: (args, report) => {
        if (!SERVICE.test(args.type)) {
            args.notApplicable("applies to Kubernetes Services");
            return;
        }
        const inputs = plain(args.props) as Obj;
        const out = new Verdicts(report, args.props);
        const rawName = field(inputs.metadata, "name");
        const name = typeof rawName === "string" ? rawName : args.name;
        const namespace = field(inputs.metadata, "namespace");
        const type = field(inputs.spec, "type");
        if (!out.isUnknown(type, ["spec", "type"]) && type === "LoadBalancer") {
            const allowed = args.getConfig<LbServicesConfig>().allowedPublicServices ?? [];
            const listed = allowed.includes(name) || (typeof namespace === "string" && allowed.includes(`${namespace}/${name}`));
            const annotations = field(inputs.metadata, "annotations");
            const scheme = field(annotations, SCHEME_ANNOTATION);
            const legacy = field(annotations, LEGACY_INTERNAL_ANNOTATION);
            if (!out.isUnknown(annotations, ["metadata", "annotations"]) && !out.isUnknown(scheme, ["metadata", "annotations", SCHEME_ANNOTATION])) {
                const internal = scheme === "internal" || (scheme === undefined && legacy === "true");
                if (!internal && !listed) {
                    out.fail(`Service ${name} of type LoadBalancer must be internal; set the annotation ${SCHEME_ANNOTATION}: internal, or list it in allowedPublicServices.`);
                }
            }
        }
        const externalIPs = listOf(field(inputs.spec, "externalIPs"));
        if (!out.isUnknown(externalIPs, ["spec", "externalIPs"]) && externalIPs.length > 0) {
            out.fail(`Service ${name} must not set externalIPs; remove spec.externalIPs and use a LoadBalancer or Ingress.`);
        }
        out.settle();
    },
};

export const servicePolicies: Policies = [lbServicesInternal];
