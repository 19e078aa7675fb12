// A TCP forwarder on a loopback address: the same SSH server reached at another address and port, as a
// switch is after its management address moves. Counts the connections it forwarded; can drop them (a
// network cut) or stall them (a device that stops answering while the connection stays up), now or right
// after the client's next bytes have reached the device (a line typed and run, its answer lost).

import * as net from "net";

export type ForwarderFault = "cut" | "stall";

export interface TcpForwarder {
  port: number;
  connections(): number;
  /** Cuts every forwarded connection now, as a network drop would (the listener stays). */
  cut(): void;
  /** From now on, bytes in either direction are dropped; the connections stay open (until cut or stop). */
  stall(): void;
  /**
   * Once the client's next bytes have been passed on, cuts or stalls the connections open now; connections
   * made after that pass (a session that broke, not a switch that went away).
   */
  faultAfterNextSend(fault: ForwarderFault): void;
  stop(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  stalled: boolean;
  /** Armed by faultAfterNextSend: what happens after the client's next chunk. */
  armed: ForwarderFault | null;
}

export async function startTcpForwarder(listenHost: string, targetPort: number, targetHost = "127.0.0.1"): Promise<TcpForwarder> {
  let count = 0;
  let stalledAll = false;
  const pairs = new Set<Pair>();
  const server = net.createServer((client) => {
    count += 1;
    const upstream = net.connect(targetPort, targetHost);
    const pair: Pair = { client, upstream, stalled: false, armed: null };
    pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.on("error", () => undefined);
      socket.setNoDelay(true); // relay each write at once, as a router on the path would
    }
    const blocked = () => stalledAll || pair.stalled;
    client.on("data", (chunk: Buffer) => {
      if (blocked() || upstream.destroyed) return;
      upstream.write(chunk);
      const fault = pair.armed;
      if (fault === null) return;
      pair.armed = null;
      if (fault === "stall") pair.stalled = true;
      else upstream.write(Buffer.alloc(0), () => destroyPair(pair));
    });
    upstream.on("data", (chunk: Buffer) => void (blocked() || client.destroyed || client.write(chunk)));
    client.on("close", () => destroyPair(pair));
    upstream.on("close", () => destroyPair(pair));
  });
  const destroyPair = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, listenHost, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    cut: () => {
      for (const pair of [...pairs]) destroyPair(pair);
    },
    stall: () => {
      stalledAll = true;
    },
    faultAfterNextSend: (fault) => {
      for (const pair of pairs) pair.armed = fault;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) destroyPair(pair);
        server.close(() => resolve());
      }),
  };
}
