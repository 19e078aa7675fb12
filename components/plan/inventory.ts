// Names, ids, references and ports: who exists, who is cabled where, nothing used twice.

import { Dialect, TopologyConfig } from "./config-types";
import { EOS_INTERFACE_PATTERN, LINUX_INTERFACE_PATTERN, NAME_PATTERN, NAME_RULE } from "./cli-safe";
import { ProblemList } from "./problems";

export interface Inventory {
  spineIds: Map<string, number>;
  leafIds: Map<string, number>;
  nodeIds: Map<string, number>;
  dialects: Map<string, Dialect>;
}

export function interfaceRule(dialect: Dialect): { pattern: RegExp; example: string } {
  return dialect === "eos"
    ? { pattern: EOS_INTERFACE_PATTERN, example: "Ethernet2 or Ethernet1/1" }
    : { pattern: LINUX_INTERFACE_PATTERN, example: "eth1 or Ethernet2 (a Linux interface name)" };
}

/** Ports switches are managed through (EOS Management0/1, Linux/FRR eth0 or mgmt0): never fabric or server ports. */
const MANAGEMENT_PORT = /^(Management\d+(\/\d+)*|mgmt\d+|eth0)$/i;

function checkInterface(dialect: Dialect, name: string, path: string, problems: ProblemList): void {
  const rule = interfaceRule(dialect);
  if (!rule.pattern.test(name)) {
    problems.add(path, `'${name.replace(/[^\x20-\x7e]/g, "?")}' is not a valid ${dialect.toUpperCase()} interface name`, `use a name like ${rule.example}`);
  } else if (MANAGEMENT_PORT.test(name)) {
    problems.add(
      path,
      `'${name}' is the switch's management port: configuring it would cut kube-fabric off the switch`,
      `cable this link to a front-panel port (e.g. ${dialect === "eos" ? "Ethernet5" : "eth5"}); the management address belongs in mgmt.host`,
    );
  }
}

function assignIds(
  items: { name: string; id?: number }[],
  listPath: string,
  problems: ProblemList,
): Map<string, number> {
  const ids = new Map<string, number>();
  const owners = new Map<number, string>();
  items.forEach((item, index) => {
    const id = item.id ?? index + 1;
    const owner = owners.get(id);
    if (owner !== undefined) {
      problems.add(`${listPath}[${index}].id`, `id ${id} is already taken by ${owner}`, "give every entry its own id (ids default to the 1-based list position)");
    }
    owners.set(id, item.name);
    ids.set(item.name, id);
  });
  return ids;
}

