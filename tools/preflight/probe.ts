import * as dns from "dns";
import * as net from "net";

export type ProbeResult = { ok: true; address: string } | { ok: false; reason: string };

/** Resolves a host name and opens a TCP connection to it; tests pass their own. */
export type Probe = (host: string, port: number) => Promise<ProbeResult>;

type Lookup = (host: string) => Promise<string>;

const systemLookup: Lookup = async (host) => (await dns.promises.lookup(host)).address;

/**
 * A probe with one deadline for both steps (a resolver or a firewall that drops packets must not
 * hang preflight). It only connects and closes: no TLS, no request.
 */
export function tcpProbe(timeoutMs = 5000, lookup: Lookup = systemLookup): Probe {
    return async (host, port) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<ProbeResult>((resolve) => {
            timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
        });
        const attempt = (async (): Promise<ProbeResult> => {
            let address: string;
            try {
                address = await lookup(host);
            } catch (e) {
                return { ok: false, reason: `${host} does not resolve here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
            }
            return new Promise<ProbeResult>((resolve) => {
                const socket = net.connect({ host: address, port });
                const done = (result: ProbeResult) => {
                    socket.destroy();
                    resolve(result);
                };
                socket.setTimeout(timeoutMs, () => done({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` }));
                socket.once("connect", () => done({ ok: true, address }));
                socket.once("error", (e: NodeJS.ErrnoException) => done({ ok: false, reason: `${address}:${port} refused the connection (${e.code ?? e.message})` }));
            });
        })();
        try {
            return await Promise.race([attempt, deadline]);
        } finally {
            clearTimeout(timer);
        }
    };
}
