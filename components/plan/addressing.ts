// Every routed /31 and loopback, written out (explicit) or cut from pools (pooled).
// Pooled layout never renumbers: a fabric link's slot follows from (leaf id, spine id),
// a server link's slot from (leaf id, port number), a loopback from the device id.

import { TopologyConfig } from "./config-types";
import { Inventory } from "./inventory";
import { ProblemList } from "../../model/problems";
import { LinkKind, LinkPlan } from "./plan-types";
import { Prefix, formatPrefix, hostAddress, overlaps, parsePrefix, size, subnet, subnetCount, toAddress } from "./ipv4";
import { checkUsable } from "./usable-ranges";

export const POOLED_DEFAULTS = { maxSpines: 4, maxLeaves: 32, portsPerLeaf: 64 } as const;

interface LinkRequest {
  kind: LinkKind;
  /** Path of the subnet field (explicit) or of the entry that owns the link. */
  path: string;
  subnet: string | undefined;
  upper: { device: string; interface: string };
  lower: { device: string; interface: string };
  /** Pooled slot among the /31s of the p2p pool. */
  slot: () => number | string;
}

export interface Addressing {
  links: LinkPlan[];
  /** Loopback0 per switch, with /32. */
  loopbacks: Map<string, string>;
  /** Every prefix the fabric itself uses (links, pools, loopbacks): pods and services must stay clear. */
  fabricPrefixes: { prefix: Prefix; what: string }[];
}

/** The trailing number of a port name: Ethernet12 → 12. */
function portNumber(port: string): number | undefined {
  const match = /(\d+)$/.exec(port);
  return match ? Number(match[1]) : undefined;
}

function linkRequests(config: TopologyConfig, inventory: Inventory, portsPerLeaf: number, maxSpines: number, maxLeaves: number): LinkRequest[] {
  const requests: LinkRequest[] = [];
  const serverBase = maxLeaves * maxSpines;
  config.leaves.forEach((leaf, i) => {
    const leafId = inventory.leafIds.get(leaf.name) ?? 0;
    leaf.uplinks.forEach((uplink, j) => {
      const path = `topology.leaves[${i}].uplinks[${j}]`;
      const spineId = inventory.spineIds.get(uplink.spine) ?? 0;
      requests.push({
        kind: "fabric",
        path,
        subnet: uplink.subnet,
        upper: { device: uplink.spine, interface: uplink.spinePort },
        lower: { device: leaf.name, interface: uplink.port },
        slot: () => {
          if (leafId > maxLeaves) return `leaf id ${leafId} is above addressing.maxLeaves (${maxLeaves})`;
          if (spineId > maxSpines) return `spine id ${spineId} is above addressing.maxSpines (${maxSpines})`;
          return (leafId - 1) * maxSpines + (spineId - 1);
        },
      });
    });
  });
  const serverLink = (kind: LinkKind, listPath: string) => (item: { name: string; leaf: string; leafPort: string; subnet?: string; nic?: string }, i: number) => {
    const leafId = inventory.leafIds.get(item.leaf) ?? 0;
    requests.push({
      kind,
      path: `${listPath}[${i}]`,
      subnet: item.subnet,
      upper: { device: item.leaf, interface: item.leafPort },
      lower: { device: item.name, interface: item.nic ?? "fabric" },
      slot: () => {
        const port = portNumber(item.leafPort);
        if (port === undefined || port < 1) return `leaf port ${item.leafPort} does not end in a port number`;
        if (port > portsPerLeaf) return `port number ${port} is above addressing.portsPerLeaf (${portsPerLeaf})`;
        if (leafId > maxLeaves) return `leaf id ${leafId} is above addressing.maxLeaves (${maxLeaves})`;
        return serverBase + (leafId - 1) * portsPerLeaf + (port - 1);
      },
    });
  };
  config.nodes.forEach(serverLink("node", "topology.nodes"));
  (config.hosts ?? []).forEach(serverLink("host", "topology.hosts"));
  return requests;
}

function toLink(request: LinkRequest, prefix: Prefix): LinkPlan {
  return {
    kind: request.kind,
    subnet: formatPrefix(prefix),
    upper: { ...request.upper, address: hostAddress(prefix.network, 31) },
    lower: { ...request.lower, address: hostAddress(prefix.network + 1, 31) },
  };
}

function explicitLinks(requests: LinkRequest[], problems: ProblemList): LinkPlan[] {
  const links: LinkPlan[] = [];
  for (const request of requests) {
    const path = `${request.path}.subnet`;
    if (request.subnet === undefined) {
      problems.add(path, "is missing", "explicit addressing needs every link's /31, e.g. subnet: 10.0.11.0/31 (or set addressing.mode: pooled)");
      continue;
    }
    const parsed = parsePrefix(request.subnet);
    if (!parsed.ok) {
      problems.add(path, `'${request.subnet.replace(/[^\x20-\x7e]/g, "?")}' ${parsed.reason}`, "write the link's network as a /31, e.g. 10.0.11.0/31");
      continue;
    }
    if (parsed.prefix.length !== 31) {
      problems.add(path, `${request.subnet} is a /${parsed.prefix.length}, not a /31`, "routed point-to-point links are /31s: e.g. 10.0.11.0/31");
      continue;
    }
    if (!checkUsable(parsed.prefix, path, "10.0.11.0/31", problems)) continue;
    links.push(toLink(request, parsed.prefix));
  }
  return links;
}

