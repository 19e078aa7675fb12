// A TCP port on this machine's 127.0.0.1 that leads to an address inside one of the lab's namespaces
// (a VM's SSH or API server on the management network): socat listens here and, per connection,
// runs a second socat inside the namespace. Nothing of the lab's network is routed to the host.

import { join } from "path";
import { spawnTracked, TrackedProcess } from "../processes";
import { freePort } from "../sshd";

export interface Forwarder {
  host: "127.0.0.1";
  port: number;
  process: TrackedProcess;
}

/** socat's argv for a forwarder (pure). */
export function forwarderArgs(port: number, namespace: string, address: string, targetPort: number): string[] {
  if (!/^[A-Za-z0-9_.-]+$/.test(namespace) || !/^[0-9.]+$/.test(address)) throw new Error(`internal: bad forwarder target ${namespace} ${address}`);
  return [
    `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`,
    `EXEC:ip netns exec ${namespace} socat STDIO TCP\\:${address}\\:${targetPort}`,
  ];
}

export async function startForwarder(label: string, namespace: string, address: string, targetPort: number, logDir: string, onSpawn: (proc: TrackedProcess) => void): Promise<Forwarder> {
  const port = await freePort();
  const proc = await spawnTracked(`forward ${label}`, "socat", forwarderArgs(port, namespace, address, targetPort), join(logDir, `forward-${label}.log`));
  onSpawn(proc);
  return { host: "127.0.0.1", port, process: proc };
}
