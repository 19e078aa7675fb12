// Names, ids, references and ports: who exists, who is cabled where, nothing used twice.

import { TopologyConfig } from "./config-types";
import type { DialectName } from "../../model/device-plan";
import { LINUX_INTERFACE_PATTERN, NAME_PATTERN, NAME_RULE, NODE_NAME_PATTERN, NODE_NAME_RULE } from "../../model/cli-safe";
import { canonicalPort } from "./canonical-ports";
import { canonicalEosInterface, checkNicName } from "./interface-names";
import { ProblemList } from "../../model/problems";

export interface Inventory {
  spineIds: Map<string, number>;
  leafIds: Map<string, number>;
  nodeIds: Map<string, number>;
  dialects: Map<string, DialectName>;
}

/** Ports switches are managed through (EOS Management0/1, Linux/FRR eth0 or mgmt0): never fabric or server ports. */
const MANAGEMENT_PORT = /^(Management\d+(\/\d+)*|mgmt\d+|eth0)$/i;

function checkInterface(dialect: DialectName, name: string, path: string, problems: ProblemList): void {
  let port = name;
  if (dialect === "eos") {
    const checked = canonicalEosInterface(name);
    if (!checked.ok) return problems.add(path, checked.reason, checked.fix);
    port = checked.name;
  } else if (!LINUX_INTERFACE_PATTERN.test(name)) {
    return problems.add(path, `'${name.replace(/[^\x20-\x7e]/g, "?")}' is not a valid FRR interface name`, "use a name like eth1 or Ethernet2 (a Linux interface name)");
  }
  if (MANAGEMENT_PORT.test(port)) {
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
  const dialects = new Map<string, DialectName>();
  const seen = new Map<string, string>();
  const named: { name: string; path: string; node?: true }[] = [
    ...config.spines.map((s, i) => ({ name: s.name, path: `topology.spines[${i}].name` })),
    ...config.leaves.map((l, i) => ({ name: l.name, path: `topology.leaves[${i}].name` })),
    ...config.nodes.map((n, i) => ({ name: n.name, path: `topology.nodes[${i}].name`, node: true as const })),
    ...(config.hosts ?? []).map((h, i) => ({ name: h.name, path: `topology.hosts[${i}].name` })),
  ];
  for (const { name, path, node } of named) {
    if (node && !NODE_NAME_PATTERN.test(name)) {
      problems.add(path, `'${name.replace(/[^\x20-\x7e]/g, "?")}' is not a Kubernetes node name`, `use ${NODE_NAME_RULE}`);
    } else if (!node && !NAME_PATTERN.test(name)) {
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
    const canonical = canonicalPort(dialects.get(device) ?? "eos", port);
    const key = `${device}\u0000${canonical}`;
    const first = portUse.get(key);
    if (first !== undefined) {
      problems.add(path, `${device} ${canonical} is already used by ${first}`, "cable each switch port to one thing only");
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
    const nic = checkNicName(node.nic);
    if (!nic.ok) problems.add(`topology.nodes[${i}].nic`, nic.reason, nic.fix);
  });
  (config.hosts ?? []).forEach((host, i) => {
    const nic = host.nic === undefined ? undefined : checkNicName(host.nic);
    if (nic && !nic.ok) problems.add(`topology.hosts[${i}].nic`, nic.reason, nic.fix);
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