/** What the layout settings are, and what this stack actually uses of them. */
export interface PoolLayout {
  maxSpines: number;
  maxLeaves: number;
  portsPerLeaf: number;
  /** Highest spine id, leaf id and server port number in the stack. */
  used: { spines: number; leaves: number; ports: number };
}

/** The shortest /N that holds `count` /31s. */
function poolLengthFor(count: number): number {
  return 31 - Math.ceil(Math.log2(Math.max(1, count)));
}

function pooledLinks(requests: LinkRequest[], pool: Prefix, layout: PoolLayout, problems: ProblemList): LinkPlan[] {
  const links: LinkPlan[] = [];
  const capacity = subnetCount(pool, 31);
  let needed = 0;
  for (const request of requests) {
    if (request.subnet !== undefined) {
      problems.add(`${request.path}.subnet`, "is set, but addressing.mode is pooled", "remove the subnet (the pool assigns it) or switch to addressing.mode: explicit");
      continue;
    }
    const slot = request.slot();
    if (typeof slot === "string") {
      problems.add(request.path, `cannot be placed in the pool: ${slot}`, "raise the addressing.max*/portsPerLeaf setting or give the device a smaller id");
      continue;
    }
    needed = Math.max(needed, slot + 1);
    if (slot < capacity) links.push(toLink(request, subnet(pool, 31, slot)));
  }
  if (needed > capacity) {
    const { used } = layout;
    const fitting = used.leaves * used.spines + used.leaves * used.ports;
    problems.add(
      "topology.addressing.p2pPool",
      `${formatPrefix(pool)} is exhausted: the layout (maxSpines ${layout.maxSpines}, maxLeaves ${layout.maxLeaves}, portsPerLeaf ${layout.portsPerLeaf}) needs at least ${needed} /31s, the pool has ${capacity}`,
      `use a /${poolLengthFor(needed)} or shorter pool, or size the layout to this stack: ` +
        `addressing.maxSpines: ${used.spines}, maxLeaves: ${used.leaves}, portsPerLeaf: ${used.ports} need ${fitting} /31s (a /${poolLengthFor(fitting)})`,
    );
  }
  return links;
}

function checkDistinctLinks(links: LinkPlan[], requests: LinkRequest[], problems: ProblemList): void {
  const byNetwork = new Map<string, number>();
  links.forEach((link, index) => {
    const first = byNetwork.get(link.subnet);
    if (first !== undefined) {
      const a = links[first];
      problems.add(
        requests.find((r) => r.upper.device === link.upper.device && r.upper.interface === link.upper.interface)?.path ?? "topology",
        `${link.subnet} (${link.upper.device} ${link.upper.interface}) is already the subnet of ${a.upper.device} ${a.upper.interface} – ${a.lower.device}`,
        "give every link its own /31",
      );
    } else {
      byNetwork.set(link.subnet, index);
    }
  });
}

