import { Problems, show, ValidationError } from "../common";

/**
 * The one place Kubernetes versions and the managed add-on versions that go with them are pinned
 * (STYLE.md rule 11). Everything else (the cluster, node pools, the add-ons, the policies' list of
 * supported versions) reads this table, so an upgrade is one reviewed change here.
 *
 * Support dates are the Amazon EKS release calendar's; add-on builds are the latest
 * `eksbuild` of each add-on that EKS lists for the minor (`aws eks describe-addon-versions
 * --kubernetes-version <v> --addon-name <a>`), checked November 2026. Refresh both when a minor
 * is added: `supportStatus` makes a stale row visible in tests and reviews.
 */

/** The EKS managed add-ons the platform installs on every cluster. */
export type ManagedAddon = "vpc-cni" | "coredns" | "kube-proxy" | "aws-ebs-csi-driver" | "eks-pod-identity-agent";

export const MANAGED_ADDONS: readonly ManagedAddon[] = ["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"];

export interface KubernetesRelease {
    /** Minor version as EKS takes it: "1.34". */
    readonly version: string;
    /** Last day of EKS standard support (ISO date); after it the cluster bills extended support or is upgraded. */
    readonly standardSupportEnd: string;
    /** Last day of EKS extended support (ISO date); after it EKS upgrades the control plane itself. */
    readonly extendedSupportEnd: string;
    /** The pinned `vX.Y.Z-eksbuild.N` of each managed add-on for this minor. */
    readonly addons: Readonly<Record<ManagedAddon, string>>;
}

/** Oldest first. */
export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
    {
        version: "1.31",
        standardSupportEnd: "2025-11-26",
        extendedSupportEnd: "2026-11-26",
        addons: {
            "vpc-cni": "v1.20.4-eksbuild.2",
            coredns: "v1.11.4-eksbuild.24",
            "kube-proxy": "v1.31.3-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.1",
        },
    },
    {
        version: "1.32",
        standardSupportEnd: "2026-03-23",
        extendedSupportEnd: "2027-03-23",
        addons: {
            "vpc-cni": "v1.20.4-eksbuild.2",
            coredns: "v1.11.4-eksbuild.24",
            "kube-proxy": "v1.32.0-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.1",
        },
    },
    {
        version: "1.33",
        standardSupportEnd: "2026-07-29",
        extendedSupportEnd: "2027-07-29",
        addons: {
            "vpc-cni": "v1.20.4-eksbuild.2",
            coredns: "v1.12.4-eksbuild.1",
            "kube-proxy": "v1.33.5-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.1",
        },
    },
    {
        version: "1.34",
        standardSupportEnd: "2026-12-02",
        extendedSupportEnd: "2027-12-02",
        addons: {
            "vpc-cni": "v1.20.4-eksbuild.2",
            coredns: "v1.12.4-eksbuild.1",
            "kube-proxy": "v1.34.0-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.2",
        },
    },
    {
        version: "1.35",
        standardSupportEnd: "2027-03-27",
        extendedSupportEnd: "2028-03-27",
        addons: {
            "vpc-cni": "v1.21.1-eksbuild.3",
            coredns: "v1.13.2-eksbuild.1",
            "kube-proxy": "v1.35.0-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.2",
        },
    },
];

/** Where the dates of KUBERNETES_RELEASES come from, and when they were read. */
export const RELEASE_CALENDAR_SOURCE = { url: "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html", read: "2026-12-02" } as const;
/** Where the add-on builds of KUBERNETES_RELEASES come from (per minor), and when they were read. */
export const ADDON_VERSIONS_SOURCE = { url: "aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <addon>", read: "2026-11" } as const;

/** Every version the platform can create or adopt, oldest first. */
export const SUPPORTED_VERSIONS: readonly string[] = KUBERNETES_RELEASES.map((r) => r.version);

/** The newest minor in standard support: new clusters start here. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** The shape EKS gives add-on versions. */
const ADDON_VERSION = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/;

export function isSupportedVersion(version: string): boolean {
    return SUPPORTED_VERSIONS.includes(version);
}

/** The table row of a supported minor; throws a ValidationError naming the supported ones. */
export function kubernetesRelease(version: string): KubernetesRelease {
    const release = KUBERNETES_RELEASES.find((r) => r.version === version);
    if (!release) {
        throw new ValidationError("Kubernetes version", [unsupportedVersionMessage("kubernetesVersion", version)]);
    }
    return release;
}

