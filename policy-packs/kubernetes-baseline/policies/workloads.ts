/**
 * A pure walker over Kubernetes workload inputs: which pod spec a resource carries, where, and
 * every container in it with its effective security context. It reads no engine proxy: it takes
 * plain data (`plain` from policy-packs/lib/values.ts) in which a value unknown until apply is the `UNKNOWN` marker, so that each rule decides
 * what an unknown means for it (never a mandatory failure) and the walker can be tested alone.
 */

import { Path, UNKNOWN, Unknown } from "../../lib/values";

/** A value known only after apply (an ECR repository URL, a namespace name from another resource): the one marker `plain` uses. */
export { UNKNOWN };
export type { Path, Unknown };

/** A value as a rule sees it: known, unset, or unknown until apply. */
export type Value<T> = T | undefined | Unknown;

export type Obj = Record<string, unknown>;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

export function isObj(value: unknown): value is Obj {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `obj[key]` when `obj` is an object; unset otherwise (an unknown parent is handled by the caller). */
export function field(obj: unknown, key: string): unknown {
    return isObj(obj) ? obj[key] : undefined;
}

/** A list input: an array, unset (empty), or unknown as a whole. */
export function listOf(value: unknown): unknown[] | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return Array.isArray(value) ? value : [];
}

/** `spec.template.spec.containers[0]` from `["spec", "template", "spec", "containers", 0]`. */
export function pathText(path: Path): string {
    return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** Kinds that carry a pod spec, and where it sits in their inputs. */
const POD_SPEC_PATHS: Record<string, Path> = {
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    ReplicationController: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
    PodTemplate: ["template", "spec"],
    Pod: ["spec"],
};

export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/** `{ kind: "Deployment", patch: false }` for `kubernetes:apps/v1:Deployment`; undefined for anything else. */
export function workloadKind(type: string): { kind: string; patch: boolean } | undefined {
    const m = /^kubernetes:(apps|batch|core|extensions)\/[a-z0-9]+:([A-Za-z]+?)(Patch)?$/.exec(type);
    // Own keys only: `toString` and the other Object.prototype names are no workload kind.
    if (!m || !Object.hasOwn(POD_SPEC_PATHS, m[2])) {
        return undefined;
    }
    return { kind: m[2], patch: m[3] === "Patch" };
}

export type ContainerGroup = "containers" | "initContainers" | "ephemeralContainers";
export const CONTAINER_GROUPS: ContainerGroup[] = ["containers", "initContainers", "ephemeralContainers"];

/** A security setting that a container inherits from the pod unless it sets its own. */
export interface Effective<T> {
    value: Value<T>;
    /** Where the value comes from (the container's own setting when neither level sets it). */
    path: Path;
    from: "container" | "pod" | "unset";
}

export interface ContainerView {
    group: ContainerGroup;
    index: number;
    name: Value<string>;
    /** Keys to the container in the resource inputs. */
    keys: Path;
    /** `spec.template.spec.containers[0]`. */
    path: string;
    /** `container spec.template.spec.containers[0] (app)`: how messages name it. */
    label: string;
    container: Obj;
    /** The container's own `securityContext` (empty when unset or unknown). */
    securityContext: Obj;
    securityContextUnknown: boolean;
    effective: {
        runAsNonRoot: Effective<boolean>;
        runAsUser: Effective<number>;
        seccompProfileType: Effective<string>;
        appArmorProfileType: Effective<string>;
        seLinuxOptions: Effective<Obj>;
        hostProcess: Effective<boolean>;
    };
}

export interface WorkloadView {
    kind: string;
    /** A `...Patch` resource: only the fields it sets are known, an unset field is no finding. */
    patch: boolean;
    namespace: Value<string>;
    name: Value<string>;
    podSpecKeys: Path;
    /** `spec.template.spec`. */
    podSpecPath: string;
    /** `pod spec.template.spec`: how messages name pod-level findings. */
    podLabel: string;
    /** The pod spec (empty when unset or unknown). */
    podSpec: Obj;
    /** The pod-level `securityContext` (empty when unset or unknown). */
    podSecurityContext: Obj;
    podAnnotations: Value<Obj>;
    /** `spec.os.name` is windows: PSS exempts such pods from the Linux-only restricted controls. */
    windows: boolean;
    containers: ContainerView[];
    /** Paths the walker could not see into (the pod spec, a container list or a container unknown as a whole). */
    unknowns: Path[];
}

function at(root: unknown, path: Path): unknown {
    let cur = root;
    for (const k of path) {
        if (isUnknown(cur)) {
            return UNKNOWN;
        }
        if (typeof k === "number") {
            cur = Array.isArray(cur) ? cur[k] : undefined;
        } else {
            cur = field(cur, k);
        }
    }
    return cur;
}

function effective<T>(own: unknown, ownPath: Path, pod: unknown, podPath: Path): Effective<T> {
    if (own !== undefined && own !== null) {
        return { value: own as Value<T>, path: ownPath, from: "container" };
    }
    if (pod !== undefined && pod !== null) {
        return { value: pod as Value<T>, path: podPath, from: "pod" };
    }
    return { value: undefined, path: ownPath, from: "unset" };
}

/** Walks a workload's inputs (plain data, unknowns as `UNKNOWN`); undefined for a type that carries no pod spec. */
export function walkWorkload(type: string, inputs: Obj): WorkloadView | undefined {
    const k = workloadKind(type);
    if (!k) {
        return undefined;
    }
    const podSpecKeys = POD_SPEC_PATHS[k.kind];
    const podSpecPath = pathText(podSpecKeys);
    const unknowns: Path[] = [];
    const rawSpec = at(inputs, podSpecKeys);
    if (isUnknown(rawSpec)) {
        unknowns.push(firstUnknown(inputs, podSpecKeys));
    }
    const podSpec = isObj(rawSpec) ? rawSpec : {};
    const scKeys = [...podSpecKeys, "securityContext"];
    const rawPodSc = podSpec.securityContext;
    const podSc = isObj(rawPodSc) ? rawPodSc : {};
    const metaKeys = k.kind === "Pod" ? ["metadata"] : [...podSpecKeys.slice(0, -1), "metadata"];
    const rawAnnotations = at(inputs, [...metaKeys, "annotations"]);
    const podAnnotations = isUnknown(rawAnnotations) ? UNKNOWN : isObj(rawAnnotations) ? rawAnnotations : undefined;
    const containers: ContainerView[] = [];
    if (isUnknown(rawPodSc)) {
        unknowns.push(scKeys);
    }

    for (const group of CONTAINER_GROUPS) {
        const list = listOf(podSpec[group]);
        if (isUnknown(list)) {
            unknowns.push([...podSpecKeys, group]);
            continue;
        }
        list.forEach((c, index) => {
            const keys: Path = [...podSpecKeys, group, index];
            if (isUnknown(c)) {
                unknowns.push(keys);
                return;
            }
            const container = isObj(c) ? c : {};
            const rawSc = container.securityContext;
            const sc = isObj(rawSc) ? rawSc : {};
            const cKeys = [...keys, "securityContext"];
            const name = container.name as Value<string>;
            const path = pathText(keys);
            containers.push({
                group,
                index,
                name,
                keys,
                path,
                label: typeof name === "string" && name !== "" ? `container ${path} (${name})` : `container ${path}`,
                container,
                securityContext: sc,
                securityContextUnknown: isUnknown(rawSc),
                effective: {
                    runAsNonRoot: effective(sc.runAsNonRoot, [...cKeys, "runAsNonRoot"], podSc.runAsNonRoot, [...scKeys, "runAsNonRoot"]),
                    runAsUser: effective(sc.runAsUser, [...cKeys, "runAsUser"], podSc.runAsUser, [...scKeys, "runAsUser"]),
                    seccompProfileType: nested(sc, cKeys, podSc, scKeys, "seccompProfile", "type"),
                    appArmorProfileType: nested(sc, cKeys, podSc, scKeys, "appArmorProfile", "type"),
                    seLinuxOptions: effective(sc.seLinuxOptions, [...cKeys, "seLinuxOptions"], podSc.seLinuxOptions, [...scKeys, "seLinuxOptions"]),
                    hostProcess: nested(sc, cKeys, podSc, scKeys, "windowsOptions", "hostProcess"),
                },
            });
        });
    }

    const osName = at(podSpec, ["os", "name"]);
    return {
        kind: k.kind,
        patch: k.patch,
        namespace: at(inputs, ["metadata", "namespace"]) as Value<string>,
        name: at(inputs, ["metadata", "name"]) as Value<string>,
        podSpecKeys,
        podSpecPath,
        podLabel: `pod ${podSpecPath}`,
        podSpec,
        podSecurityContext: podSc,
        podAnnotations,
        windows: osName === "windows",
        containers,
        unknowns,
    };
}

/** `securityContext.<outer>.<inner>` with the container's own object taking precedence over the pod's. */
function nested<T>(sc: Obj, cKeys: Path, podSc: Obj, podKeys: Path, outer: string, inner: string): Effective<T> {
    const own = sc[outer];
    const ownValue = isUnknown(own) ? UNKNOWN : field(own, inner);
    const pod = podSc[outer];
    const podValue = isUnknown(pod) ? UNKNOWN : field(pod, inner);
    return effective<T>(ownValue, isUnknown(own) ? [...cKeys, outer] : [...cKeys, outer, inner], podValue, isUnknown(pod) ? [...podKeys, outer] : [...podKeys, outer, inner]);
}

function firstUnknown(root: unknown, path: Path): Path {
    let cur = root;
    for (let i = 0; i < path.length; i++) {
        if (isUnknown(cur)) {
            return path.slice(0, i);
        }
        const k = path[i];
        cur = typeof k === "number" ? (Array.isArray(cur) ? cur[k] : undefined) : field(cur, k);
    }
    return path;
}

/** An image reference split the way the container runtime reads it. */
export interface ImageRef {
    /** Registry host when the reference names one (`123456789012.dkr.ecr.eu-west-1.amazonaws.com`). */
    registry?: string;
    /** Repository path without registry, tag or digest. */
    repository: string;
    tag?: string;
    digest?: string;
    /** The fully qualified name: Docker Hub short names become `docker.io/library/<name>`. */
    canonical: string;
}

/** Parses `registry/repo:tag@sha256:...`; a first path component with a dot, a colon or `localhost` is a registry. */
export function parseImage(image: string): ImageRef {
    let rest = image.trim();
    let digest: string | undefined;
    const atSign = rest.indexOf("@");
    if (atSign >= 0) {
        digest = rest.slice(atSign + 1);
        rest = rest.slice(0, atSign);
    }
    let registry: string | undefined;
    const slash = rest.indexOf("/");
    if (slash > 0) {
        const first = rest.slice(0, slash);
        if (first.includes(".") || first.includes(":") || first === "localhost") {
            registry = first;
            rest = rest.slice(slash + 1);
        }
    }
    let tag: string | undefined;
    const colon = rest.lastIndexOf(":");
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    const host = registry ?? "docker.io";
    const repository = rest;
    const canonicalRepo = !registry && !repository.includes("/") ? `library/${repository}` : repository;
    const canonical = `${host}/${canonicalRepo}${tag !== undefined ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
    return { registry, repository, tag: tag === "" ? undefined : tag, digest: digest === "" ? undefined : digest, canonical };
}
