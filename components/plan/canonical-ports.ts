// EOS folds Et3, eth3 and Ethernet03 into one port, Ethernet3. The plan does the same before it
// compares, renders or addresses anything, so a port written two ways is found as used twice and
// what is rendered reads back from `show running-config` exactly as written.

import { TopologyConfig } from "./config-types";
import type { DialectName } from "../../model/device-plan";
import { canonicalEosInterface } from "./interface-names";

function dialectOf(config: TopologyConfig, device: string): DialectName {
  return (config.spines.find((s) => s.name === device) ?? config.leaves.find((l) => l.name === device))?.dialect ?? "eos";
}

/** The port as the device spells it; a name that is not valid is left as written (the inventory reports it). */
export function canonicalPort(dialect: DialectName, port: string): string {
  if (dialect !== "eos") return port;
  const checked = canonicalEosInterface(port);
  return checked.ok ? checked.name : port;
}

/** A copy of the config with every switch port in its device's own spelling. */
export function withCanonicalPorts(config: TopologyConfig): TopologyConfig {
  const on = (device: string, port: string) => canonicalPort(dialectOf(config, device), port);
  return {
    ...config,
    spines: config.spines.map((spine) =>
      spine.internetUplink ? { ...spine, internetUplink: { ...spine.internetUplink, interface: on(spine.name, spine.internetUplink.interface) } } : spine,
    ),
    leaves: config.leaves.map((leaf) => ({
      ...leaf,
      uplinks: leaf.uplinks.map((u) => ({ ...u, port: on(leaf.name, u.port), spinePort: on(u.spine, u.spinePort) })),
    })),
    nodes: config.nodes.map((n) => ({ ...n, leafPort: on(n.leaf, n.leafPort) })),
    hosts: config.hosts?.map((h) => ({ ...h, leafPort: on(h.leaf, h.leafPort) })),
  };
}
