import { KUBERNETES_RELEASES, supportStatus } from "../components/cluster/versions";
import { policyProfileProblem } from "./policy-profile";
import type { PlatformConfig } from "./schema";

/**
 * Settings that each pass on their own but conflict with another setting of the same stack:
 * accepted, they would plan green and be wrong in the cloud.
 */

/** The window of the platform's own SLOs (components/observability/platform-slos.ts). */
export const PLATFORM_SLO_WINDOW_DAYS = 30;

const DAYS: Record<string, number> = { d: 1, w: 7, y: 365 };

/** Days of a `<n>d|w|y` duration (the forms platform:observability.prometheusRetention and SLO windows take). */
export function durationDays(d: string): number | undefined {
    const m = /^(\d+)([dwy])$/.exec(d);
    return m ? Number(m[1]) * DAYS[m[2]] : undefined;
}

/**
 * Prometheus keeps samples for prometheusRetention; an SLO's error budget is computed over its
 * window, so a retention shorter than the longest window silently computes it over less.
 */
function retentionProblems(c: PlatformConfig): string[] {
    const o = c.observability;
    if (c.role !== "workload" || !o.metrics) {
        return [];
    }
    const retention = durationDays(o.prometheusRetention);
    if (retention === undefined) {
        return [];
    }
    const windows: { days: number; what: string }[] = [];
    if (o.platformSlos) {
        windows.push({ days: PLATFORM_SLO_WINDOW_DAYS, what: `the platform SLOs' ${PLATFORM_SLO_WINDOW_DAYS}d window (platform:observability.platformSlos)` });
    }
    c.services.forEach((svc, i) =>
        (svc.slos ?? []).forEach((slo, j) => {
            const days = durationDays(slo.window);
            if (days !== undefined) {
                windows.push({ days, what: `platform:services[${i}].slos[${j}].window ${JSON.stringify(slo.window)}` });
            }
        }),
    );
    const longest = windows.sort((a, b) => b.days - a.days)[0];
    if (longest && retention <= longest.days) {
        return [
            `platform:observability.prometheusRetention: ${JSON.stringify(o.prometheusRetention)} is not longer than ${longest.what}; error budgets would be computed over ${retention} days of samples. Set at least "${longest.days + 5}d"`,
        ];
    }
    return [];
}

/** True when `host` is `domain` or under it. */
function underDomain(host: string, domain: string): boolean {
    const d = domain.replace(/^\*\./, "").replace(/\.$/, "");
    return host === d || host.endsWith(`.${d}`);
}

/**
 * A service's ingress host gets its DNS record from ExternalDNS, which only writes inside the
 * zones it manages (platform:platformAddons.externalDns.domainFilters): a host outside them would
 * plan green and never resolve.
 */
function ingressHostProblems(c: PlatformConfig): string[] {
    const dns = c.platformAddons.externalDns;
    const problems: string[] = [];
    c.services.forEach((svc, i) => {
        const host = svc.ingress?.host;
        if (host === undefined) {
            return;
        }
        if (!dns) {
            problems.push(
                `platform:services[${i}].ingress.host: ${JSON.stringify(host)} gets no DNS record: ExternalDNS is not installed; set platform:platformAddons.externalDns with the hosted zone that holds it`,
            );
        } else if (dns.domainFilters.length === 0) {
            problems.push(
                `platform:services[${i}].ingress.host: ${JSON.stringify(host)} cannot be checked against the zones ExternalDNS manages; list their domains in platform:platformAddons.externalDns.domainFilters`,
            );
        } else if (!dns.domainFilters.some((d) => underDomain(host, d))) {
            problems.push(
                `platform:services[${i}].ingress.host: ${JSON.stringify(host)} is outside the zones ExternalDNS manages (${dns.domainFilters.join(", ")}, platform:platformAddons.externalDns.domainFilters); use a host under one of them or add its zone`,
            );
        }
    });
    return problems;
}

/**
 * Prod must not run a minor past the end of its EKS standard support on the STANDARD upgrade
 * policy: EKS would upgrade the control plane by itself
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html and
 * https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html, read 2026-12-03).
 * The dates are those of components/cluster/versions.ts.
 */
function supportProblems(c: PlatformConfig, now: Date): string[] {
    const cl = c.cluster;
    if (c.role !== "workload" || !cl || !KUBERNETES_RELEASES.some((r) => r.version === cl.version)) {
        return [];
    }
    const status = supportStatus(cl.version, now);
    const release = KUBERNETES_RELEASES.find((r) => r.version === cl.version)!;
    const today = now.toISOString().slice(0, 10);
    if (status === "end-of-life") {
        return [`platform:cluster.version: "${cl.version}" is past the end of EKS extended support (${release.extendedSupportEnd}, today ${today}); upgrade (npm run upgrade)`];
    }
    if (status === "extended" && c.environment === "prod" && cl.upgradeSupportType !== "EXTENDED") {
        return [
            `platform:cluster.upgradeSupportType: "${cl.upgradeSupportType}" with version "${cl.version}", whose standard support ended ${release.standardSupportEnd} (today ${today}): EKS would upgrade prod's control plane by itself; set upgradeSupportType: EXTENDED or upgrade (npm run upgrade)`,
        ];
    }
    return [];
}

export interface SemanticOptions {
    /** The day support windows are judged on (default: today). */
    now?: Date;
    /**
     * Judge the Kubernetes version's support window (default true). `npm run upgrade` turns it off:
     * a stack past its support window is what it exists to fix.
     */
    supportWindows?: boolean;
    /** Where the policy pack profiles live (default policy-packs/config). */
    policyConfigRoot?: string;
}

/** Every conflict between settings of one stack, as `platform:` lines. */
export function semanticProblems(c: PlatformConfig, options: SemanticOptions = {}): string[] {
    const profile = policyProfileProblem(c, options.policyConfigRoot);
    return [...retentionProblems(c), ...ingressHostProblems(c), ...(options.supportWindows === false ? [] : supportProblems(c, options.now ?? new Date())), ...(profile ? [profile] : [])];
}
