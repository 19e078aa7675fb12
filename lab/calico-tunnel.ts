// The IPIP tunnel device of a lab node, as calico-node's Felix leaves it for BIRD: a link named tunl0
// that Calico's BIRD (the fork's `krt_tunnel = "tunl0"`) sends a mesh route's packets through, onlink
// to the route's BGP next hop (the other node). This kernel has no ipip module; the one encapsulation
// it has is VXLAN, so the lab's tunl0 is a VXLAN link carrying the same packets node to node over the
// fabric (UDP 4789 between the nodes' fabric addresses instead of IP protocol 4). What the nodes and
// the product see is Calico's: routes `via <node> dev tunl0 onlink proto bird`, packets that arrive
// only when the next hop is a node. As Felix does for its VXLAN device, every other node is a static
// neighbour and forwarding entry; nothing is learnt, so a route whose next hop is not a node (the
// leaf) has no neighbour and drops its packets, as the leaf would drop an IPIP packet.

import { run } from "./exec";

export const TUNNEL_DEVICE = "tunl0";
const VXLAN_ID = 4;
const VXLAN_PORT = 4789;

/** The tunnel MAC of a node: locally administered, its fabric address in the last four bytes. */
export function tunnelMac(address: string): string {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) throw new Error(`internal: '${address}' is not an IPv4 address`);
  return ["02", "00", ...octets.map((o) => o.toString(16).padStart(2, "0"))].join(":");
}

export interface TunnelSpec {
  /** This node's fabric address (no prefix length). */
  local: string;
  /** Every other node's fabric address. */
  peers: readonly string[];
}

/** The commands (argv, run inside the node's namespace) that make tunl0 as the spec says; pure. */
export function tunnelCommands(spec: TunnelSpec): string[][] {
  const commands = [
    ["ip", "link", "add", TUNNEL_DEVICE, "address", tunnelMac(spec.local), "type", "vxlan", "id", String(VXLAN_ID), "dstport", String(VXLAN_PORT), "local", spec.local, "nolearning"],
    ["sysctl", "-q", "-w", `net.ipv4.conf.${TUNNEL_DEVICE}.rp_filter=0`],
    ["ip", "link", "set", TUNNEL_DEVICE, "up"],
  ];
  for (const peer of spec.peers) {
    commands.push(["ip", "neigh", "replace", peer, "lladdr", tunnelMac(peer), "dev", TUNNEL_DEVICE, "nud", "permanent"]);
    commands.push(["bridge", "fdb", "replace", tunnelMac(peer), "dev", TUNNEL_DEVICE, "dst", peer, "self", "permanent"]);
  }
  return commands;
}

/** Makes the node's tunl0 afresh (an earlier one, e.g. of a calico-node that exited, is replaced). */
export async function ensureTunnel(namespace: string, spec: TunnelSpec): Promise<void> {
  await run("ip", ["-n", namespace, "link", "del", TUNNEL_DEVICE]).catch(() => undefined);
  for (const [command, ...args] of tunnelCommands(spec)) await run("ip", ["netns", "exec", namespace, command, ...args]);
}