export function assignAddresses(config: TopologyConfig, inventory: Inventory, problems: ProblemList): Addressing {
  const addressing = config.addressing;
  const maxSpines = addressing.maxSpines ?? POOLED_DEFAULTS.maxSpines;
  const maxLeaves = addressing.maxLeaves ?? POOLED_DEFAULTS.maxLeaves;
  const portsPerLeaf = addressing.portsPerLeaf ?? POOLED_DEFAULTS.portsPerLeaf;
  const requests = linkRequests(config, inventory, portsPerLeaf, maxSpines, maxLeaves);
  const serverPorts = [...config.nodes, ...(config.hosts ?? [])].map((s) => portNumber(s.leafPort) ?? 0);
  const layout: PoolLayout = {
    maxSpines,
    maxLeaves,
    portsPerLeaf,
    used: {
      spines: Math.max(1, ...inventory.spineIds.values()),
      leaves: Math.max(1, ...inventory.leafIds.values()),
      ports: Math.max(1, ...serverPorts),
    },
  };
  const fabricPrefixes: { prefix: Prefix; what: string }[] = [];
  const loopbacks = new Map<string, string>();
  let links: LinkPlan[] = [];

  if (addressing.mode === "explicit") {
    for (const key of ["p2pPool", "loopbackPool"] as const) {
      if (addressing[key] !== undefined) {
        problems.add(`topology.addressing.${key}`, "is set, but addressing.mode is explicit", "remove it or switch to addressing.mode: pooled");
      }
    }
    links = explicitLinks(requests, problems);
    const switches = [
      ...config.spines.map((s, i) => ({ name: s.name, loopback: s.loopback, path: `topology.spines[${i}].loopback` })),
      ...config.leaves.map((l, i) => ({ name: l.name, loopback: l.loopback, path: `topology.leaves[${i}].loopback` })),
    ];
    for (const device of switches) {
      if (device.loopback === undefined) continue;
      const parsed = parsePrefix(device.loopback.includes("/") ? device.loopback : `${device.loopback}/32`);
      if (!parsed.ok || parsed.prefix.length !== 32) {
        problems.add(device.path, `'${device.loopback}' is not an IPv4 address`, "write the loopback as an address, e.g. 10.255.0.11");
        continue;
      }
      if (!checkUsable(parsed.prefix, device.path, "10.255.0.11", problems)) continue;
      loopbacks.set(device.name, formatPrefix(parsed.prefix));
      fabricPrefixes.push({ prefix: parsed.prefix, what: `${device.name} loopback` });
    }
  } else {
    const poolPath = "topology.addressing.p2pPool";
    const pool = addressing.p2pPool === undefined ? undefined : parsePrefix(addressing.p2pPool);
    if (pool === undefined) {
      problems.add(poolPath, "is missing", "pooled addressing needs a prefix to cut /31s from, e.g. p2pPool: 10.0.0.0/16");
    } else if (!pool.ok) {
      problems.add(poolPath, `'${addressing.p2pPool}' ${pool.reason}`, "write a prefix, e.g. 10.0.0.0/16");
    } else if (pool.prefix.length > 30) {
      problems.add(poolPath, `${addressing.p2pPool} is a /${pool.prefix.length}: the pool is cut into /31s, one per link, and this holds ${subnetCount(pool.prefix, 31)}`, "use a prefix of /30 or shorter, e.g. 10.0.0.0/16");
    } else if (checkUsable(pool.prefix, poolPath, "10.0.0.0/16", problems)) {
      links = pooledLinks(requests, pool.prefix, layout, problems);
      fabricPrefixes.push({ prefix: pool.prefix, what: "addressing.p2pPool" });
    }
    for (const [list, path] of [
      [config.spines, "topology.spines"],
      [config.leaves, "topology.leaves"],
    ] as const) {
      list.forEach((device, i) => {
        if (device.loopback !== undefined) {
          problems.add(`${path}[${i}].loopback`, "is set, but addressing.mode is pooled", "remove it (addressing.loopbackPool assigns loopbacks) or switch to explicit");
        }
      });
    }
    if (addressing.loopbackPool !== undefined) {
      const lpath = "topology.addressing.loopbackPool";
      const lpool = parsePrefix(addressing.loopbackPool);
      if (!lpool.ok) {
        problems.add(lpath, `'${addressing.loopbackPool}' ${lpool.reason}`, "write a prefix, e.g. 10.255.0.0/24");
      } else if (checkUsable(lpool.prefix, lpath, "10.255.0.0/24", problems)) {
        const needed = maxSpines + maxLeaves + 1;
        if (size(lpool.prefix) < needed) {
          problems.add(lpath, `${addressing.loopbackPool} is exhausted: ${needed} addresses are needed (maxSpines + maxLeaves + 1)`, "use a larger pool or lower maxSpines/maxLeaves");
        } else {
          const beyond = (path: string, id: number, setting: string, max: number, role: string) =>
            problems.add(path, `id ${id} is above addressing.${setting} (${max}): addressing.loopbackPool has no loopback for it`, `raise addressing.${setting} or give the ${role} a smaller id`);
          config.spines.forEach((s, i) => {
            const id = inventory.spineIds.get(s.name) ?? 0;
            if (id <= maxSpines) loopbacks.set(s.name, `${toAddress(lpool.prefix.network + id)}/32`);
            else beyond(`topology.spines[${i}]`, id, "maxSpines", maxSpines, "spine");
          });
          config.leaves.forEach((l, i) => {
            const id = inventory.leafIds.get(l.name) ?? 0;
            if (id <= maxLeaves) loopbacks.set(l.name, `${toAddress(lpool.prefix.network + maxSpines + id)}/32`);
            else beyond(`topology.leaves[${i}]`, id, "maxLeaves", maxLeaves, "leaf");
          });
        }
        if (pool?.ok && overlaps(pool.prefix, lpool.prefix)) {
          problems.add(lpath, `${addressing.loopbackPool} overlaps the p2p pool ${addressing.p2pPool}`, "use two separate prefixes");
        }
        fabricPrefixes.push({ prefix: lpool.prefix, what: "addressing.loopbackPool" });
      }
    }
  }

  checkDistinctLinks(links, requests, problems);
  for (const link of links) {
    const parsed = parsePrefix(link.subnet);
    if (parsed.ok) fabricPrefixes.push({ prefix: parsed.prefix, what: `link ${link.upper.device} ${link.upper.interface}` });
  }
  return { links, loopbacks, fabricPrefixes };
}
