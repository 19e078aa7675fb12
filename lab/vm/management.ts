// The VM lab's management network: one namespace with a bridge that every machine's management NIC
// is cabled to, and the depot on the bridge's address (the site's package mirrors and image
// registry). The host reaches a machine only through a forwarder on 127.0.0.1 (forwarder.ts).

import { join } from "path";
import { run } from "../exec";
import { addVethPair, createNamespace, setLinkUp } from "../netns";
import { spawnTracked, TrackedProcess } from "../processes";

export const MANAGEMENT_PREFIX_LENGTH = 24;
/** The management network, kept off every address a plan may use by the lab's check (vm-layout.ts). */
export const MANAGEMENT_NETWORK = "172.31.255.0";
export const MANAGEMENT_GATEWAY = "172.31.255.1";
export const DEPOT_PORT = 8080;
export const MANAGEMENT_BRIDGE = "mgmt0";

export function depotUrl(): string {
  return `http://${MANAGEMENT_GATEWAY}:${DEPOT_PORT}/`;
}

/** Machine N's management address (N from 0). */
export function managementAddress(index: number): string {
  if (index < 0 || index > 200) throw new Error("internal: the VM lab's management network has room for 201 machines");
  return `172.31.255.${10 + index}`;
}

export async function createManagementNetwork(namespace: string): Promise<void> {
  await createNamespace(namespace, { forwarding: false });
  await run("ip", ["-n", namespace, "link", "add", MANAGEMENT_BRIDGE, "type", "bridge"]);
  await run("ip", ["-n", namespace, "addr", "add", `${MANAGEMENT_GATEWAY}/${MANAGEMENT_PREFIX_LENGTH}`, "dev", MANAGEMENT_BRIDGE]);
  await run("ip", ["-n", namespace, "link", "set", MANAGEMENT_BRIDGE, "up"]);
}

/** A bridge in `namespace` joining the given interfaces (all moved up). */
export async function bridgeInterfaces(namespace: string, bridge: string, members: readonly string[]): Promise<void> {
  await run("ip", ["-n", namespace, "link", "add", bridge, "type", "bridge"]);
  for (const member of members) {
    await run("ip", ["-n", namespace, "link", "set", member, "master", bridge]);
    await run("ip", ["-n", namespace, "link", "set", member, "up"]);
  }
  await run("ip", ["-n", namespace, "link", "set", bridge, "up"]);
}

export async function addTap(namespace: string, tap: string): Promise<void> {
  await run("ip", ["-n", namespace, "tuntap", "add", "dev", tap, "mode", "tap"]);
}

/** Cables a machine's namespace (interface `local`) to the management bridge (its port `port`). */
export async function cableToManagement(machineNamespace: string, local: string, managementNamespace: string, port: string): Promise<void> {
  await addVethPair({ namespace: machineNamespace, name: local }, { namespace: managementNamespace, name: port });
  await run("ip", ["-n", managementNamespace, "link", "set", port, "master", MANAGEMENT_BRIDGE]);
  await setLinkUp({ namespace: managementNamespace, name: port });
  await setLinkUp({ namespace: machineNamespace, name: local });
}

/** The depot's HTTP server inside the management namespace, as our tracked child. */
export async function startDepot(namespace: string, depotDir: string, logDir: string, onSpawn: (proc: TrackedProcess) => void): Promise<TrackedProcess> {
  const proc = await spawnTracked(
    "depot",
    "ip",
    ["netns", "exec", namespace, process.execPath, "-r", require.resolve("ts-node/register/transpile-only"), join(__dirname, "depot-server.ts"), depotDir, MANAGEMENT_GATEWAY, String(DEPOT_PORT)],
    join(logDir, "depot.log"),
  );
  onSpawn(proc);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answered = await run("ip", ["netns", "exec", namespace, "curl", "-fsS", "-o", "/dev/null", `${depotUrl()}v2/`]).then(() => true, () => false);
    if (answered) return proc;
    if (proc.hasExited() || Date.now() > deadline) throw new Error(`the depot did not answer on ${depotUrl()}: see ${join(logDir, "depot.log")}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Every address or prefix of the plan that overlaps the management network (pure; empty is good). */
export function managementOverlaps(plan: unknown): string[] {
  const network = ipv4ToNumber(MANAGEMENT_NETWORK);
  const size = 2 ** (32 - MANAGEMENT_PREFIX_LENGTH);
  const found = new Set<string>();
  for (const match of JSON.stringify(plan).matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?\b/g)) {
    const start = ipv4ToNumber(match[1]);
    const length = match[2] === undefined ? 32 : Number(match[2]);
    const first = start - (start % 2 ** (32 - length));
    const last = first + 2 ** (32 - length) - 1;
    if (first < network + size && last >= network) found.add(match[0]);
  }
  return [...found];
}

function ipv4ToNumber(address: string): number {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}
