import { Problems, show } from "../common";
import { RESERVED_NAMESPACES } from "../kubernetes/namespaces";
import { parseQuantity } from "../kubernetes/quantity";
import { checkSloSpec } from "../observability/slo";
import { ECR_REGISTRY_HOST, ecrRepositoryNameProblem } from "../registry/names";
import { MicroserviceArgs, resolveMicroserviceArgs } from "./args";

/** The parts of an image reference: `<repository>[:<tag>][@<digest>]`. */
export interface ImageRef {
    repository: string;
    tag?: string;
    digest?: string;
}

export function parseImageRef(image: string): ImageRef {
    const at = image.indexOf("@");
    const name = at >= 0 ? image.slice(0, at) : image;
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    // A ':' after the last '/' is a tag; one before it is a registry port.
    const colon = name.lastIndexOf(":");
    const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : undefined;
    return { repository: tag !== undefined ? name.slice(0, colon) : name, tag, digest };
}

/** True when the image starts with the prefix as whole path components (`a.io` does not admit `a.io.evil.com/x`). */
export function fromRegistry(image: string, prefix: string): boolean {
    return image.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HTTP_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;
const ACM_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
/** Environment names the platform sets or that EKS Pod Identity injects. */
const RESERVED_ENV_PREFIXES = ["AWS_CONTAINER_", "KUBERNETES_"];

function isCidr(value: unknown): boolean {
    return typeof value === "string" && (IPV4_CIDR.test(value) || IPV6_CIDR.test(value));
}

function port(p: Problems, path: string, value: unknown): void {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1024 || value > 65535) {
        p.add(path, value, "is not in 1024..65535 (the container runs as a non-root user without capabilities and cannot bind a lower port)");
    }
}

function httpPath(p: Problems, path: string, value: unknown): void {
    if (typeof value !== "string" || !HTTP_PATH.test(value)) {
        p.add(path, value, 'is not an absolute HTTP path (e.g. "/readyz")');
    }
}

function checkImage(p: Problems, image: unknown, allowed: string[]): void {
    if (typeof image !== "string" || image.trim() === "") {
        p.add("image", image, "is not an image reference; give <registry>/<repository>@sha256:<digest> or <registry>/<repository>:<version>");
        return;
    }
    if (!allowed.some((prefix) => fromRegistry(image, prefix))) {
        p.add("image", image, `is not from an allowed registry (${allowed.join(", ")}); push it to the platform registry`);
    }
    const ref = parseImageRef(image);
    // An ECR image names a repository ECR would accept; anything else cannot be pushed or pulled.
    const slash = ref.repository.indexOf("/");
    if (slash > 0 && ECR_REGISTRY_HOST.test(ref.repository.slice(0, slash))) {
        const problem = ecrRepositoryNameProblem(ref.repository.slice(slash + 1));
        if (problem) {
            p.add("image", image, `names repository ${JSON.stringify(ref.repository.slice(slash + 1))}, which ${problem}`);
        }
    }
    if (ref.digest !== undefined) {
        if (!DIGEST.test(ref.digest)) {
            p.add("image", image, "has a digest that is not sha256:<64 hex digits>");
        }
    } else if (ref.tag === undefined) {
        p.add("image", image, "has no tag or digest; pin it by digest (@sha256:...) or by an immutable version tag");
    } else if (ref.tag === "latest") {
        p.add("image", image, "uses the latest tag, which moves; pin it by digest (@sha256:...) or by an immutable version tag");
    }
    if (ref.tag !== undefined && ref.tag !== "latest" && !TAG.test(ref.tag)) {
        p.add("image", image, "has a tag that is not a valid image tag");
    }
}

function checkResources(p: Problems, r: MicroserviceArgs["resources"] | undefined): void {
    if (r === undefined || r === null) {
        p.addMessage("resources: unset; requests.cpu, requests.memory and limits.memory are required");
        return;
    }
    const q = (path: string, value: unknown): number | undefined => {
        const parsed = parseQuantity(value);
        if (value === undefined) {
            p.add(`resources.${path}`, value, 'is required (a Kubernetes quantity, e.g. "250m", "1", "256Mi", "1Gi")');
        } else if (parsed === undefined) {
            p.add(`resources.${path}`, value, 'is not a Kubernetes quantity (e.g. "250m", "1", "256Mi", "1Gi")');
        }
        return parsed;
    };
    const reqCpu = q("requests.cpu", r.requests?.cpu);
    const reqMem = q("requests.memory", r.requests?.memory);
    const limMem = q("limits.memory", r.limits?.memory);
    const limCpu = r.limits?.cpu !== undefined ? q("limits.cpu", r.limits.cpu) : undefined;
    if (reqCpu === 0) {
        p.add("resources.requests.cpu", r.requests.cpu, "is zero; the autoscaler scales on CPU utilization of the request");
    }
    if (reqMem !== undefined && limMem !== undefined && limMem < reqMem) {
        p.add("resources.limits.memory", r.limits.memory, `is below resources.requests.memory ${show(r.requests.memory)}; a limit must be at least the request`);
    }
    if (reqCpu !== undefined && limCpu !== undefined && limCpu < reqCpu) {
        p.add("resources.limits.cpu", r.limits.cpu, `is below resources.requests.cpu ${show(r.requests.cpu)}; a limit must be at least the request`);
    }
}

