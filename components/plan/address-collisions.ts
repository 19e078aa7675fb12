// One address, one owner: loopbacks, link ends, a spine's static uplink address and the API
// endpoint must not be someone else's. Links are checked /31 by /31 in addressing.ts; this is
// everything that can land on an address of another device without sharing a /31.

import { TopologyConfig } from "./config-types";
import { isIPv4 } from "./ipv4";
import { LinkPlan } from "./plan-types";
import { ProblemList } from "../../model/problems";

const hostPart = (address: string) => address.split("/")[0];

interface Owner {
  device: string;
  /** e.g. "k-master's address (link Leaf-1 Ethernet2 – k-master, 10.0.11.0/31)" */
  what: string;
}

export interface CollisionResult {
  /** Switches whose loopback is another switch's too (their router id then collides as a consequence). */
  sharedLoopbacks: Set<string>;
}

export function checkAddressCollisions(
  config: TopologyConfig,
  links: readonly LinkPlan[],
  loopbacks: ReadonlyMap<string, string>,
  problems: ProblemList,
): CollisionResult {
  const owners = new Map<string, Owner>();
  for (const link of links) {
    for (const end of [link.upper, link.lower]) {
      owners.set(hostPart(end.address), {
        device: end.device,
        what: `${end.device}'s address (link ${link.upper.device} ${link.upper.interface} – ${link.lower.device}, ${link.subnet})`,
      });
    }
  }

  const sharedLoopbacks = new Set<string>();
  if (config.addressing.mode === "explicit") {
    const switches = [
      ...config.spines.map((s, i) => ({ name: s.name, path: `topology.spines[${i}].loopback` })),
      ...config.leaves.map((l, i) => ({ name: l.name, path: `topology.leaves[${i}].loopback` })),
    ];
    for (const { name, path } of switches) {
      const loopback = loopbacks.get(name);
      if (loopback === undefined) continue;
      const address = hostPart(loopback);
      const owner = owners.get(address);
      if (owner) {
        problems.add(path, `${address} is also ${owner.what}`, "give every switch a loopback of its own, outside every link's /31 (it is also the router id)");
        if (owner.what.endsWith("loopback")) {
          sharedLoopbacks.add(name);
          sharedLoopbacks.add(owner.device);
        }
        continue;
      }
      owners.set(address, { device: name, what: `${name}'s loopback` });
    }
  } else {
    // Pooled loopbacks come from a pool of their own (checked apart from the links'): they collide
    // with nothing, but the API endpoint below must not be one.
    for (const [name, loopback] of loopbacks) owners.set(hostPart(loopback), { device: name, what: `${name}'s loopback` });
  }

  config.spines.forEach((spine, i) => {
    const uplink = spine.internetUplink;
    if (!uplink || uplink.address === "dhcp") return;
    const address = hostPart(uplink.address);
    if (!isIPv4(address)) return;
    const owner = owners.get(address);
    if (owner) {
      problems.add(`topology.spines[${i}].internetUplink.address`, `${address} is also ${owner.what}`, "use the address the upstream network gave this spine");
    } else {
      owners.set(address, { device: spine.name, what: `${spine.name}'s internet uplink address` });
    }
  });

  const endpoint = config.kubernetes.controlPlaneEndpoint;
  const controlPlane = config.nodes.find((n) => n.role === "control-plane");
  if (endpoint !== undefined && controlPlane) {
    const owner = owners.get(endpoint);
    if (owner && owner.device !== controlPlane.name) {
      const own = links.find((l) => l.kind === "node" && l.lower.device === controlPlane.name);
      problems.add(
        "topology.kubernetes.controlPlaneEndpoint",
        `${endpoint} is ${owner.what}, not the control-plane node's`,
        own ? `use ${controlPlane.name}'s fabric address ${hostPart(own.lower.address)}, or leave it out` : `use ${controlPlane.name}'s fabric address, or leave it out`,
      );
    }
  }
  return { sharedLoopbacks };
}
