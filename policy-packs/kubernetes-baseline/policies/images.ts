import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { stringList, validateWorkload } from "./support";
import { ContainerView, parseImage } from "./workloads";

/**
 * Where images come from and how they are pinned. An image whose reference is known only after
 * apply (an ECR repository URL from another resource) is never a mandatory finding: the check
 * ends with the engine's advisory "can't run during preview".
 */

/** The container's image as a string; undefined when unset or unknown (noted). */
function imageOf(c: ContainerView, out: Verdicts): string | undefined {
    const image = c.container.image;
    if (out.isUnknown(image, [...c.keys, "image"])) {
        return undefined;
    }
    return typeof image === "string" ? image : undefined;
}

export interface ImagePinnedConfig {
    requireDigest?: boolean;
}

export const imagePinned: ResourceValidationPolicy = {
    name: "image-pinned",
    description: "Checks whether every container image is pinned to a version tag or a digest, never latest.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "k8s.image-pinned", "Container images are pinned to an immutable version"),
    tags: ["checkov:CKV_K8S_14", "checkov:CKV_K8S_43"],
    remediationSteps: "Reference images as <repository>:<version> (ECR repositories here have immutable tags) or <repository>@sha256:<digest>; set requireDigest: true where only digests are accepted (prod).",
    configSchema: {
        properties: {
            requireDigest: { type: "boolean", default: false, description: "Also require every image to be pinned by digest (@sha256:...)." },
        },
    },
    validateResource: validateWorkload<ImagePinnedConfig>({
        exclusions: false,
        check: (w, config, out) => {
            for (const c of w.containers) {
                const image = imageOf(c, out);
                if (image === undefined) {
                    if (c.container.image === undefined && !w.patch) {
                        out.fail(`${c.label} must set image to a pinned version; use <repository>:<version> or <repository>@sha256:<digest>.`);
                    }
                    continue;
                }
                const ref = parseImage(image);
                const name = `${ref.registry ? `${ref.registry}/` : ""}${ref.repository}`;
                if (!ref.digest && ref.tag === undefined) {
                    out.fail(`${c.label} image ${image} must carry a version tag or a digest; use ${name}:<version> or ${name}@sha256:<digest>.`);
                } else if (!ref.digest && ref.tag === "latest") {
                    out.fail(`${c.label} image ${image} must not use the latest tag; pin a version tag or a digest.`);
                } else if (!ref.digest && config.requireDigest === true) {
                    out.fail(`${c.label} image ${image} must be pinned by digest (requireDigest); use ${name}@sha256:<digest>.`);
                }
            }
        },
    }),
};

/** A private ECR registry (any account, any region, FIPS and China partitions included). */
export const PRIVATE_ECR = /^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/** True when the image comes from one of the prefixes, or from a private ECR registry when none is configured. */
export function fromAllowedRegistry(image: string, prefixes: string[]): boolean {
    if (prefixes.length === 0) {
        return PRIVATE_ECR.test(image);
    }
    const canonical = parseImage(image).canonical;
    // A prefix is a registry host or a path in it; match whole components so that
    // "registry.example.com" does not admit "registry.example.com.attacker.io/...".
    return prefixes.some((p) => {
        const prefix = p.endsWith("/") ? p : `${p}/`;
        return image.startsWith(prefix) || canonical.startsWith(prefix);
    });
}

export interface AllowedRegistriesConfig {
    allowedRegistries?: string[];
}

export const allowedRegistries: ResourceValidationPolicy = {
    name: "allowed-registries",
    description: "Checks whether every container image comes from an approved registry.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "5.1.4", "Minimize Container Registries to only those approved"),
    tags: [],
    remediationSteps:
        "Push the image to the platform's ECR registry (replicated or pulled through the pull-through cache) and reference it from there, or add the registry prefix to allowedRegistries.",
    configSchema: {
        properties: {
            allowedRegistries: stringList(
                [],
                "Approved image prefixes (a registry host or a path in it, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/). Empty: any private ECR registry. When set, the list replaces that default.",
            ),
        },
    },
    validateResource: validateWorkload<AllowedRegistriesConfig>({
        exclusions: false,
        check: (w, config, out) => {
            const prefixes = config.allowedRegistries ?? [];
            const approved = prefixes.length > 0 ? `one of ${prefixes.join(", ")}` : "a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/)";
            for (const c of w.containers) {
                const image = imageOf(c, out);
                if (image !== undefined && !fromAllowedRegistry(image, prefixes)) {
                    out.fail(`${c.label} image ${image} must come from an approved registry; use ${approved}.`);
                }
            }
        },
    }),
};

export const imagePolicies: Policies = [imagePinned, allowedRegistries];
