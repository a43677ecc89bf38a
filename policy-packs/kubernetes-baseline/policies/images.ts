import type { Policies, ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { noConfig, stringList, validateWorkload } from "./support";
import { ContainerView, ImageRef, parseImage, WorkloadView } from "./workloads";

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

/** A workload check over every container's image (undefined when unset or unknown, the unknown noted). */
function validateImages<C extends object = object>(check: (c: ContainerView, image: string | undefined, w: WorkloadView, config: C, out: Verdicts) => void): ResourceValidation {
    return validateWorkload<C>({
        exclusions: false,
        check: (w, config, out) => w.containers.forEach((c) => check(c, imageOf(c, out), w, config, out)),
    });
}

/*
 * The catalog's image-pinned row had two levels ("tag present and not latest (M); digest on prod
 * (A)"), but a policy has one: two policies. `image-pinned` is mandatory everywhere; a moving or
 * missing tag makes a deployment unrepeatable. `image-pinned-digest` is advisory and simply
 * requires a digest; the per-environment configs turn it off where tags are enough (dev, staging:
 * "disabled") and keep it advisory on prod, where a stack may raise it to mandatory once its
 * images are built by digest. A switch inside one policy (the former `requireDigest`) would have
 * made the digest branch as mandatory as the tag branch.
 */

export const imagePinned: ResourceValidationPolicy = {
    name: "image-pinned",
    description: "Checks whether every container image is pinned to a version tag or a digest, never latest.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "k8s.image-pinned", "Container images are pinned to an immutable version"),
    tags: ["checkov:CKV_K8S_14"],
    remediationSteps: "Reference images as <repository>:<version> (ECR repositories here have immutable tags) or <repository>@sha256:<digest>.",
    configSchema: noConfig,
    validateResource: validateImages((c, image, w, _config, out) => {
        if (image === undefined) {
            if (c.container.image === undefined && !w.patch) {
                out.fail(`${c.label} must set image to a pinned version; use <repository>:<version> or <repository>@sha256:<digest>.`);
            }
            return;
        }
        const ref = parseImage(image);
        if (!ref.digest && ref.tag === undefined) {
            out.fail(`${c.label} image ${image} must carry a version tag or a digest; use ${nameOf(ref)}:<version> or ${nameOf(ref)}@sha256:<digest>.`);
        } else if (!ref.digest && ref.tag === "latest") {
            out.fail(`${c.label} image ${image} must not use the latest tag; pin a version tag or a digest.`);
        }
    }),
};

export const imagePinnedDigest: ResourceValidationPolicy = {
    name: "image-pinned-digest",
    description: "Checks whether every container image is pinned by digest (@sha256:...).",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "k8s.image-pinned-digest", "Container images are pinned by content digest"),
    tags: ["checkov:CKV_K8S_43"],
    remediationSteps:
        "Reference images as <repository>@sha256:<digest> (or <repository>:<version>@sha256:<digest>), e.g. from the build's pushed digest. Off on dev and staging (disabled in their policy config), advisory on prod.",
    configSchema: noConfig,
    validateResource: validateImages((c, image, _w, _config, out) => {
        // An unset image is image-pinned's finding.
        if (image !== undefined && !parseImage(image).digest) {
            out.fail(`${c.label} image ${image} must be pinned by digest; use ${nameOf(parseImage(image))}@sha256:<digest>.`);
        }
    }),
};

/** `registry/repository` of a reference, as messages suggest it. */
function nameOf(ref: ImageRef): string {
    return `${ref.registry ? `${ref.registry}/` : ""}${ref.repository}`;
}

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
    validateResource: validateImages<AllowedRegistriesConfig>((c, image, _w, config, out) => {
        const prefixes = config.allowedRegistries ?? [];
        if (image !== undefined && !fromAllowedRegistry(image, prefixes)) {
            const approved = prefixes.length > 0 ? `one of ${prefixes.join(", ")}` : "a private ECR registry (<account>.dkr.ecr.<region>.amazonaws.com/)";
            out.fail(`${c.label} image ${image} must come from an approved registry; use ${approved}.`);
        }
    }),
};

export const imagePolicies: Policies = [imagePinned, imagePinnedDigest, allowedRegistries];
