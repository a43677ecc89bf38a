import { expect } from "chai";
import * as net from "net";
import { tcpProbe } from "../../../tools/preflight/probe";

async function listening(): Promise<{ server: net.Server; port: number }> {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, port: (server.address() as net.AddressInfo).port };
}

describe("preflight: the TCP probe of the cluster endpoint", () => {
    it("connects to a listening port", async () => {
        const { server, port } = await listening();
        try {
            expect(await tcpProbe(2000, async () => "127.0.0.1")("cluster.example", port)).to.deep.equal({ ok: true, address: "127.0.0.1" });
        } finally {
            server.close();
        }
    });

    it("reports a refused connection", async () => {
        const { server, port } = await listening();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        expect(await tcpProbe(2000, async () => "127.0.0.1")("cluster.example", port)).to.deep.equal({ ok: false, reason: `127.0.0.1:${port} refused the connection (ECONNREFUSED)` });
    });

    it("reports a name that does not resolve", async () => {
        const lookup = async () => {
            throw Object.assign(new Error("getaddrinfo ENOTFOUND cluster.example"), { code: "ENOTFOUND" });
        };
        expect(await tcpProbe(2000, lookup)("cluster.example", 443)).to.deep.equal({ ok: false, reason: "cluster.example does not resolve here (ENOTFOUND)" });
    });

    it("gives up at the deadline when nothing answers", async () => {
        const lookup = () => new Promise<string>(() => undefined);
        expect(await tcpProbe(50, lookup)("cluster.example", 443)).to.deep.equal({ ok: false, reason: "no answer within 0.05 s" });
    });
});