/** `<path>: "1.29" is not a supported Kubernetes version; supported: 1.31, …` (shared with validate-cluster.ts). */
export function unsupportedVersionMessage(path: string, version: unknown): string {
    return `${path}: ${show(version)} is not a supported Kubernetes version; supported: ${SUPPORTED_VERSIONS.join(", ")}`;
}

/** The pinned version of one managed add-on for a Kubernetes minor. */
export function addonVersion(addon: ManagedAddon, k8sVersion: string): string {
    const release = kubernetesRelease(k8sVersion);
    if (!MANAGED_ADDONS.includes(addon)) {
        throw new ValidationError("add-on", [`addon: ${show(addon)} is not one of ${MANAGED_ADDONS.map((a) => show(a)).join(", ")}`]);
    }
    return release.addons[addon];
}

/**
 * Where a date falls in a minor's EKS lifecycle. Pure: the caller passes the date (a component
 * never reads the clock, so that a plan is reproducible).
 */
export function supportStatus(k8sVersion: string, on: Date): "standard" | "extended" | "end-of-life" {
    const release = kubernetesRelease(k8sVersion);
    const day = on.toISOString().slice(0, 10);
    if (day <= release.standardSupportEnd) {
        return "standard";
    }
    return day <= release.extendedSupportEnd ? "extended" : "end-of-life";
}

export type AddonVersionOverrides = Partial<Record<ManagedAddon, string>>;

/**
 * Every problem with add-on version overrides for a cluster minor, as messages (for composing
 * into a component's own validation). An override is accepted when it has the EKS shape and is
 * not a build pinned only for another minor; kube-proxy must also be built for this minor.
 */
export function addonVersionProblems(k8sVersion: string, overrides: AddonVersionOverrides, path = "addonVersions"): string[] {
    const p = new Problems();
    if (!isSupportedVersion(k8sVersion)) {
        p.addMessage(unsupportedVersionMessage("kubernetesVersion", k8sVersion));
        return [...p.all];
    }
    const release = kubernetesRelease(k8sVersion);
    for (const [addon, version] of Object.entries(overrides)) {
        if (version === undefined) {
            continue;
        }
        if (!MANAGED_ADDONS.includes(addon as ManagedAddon)) {
            p.add(path, addon, `is not one of ${MANAGED_ADDONS.map((a) => show(a)).join(", ")}`);
            continue;
        }
        const name = addon as ManagedAddon;
        const here = `${path}.${name}`;
        const match = typeof version === "string" ? ADDON_VERSION.exec(version) : null;
        if (!match) {
            p.add(here, version, "is not an EKS add-on version (vX.Y.Z-eksbuild.N)");
            continue;
        }
        const pinnedHere = release.addons[name];
        const pinnedFor = KUBERNETES_RELEASES.filter((r) => r.addons[name] === version).map((r) => r.version);
        if (pinnedFor.length > 0 && !pinnedFor.includes(k8sVersion)) {
            p.add(here, version, `is pinned for Kubernetes ${pinnedFor.join(", ")}, not ${k8sVersion}; the pin for ${k8sVersion} is ${show(pinnedHere)}`);
            continue;
        }
        if (name === "kube-proxy" && `${match[1]}.${match[2]}` !== k8sVersion) {
            p.add(here, version, `is built for Kubernetes ${match[1]}.${match[2]}, not ${k8sVersion}; kube-proxy must match the cluster minor (pinned: ${show(pinnedHere)})`);
        }
    }
    return [...p.all];
}

/** Throws one ValidationError listing every problem with the overrides (see addonVersionProblems). */
export function validateAddonVersions(k8sVersion: string, overrides: AddonVersionOverrides): void {
    const problems = addonVersionProblems(k8sVersion, overrides);
    if (problems.length > 0) {
        throw new ValidationError("add-on versions", problems);
    }
}

/** The version of every managed add-on for a minor: the pins, with validated overrides on top. */
export function resolveAddonVersions(k8sVersion: string, overrides: AddonVersionOverrides = {}): Record<ManagedAddon, string> {
    validateAddonVersions(k8sVersion, overrides);
    const set = Object.entries(overrides).filter(([, v]) => v !== undefined);
    return { ...kubernetesRelease(k8sVersion).addons, ...Object.fromEntries(set) } as Record<ManagedAddon, string>;
}
