// The migration's gate on one leaf, as a pure judgement of what the switch provider's show-output
// parsers read from it (`show ip bgp summary`, `show ip route`; EOS or FRR, text or json): every
// node session Established, every pod block in the table via its own node. An empty list means
// the gate passes; otherwise each entry names the missing session or prefix.
import type { BgpSummary, RouteProtocol, RouteTable } from "../../providers/dialects/show-types";

export interface LeafGateExpectation {
  leaf: string;
  /** The leaf's BGP neighbors towards its nodes. */
  sessions: ReadonlyArray<{ node: string; address: string }>;
  /** Each allocated pod block and the node (address) it must be reached through. */
  blocks: ReadonlyArray<{ node: string; prefix: string; nextHop: string }>;
  /** Which protocol must have installed each block: "bgp" after peering, "static" for the bridges, any when undefined. */
  protocol?: RouteProtocol;
  /** Blocks of nodes on other leaves: each must be selected in this leaf's table (through the spines), whatever the protocol. */
  remoteBlocks?: ReadonlyArray<{ node: string; prefix: string }>;
}

export function leafGateProblems(expect: LeafGateExpectation, summary: BgpSummary | undefined, routes: RouteTable): string[] {
  const problems: string[] = [];
  if (summary) {
    const neighbors = summary.vrfs.flatMap((vrf) => vrf.neighbors);
    for (const session of expect.sessions) {
      const neighbor = neighbors.find((n) => n.address === session.address);
      if (!neighbor) problems.push(`${expect.leaf}: no BGP neighbor ${session.address} (${session.node})`);
      else if (neighbor.state !== "Established") problems.push(`${expect.leaf}: session with ${session.node} (${session.address}) is ${neighbor.stateText}, not Established`);
      else if (neighbor.policyBlocked) problems.push(`${expect.leaf}: session with ${session.node} (${session.address}) is Established but policy blocks every route`);
    }
  }
  const all = routes.vrfs.flatMap((vrf) => vrf.routes);
  for (const block of expect.blocks) {
    const candidates = all.filter((route) => route.prefix === block.prefix);
    const viaNode = candidates.filter((route) => route.nextHops.some((hop) => hop.address === block.nextHop));
    const wanted = viaNode.filter((route) => expect.protocol === undefined || route.protocol === expect.protocol);
    const usable = expect.protocol === "static" ? wanted : wanted.filter((route) => route.selected);
    if (usable.length > 0) continue;
    const has = candidates.map((route) => `${route.protocol}${route.selected ? " (selected)" : ""} via ${route.nextHops.map((h) => h.address ?? h.interface ?? "?").join(",")}`);
    problems.push(`${expect.leaf}: ${block.prefix} of ${block.node} is not in the table via ${block.nextHop}${expect.protocol ? ` from ${expect.protocol}` : ""} (has: ${has.length > 0 ? has.join("; ") : "nothing"})`);
  }
  for (const block of expect.remoteBlocks ?? []) {
    if (!all.some((route) => route.prefix === block.prefix && route.selected)) problems.push(`${expect.leaf}: ${block.prefix} of ${block.node} (another leaf's node) is not in the table`);
  }
  return problems;
}
