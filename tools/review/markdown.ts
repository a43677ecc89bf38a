/** Small Markdown helpers shared by the diff and the plan report. */

/** Escapes a value for a Markdown table cell (pipes, newlines) and shortens it. */
export function cell(value: unknown, max = 120): string {
    let s = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
    if (s.length > max) {
        s = `${s.slice(0, max - 1)}…`;
    }
    return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A value in inline code for a table cell, shortened. Code spans show entities literally, so only
 * pipes and newlines are escaped; backticks inside are replaced so the span stays closed.
 */
export function code(value: unknown, max = 120): string {
    let s = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
    if (s.length > max) {
        s = `${s.slice(0, max - 1)}…`;
    }
    s = s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/`/g, "'");
    return s === "" ? "" : `\`${s}\``;
}

export function table(header: string[], rows: string[][]): string {
    const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
    return lines.join("\n");
}

export function usd(n: number): string {
    const sign = n < 0 ? "-" : "";
    return `${sign}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function signedUsd(n: number): string {
    return n > 0 ? `+${usd(n)}` : usd(n);
}

/** UTF-8 size: GitHub's comment limit counts characters, the 64 KB file limit counts bytes. */
export function bytes(s: string): number {
    return Buffer.byteLength(s, "utf8");
}

/** `aws:ec2/vpc:Vpc` → `aws:ec2:Vpc`, as the Pulumi CLI prints types. */
export function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    if (name === undefined) {
        return type;
    }
    return `${pkg}:${mod.split("/")[0]}:${name}`;
}
