import { main } from "../../tools/cli/main";

export interface CliRun {
    code: number;
    out: string;
    err: string;
}

/** Runs the `platform` CLI in-process and captures what it prints. */
export async function cli(...argv: string[]): Promise<CliRun> {
    let out = "";
    let err = "";
    const code = await main(argv, { out: (t) => (out += t.endsWith("\n") ? t : `${t}\n`), err: (t) => (err += t.endsWith("\n") ? t : `${t}\n`) });
    return { code, out, err };
}
