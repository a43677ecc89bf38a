import { Path, UNKNOWN, Unknown } from "../../lib/values";

/**
 * A read-only view of one pod template (an object with `metadata` and `spec`, as a Pod or a
 * workload's `spec.template` has) inside a larger document, for the Pod Security Standards checks.
 *
 * Pure: it takes plain data in which a value unknown until apply is the `UNKNOWN` marker (see
 * policy-packs/lib/values.ts `plain`). A check that reads an unknown value treats it as "cannot be
 * decided": it reports nothing for it, and the view remembers the path (`undecided`) so that the
 * caller can end the run the engine's way. Paths are keys from the document root, so a finding on a
 * Deployment names `spec.template.spec.containers[0].securityContext.privileged`.
 */

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `spec.template.spec.containers[0]` from `["spec", "template", "spec", "containers", 0]`. */
export function pathText(path: Path): string {
    return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

export type ContainerGroup = "containers" | "initContainers" | "ephemeralContainers";

/** Every container kind PSS visits (policy/visitor.go: init, regular and ephemeral containers). */
export const CONTAINER_GROUPS: ContainerGroup[] = ["containers", "initContainers", "ephemeralContainers"];

export interface ContainerRef {
    group: ContainerGroup;
    index: number;
    /** Keys from the document root to the container. */
    keys: Path;
    /** `container spec.template.spec.containers[0] (app)`: how messages name it. */
    label: string;
}

export class PodView {
    /** Paths of values a check needed and could not read (unknown until apply), in the order met. */
    readonly undecided: Path[] = [];
    /** Keys from the document root to the pod spec. */
    readonly specKeys: Path;
    /** Keys from the document root to the pod template's metadata. */
    readonly metadataKeys: Path;
    /** `pod spec.template.spec`: how messages name pod-level findings. */
    readonly podLabel: string;
    private containerList?: ContainerRef[];

    /**
     * @param root the document (a Pod's inputs, a Deployment's inputs, a parsed manifest)
     * @param templateKeys keys from `root` to the object holding `metadata` and `spec` (`[]` for a Pod, `["spec", "template"]` for a Deployment)
     */
    constructor(
        readonly root: unknown,
        templateKeys: Path = [],
    ) {
        this.specKeys = [...templateKeys, "spec"];
        this.metadataKeys = [...templateKeys, "metadata"];
        this.podLabel = `pod ${pathText(this.specKeys)}`;
    }

    /** The value at `keys` from the root: `UNKNOWN` when it or a parent is unknown, undefined when unset (never records). */
    peek(keys: Path): unknown {
        let cur: unknown = this.root;
        for (const k of keys) {
            if (cur === UNKNOWN) {
                return UNKNOWN;
            }
            if (typeof k === "number") {
                cur = Array.isArray(cur) ? cur[k] : undefined;
            } else {
                cur = isObj(cur) ? cur[k] : undefined;
            }
        }
        return cur === null ? undefined : cur;
    }

    /** The value at `keys` from the root; `UNKNOWN` (recorded as undecided) when it cannot be known yet. */
    read(keys: Path): unknown {
        const value = this.peek(keys);
        if (value === UNKNOWN) {
            this.note(keys);
        }
        return value;
    }

    /** A pod-spec field: `spec(["securityContext", "sysctls"])`. */
    spec(keys: Path): unknown {
        return this.read([...this.specKeys, ...keys]);
    }

    /** Records `keys` as a value the verdict depends on and that is unknown until apply. */
    note(keys: Path): void {
        if (!this.undecided.some((p) => p.length === keys.length && p.every((k, i) => k === keys[i]))) {
            this.undecided.push(keys);
        }
    }

    /** A list at `keys`: its elements with their keys; an unknown list or element is recorded and skipped. */
    list(keys: Path): { value: unknown; keys: Path; index: number }[] {
        const list = this.read(keys);
        if (!Array.isArray(list)) {
            return [];
        }
        const out: { value: unknown; keys: Path; index: number }[] = [];
        list.forEach((value, index) => {
            const at = [...keys, index];
            if (value === UNKNOWN) {
                this.note(at);
            } else if (value !== undefined && value !== null) {
                out.push({ value, keys: at, index });
            }
        });
        return out;
    }

    /** Every container (regular, init, ephemeral) that can be read. */
    containers(): ContainerRef[] {
        if (!this.containerList) {
            this.containerList = [];
            for (const group of CONTAINER_GROUPS) {
                for (const { value, keys, index } of this.list([...this.specKeys, group])) {
                    const name = isObj(value) ? value.name : undefined;
                    const path = pathText(keys);
                    const label = typeof name === "string" && name !== "" ? `container ${path} (${name})` : `container ${path}`;
                    this.containerList.push({ group, index, keys, label });
                }
            }
        }
        return this.containerList;
    }

    /** `spec.os.name` is windows: true, false, or `UNKNOWN` when it cannot be known yet (not recorded: see `exemptUnless`). */
    windows(): boolean | Unknown {
        const name = this.peek([...this.specKeys, "os", "name"]);
        return name === UNKNOWN ? UNKNOWN : name === "windows";
    }

    /** `spec.hostUsers: false` (the pod runs in a user namespace): true, false, or `UNKNOWN` (not recorded). */
    userNamespace(): boolean | Unknown {
        const value = this.peek([...this.specKeys, "hostUsers"]);
        return value === UNKNOWN ? UNKNOWN : value === false;
    }
}

export { UNKNOWN };
export type { Path, Unknown };