/**
 * Every problem of a Microservice's args, thrown once. Messages name the property, show the
 * value received and say what is accepted.
 */
export function validateMicroserviceArgs(args: MicroserviceArgs): void {
    const a = resolveMicroserviceArgs(args);
    const p = new Problems();

    p.dnsLabel("name", a.name);
    p.dnsLabel("team", a.team);
    if (RESERVED_NAMESPACES.includes(a.team)) {
        p.add("team", a.team, "is a reserved namespace; a service runs in its team's namespace");
    }
    if (typeof a.platformRegistry !== "string" || !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._/-]*)?$/.test(a.platformRegistry)) {
        p.add("platformRegistry", a.platformRegistry, 'is not a registry prefix (e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/")');
    }
    if (a.allowedRegistries.length === 0) {
        p.add("allowedRegistries", a.allowedRegistries, "is empty; list at least one registry prefix");
    }
    checkImage(p, a.image, a.allowedRegistries);

    port(p, "port", a.port);
    if (!Number.isInteger(a.servicePort) || a.servicePort < 1 || a.servicePort > 65535) {
        p.add("servicePort", a.servicePort, "is not in 1..65535");
    }
    if (args.metricsPort !== undefined) {
        port(p, "metricsPort", a.metricsPort);
    }
    if (a.metricsPort !== a.port && a.metricsPort === a.servicePort) {
        p.add("metricsPort", a.metricsPort, "is also servicePort; the Service exposes both, so they must differ");
    }
    httpPath(p, "metricsPath", a.metricsPath);
    httpPath(p, "probes.readinessPath", a.probes.readinessPath);
    httpPath(p, "probes.livenessPath", a.probes.livenessPath);
    httpPath(p, "probes.startupPath", a.probes.startupPath);
    p.intRange("probes.startupSeconds", a.probes.startupSeconds, 5, 3600);

    const min = a.replicas?.min;
    const max = a.replicas?.max;
    p.intRange("replicas.min", min, 1, 100);
    p.intRange("replicas.max", max, 1, 100);
    if (typeof min === "number" && typeof max === "number" && min > max) {
        p.add("replicas.min", min, `is above replicas.max ${max}; set min <= max`);
    }
    p.intRange("targetCpuUtilization", a.targetCpuUtilization, 10, 95);
    p.intRange("revisionHistoryLimit", a.revisionHistoryLimit, 1, 50);

    checkResources(p, args.resources);

    for (const [key, value] of Object.entries(a.env)) {
        if (!ENV_NAME.test(key)) {
            p.add(`env.${key}`, value, "has a name that is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        } else if (RESERVED_ENV_PREFIXES.some((prefix) => key.startsWith(prefix))) {
            p.add(`env.${key}`, value, `has a name the platform sets (${RESERVED_ENV_PREFIXES.map((x) => `${x}*`).join(", ")}); choose another name`);
        }
        if (typeof value !== "string") {
            p.add(`env.${key}`, value, "is not a plain string; secrets go in `secrets` and are mounted as files");
        }
    }
    const secrets = new Set<string>();
    a.secrets.forEach((s, i) => {
        if (typeof s !== "string" || s.length > 253 || !DNS_SUBDOMAIN.test(s)) {
            p.add(`secrets[${i}]`, s, "is not a Kubernetes Secret name (a DNS subdomain)");
        } else if (secrets.has(s)) {
            p.add(`secrets[${i}]`, s, "is listed twice");
        }
        secrets.add(s);
    });

    const sloNames = new Set<string>();
    a.slos.forEach((slo, i) => {
        checkSloSpec(p, { ...slo, service: a.name }, `slos[${i}].`);
        if (sloNames.has(slo.name)) {
            p.add(`slos[${i}].name`, slo.name, "is used by another SLO of the service; SLO names must be unique");
        }
        sloNames.add(slo.name);
    });

    a.awsPermissions.forEach((s, i) => {
        const actions = ([] as string[]).concat(s.Action ?? []);
        if (s.Effect === "Allow" && s.NotAction !== undefined) {
            p.add(`awsPermissions[${i}].NotAction`, s.NotAction, "allows every action but the listed ones; list the actions the service needs in Action");
        }
        for (const action of actions) {
            if (action === "*") {
                p.add(`awsPermissions[${i}].Action`, s.Action, "grants every action; list the actions the service needs");
            } else if (/^[a-z0-9-]+:\*$/i.test(action)) {
                p.add(`awsPermissions[${i}].Action`, s.Action, `grants every action of ${action.split(":")[0]}; list the actions the service needs`);
            }
        }
        if (actions.length === 0 && s.NotAction === undefined) {
            p.add(`awsPermissions[${i}].Action`, s.Action, "is empty; list the actions the service needs");
        }
        if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
            p.add(`awsPermissions[${i}].Principal`, s.Principal ?? s.NotPrincipal, "is not allowed in an identity policy; remove it");
        }
    });
    if (typeof a.accountId !== "string" || !/^\d{12}$/.test(a.accountId)) {
        p.add("accountId", a.accountId, "is not a 12-digit AWS account ID");
    }
    if (typeof a.region !== "string" || !/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(a.region)) {
        p.add("region", a.region, 'is not an AWS region (e.g. "eu-west-1")');
    }

    a.callers.forEach((c, i) => {
        p.dnsLabel(`callers[${i}].namespace`, c.namespace);
        if (c.app !== undefined) {
            p.dnsLabel(`callers[${i}].app`, c.app);
        }
    });
    a.egress.forEach((e, i) => {
        if ((e.namespace === undefined) === (e.cidr === undefined)) {
            p.add(`egress[${i}]`, e, "must set exactly one of namespace and cidr");
        }
        if (e.namespace !== undefined) {
            p.dnsLabel(`egress[${i}].namespace`, e.namespace);
        }
        if (e.app !== undefined) {
            if (e.cidr !== undefined) {
                p.add(`egress[${i}].app`, e.app, "is set with cidr; an app is selected inside a namespace, so set namespace instead of cidr");
            }
            p.dnsLabel(`egress[${i}].app`, e.app);
        }
        if (e.cidr !== undefined && !isCidr(e.cidr)) {
            p.add(`egress[${i}].cidr`, e.cidr, 'is not a CIDR (e.g. "10.20.0.0/16")');
        }
        if (!Array.isArray(e.ports) || e.ports.length === 0) {
            p.add(`egress[${i}].ports`, e.ports, "is empty; list the TCP ports the service calls");
        } else {
            e.ports.forEach((x, j) => p.intRange(`egress[${i}].ports[${j}]`, x, 1, 65535));
        }
    });

    if (a.ingress !== undefined) {
        const ing = a.ingress;
        if (typeof ing.host !== "string" || ing.host.length > 253 || !DNS_SUBDOMAIN.test(ing.host) || !ing.host.includes(".")) {
            p.add("ingress.host", ing.host, 'is not a fully qualified host name (e.g. "checkout.payments.example.com")');
        }
        if (typeof ing.certificateArn !== "string" || !ACM_ARN.test(ing.certificateArn)) {
            p.add("ingress.certificateArn", ing.certificateArn, "is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)");
        }
        if (!Array.isArray(ing.sourceCidrs) || ing.sourceCidrs.length === 0) {
            p.add("ingress.sourceCidrs", ing.sourceCidrs, "is empty; list the CIDRs of the subnets the load balancer runs in");
        } else {
            ing.sourceCidrs.forEach((c, i) => {
                if (!isCidr(c)) {
                    p.add(`ingress.sourceCidrs[${i}]`, c, 'is not a CIDR (e.g. "10.20.0.0/19")');
                } else if (c === "0.0.0.0/0" || c === "::/0") {
                    p.add(`ingress.sourceCidrs[${i}]`, c, "admits every address; list the load balancer's subnets");
                }
            });
        }
        if (ing.group !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(ing.group)) {
            p.add("ingress.group", ing.group, "is not an IngressGroup name (lowercase letters, digits, '-' and '.')");
        }
    }
    p.dnsLabel("monitoringNamespace", a.monitoringNamespace);
    p.throwIfAny("Microservice");
}
