// A TCP forwarder on a loopback address: the same SSH server reached at another address and port, as a
// switch is after its management address moves. Counts the connections it forwarded; can drop them (a
// network cut) or stall them (a device that stops answering while the connection stays up).

import * as net from "net";

export interface TcpForwarder {
  port: number;
  connections(): number;
  /** Cuts every forwarded connection now, as a network drop would (the listener stays). */
  cut(): void;
  /** From now on, bytes in either direction are dropped; the connections stay open (until cut or stop). */
  stall(): void;
  stop(): Promise<void>;
}

export async function startTcpForwarder(listenHost: string, targetPort: number, targetHost = "127.0.0.1"): Promise<TcpForwarder> {
  let count = 0;
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    count += 1;
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    const relay = (from: net.Socket, to: net.Socket) => from.on("data", (chunk: Buffer) => void (stalled || to.destroyed || to.write(chunk)));
    relay(client, upstream);
    relay(upstream, client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, listenHost, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    stall: () => {
      stalled = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
