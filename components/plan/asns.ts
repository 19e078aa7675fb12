// AS numbers: explicit per leaf/node, or from ranges by id. eBGP needs every leaf and node distinct.

import { AsnRangeConfig, TopologyConfig } from "./config-types";
import { Inventory } from "./inventory";
import { ProblemList } from "../../model/problems";
import { AsnPlan } from "./plan-types";

/** 0, AS_TRANS (23456) and 65535 / 4294967295 are reserved (RFC 7300, RFC 6793). */
const RESERVED_ASNS = new Set([0, 23456, 65535, 4294967295]);

function fromRange(range: AsnRangeConfig | undefined, id: number, rangePath: string, problems: ProblemList, who: string): number | undefined {
  if (range === undefined) {
    problems.add(rangePath, `is missing and ${who} has no asn`, `give ${who} an asn, or set ${rangePath.replace("topology.", "")}: {first: 65000, last: 65099}`);
    return undefined;
  }
  if (range.first > range.last) {
    problems.add(rangePath, `first (${range.first}) is above last (${range.last})`, "swap them");
    return undefined;
  }
  const asn = range.first + id - 1;
  if (asn > range.last) {
    problems.add(rangePath, `is exhausted: ${who} (id ${id}) needs AS ${asn}, the range ends at ${range.last}`, "widen the range");
    return undefined;
  }
  return asn;
}

export function assignAsns(config: TopologyConfig, inventory: Inventory, problems: ProblemList): AsnPlan {
  const plan: AsnPlan = { leaves: {}, nodes: {} };
  const owners = new Map<number, string>();
  const claim = (asn: number | undefined, who: string, path: string) => {
    if (asn === undefined) return;
    if (RESERVED_ASNS.has(asn)) {
      problems.add(path, `AS ${asn} is reserved`, "pick a private AS (64512-65534 or 4200000000-4294967294)");
      return;
    }
    const owner = owners.get(asn);
    if (owner !== undefined) {
      problems.add(path, `AS ${asn} of ${who} is already used by ${owner}`, "eBGP between leaves and nodes needs a distinct AS per leaf and per node");
      return;
    }
    owners.set(asn, who);
  };
  config.leaves.forEach((leaf, i) => {
    const path = `topology.leaves[${i}].asn`;
    const asn = leaf.asn ?? fromRange(config.asns?.leaves, inventory.leafIds.get(leaf.name) ?? 0, "topology.asns.leaves", problems, leaf.name);
    claim(asn, leaf.name, path);
    if (asn !== undefined) plan.leaves[leaf.name] = asn;
  });
  config.nodes.forEach((node, i) => {
    const path = `topology.nodes[${i}].asn`;
    const asn = node.asn ?? fromRange(config.asns?.nodes, inventory.nodeIds.get(node.name) ?? 0, "topology.asns.nodes", problems, node.name);
    claim(asn, node.name, path);
    if (asn !== undefined) plan.nodes[node.name] = asn;
  });
  return plan;
}