export function checkInventory(config: TopologyConfig, problems: ProblemList): Inventory {
  const dialects = new Map<string, Dialect>();
  const seen = new Map<string, string>();
  const named: { name: string; path: string }[] = [
    ...config.spines.map((s, i) => ({ name: s.name, path: `topology.spines[${i}].name` })),
    ...config.leaves.map((l, i) => ({ name: l.name, path: `topology.leaves[${i}].name` })),
    ...config.nodes.map((n, i) => ({ name: n.name, path: `topology.nodes[${i}].name` })),
    ...(config.hosts ?? []).map((h, i) => ({ name: h.name, path: `topology.hosts[${i}].name` })),
  ];
  for (const { name, path } of named) {
    if (!NAME_PATTERN.test(name)) {
      problems.add(path, `'${name.replace(/[^\x20-\x7e]/g, "?")}' is not a usable name`, `use ${NAME_RULE}`);
    }
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.add(path, `'${name}' is already used at ${first}`, "give every spine, leaf, node and host its own name (names are compared case-insensitively, like hostnames)");
    } else {
      seen.set(key, path);
    }
  }
  config.spines.forEach((s) => dialects.set(s.name, s.dialect ?? "eos"));
  config.leaves.forEach((l) => dialects.set(l.name, l.dialect ?? "eos"));

  const spineIds = assignIds(config.spines, "topology.spines", problems);
  const leafIds = assignIds(config.leaves, "topology.leaves", problems);
  const nodeIds = assignIds(config.nodes, "topology.nodes", problems);

  // Every port on every switch is used once: by an uplink, a server, or the internet uplink.
  const portUse = new Map<string, string>();
  const usePort = (device: string, port: string, path: string) => {
    const key = `${device}\u0000${port}`;
    const first = portUse.get(key);
    if (first !== undefined) {
      problems.add(path, `${device} ${port} is already used by ${first}`, "cable each switch port to one thing only");
    } else {
      portUse.set(key, path);
    }
  };

  config.spines.forEach((spine, i) => {
    if (spine.internetUplink) {
      const path = `topology.spines[${i}].internetUplink.interface`;
      checkInterface(dialects.get(spine.name) ?? "eos", spine.internetUplink.interface, path, problems);
      usePort(spine.name, spine.internetUplink.interface, path);
    }
  });
  config.leaves.forEach((leaf, i) => {
    const leafDialect = dialects.get(leaf.name) ?? "eos";
    leaf.uplinks.forEach((uplink, j) => {
      const path = `topology.leaves[${i}].uplinks[${j}]`;
      checkInterface(leafDialect, uplink.port, `${path}.port`, problems);
      usePort(leaf.name, uplink.port, `${path}.port`);
      const spineDialect = dialects.get(uplink.spine);
      if (!spineIds.has(uplink.spine)) {
        problems.add(`${path}.spine`, `there is no spine named '${uplink.spine}'`, `use one of: ${config.spines.map((s) => s.name).join(", ")}`);
      } else {
        checkInterface(spineDialect ?? "eos", uplink.spinePort, `${path}.spinePort`, problems);
        usePort(uplink.spine, uplink.spinePort, `${path}.spinePort`);
      }
    });
  });
  const attach = (kind: "nodes" | "hosts", items: { leaf: string; leafPort: string }[]) => {
    items.forEach((item, i) => {
      const path = `topology.${kind}[${i}]`;
      if (!leafIds.has(item.leaf)) {
        problems.add(`${path}.leaf`, `there is no leaf named '${item.leaf}'`, `use one of: ${config.leaves.map((l) => l.name).join(", ")}`);
        return;
      }
      checkInterface(dialects.get(item.leaf) ?? "eos", item.leafPort, `${path}.leafPort`, problems);
      usePort(item.leaf, item.leafPort, `${path}.leafPort`);
    });
  };
  attach("nodes", config.nodes);
  attach("hosts", config.hosts ?? []);

  config.nodes.forEach((node, i) => {
    if (!LINUX_INTERFACE_PATTERN.test(node.nic)) {
      problems.add(`topology.nodes[${i}].nic`, `'${node.nic.replace(/[^\x20-\x7e]/g, "?")}' is not a Linux interface name`, "use the NIC's name as `ip link` shows it, e.g. ens3");
    }
  });
  (config.hosts ?? []).forEach((host, i) => {
    if (host.nic !== undefined && !LINUX_INTERFACE_PATTERN.test(host.nic)) {
      problems.add(`topology.hosts[${i}].nic`, `'${host.nic.replace(/[^\x20-\x7e]/g, "?")}' is not a Linux interface name`, "use the NIC's name as `ip link` shows it, e.g. ens3");
    }
  });

  const controlPlanes = config.nodes.filter((n) => n.role === "control-plane");
  if (controlPlanes.length === 0) {
    problems.add("topology.nodes", "has no control-plane node", "set role: control-plane on exactly one node");
  } else if (controlPlanes.length > 1) {
    problems.add(
      "topology.nodes",
      `has ${controlPlanes.length} control-plane nodes (${controlPlanes.map((n) => n.name).join(", ")})`,
      "kube-fabric builds one control-plane node for now: set role: worker on the others",
    );
  }

  return { spineIds, leafIds, nodeIds, dialects };
}
