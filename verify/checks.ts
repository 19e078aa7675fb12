// What `npm run verify` expects of a deployed stack, from its plan alone, and how a device's parsed
// show output meets it. Pure: the runner (run.ts) reads the devices and hands the tables in here.

import { FabricPlan } from "../components/plan/plan-types";
import { BgpSummary, OspfNeighborTable, RouteTable } from "../providers/dialects/show-types";

export interface CheckResult {
  check: "ospf" | "bgp" | "route" | "ecmp" | "ping";
  device: string;
  subject: string;
  ok: boolean;
  detail: string;
}

const host = (address: string) => address.split("/")[0];

/** Per switch: its OSPF neighbour on every fabric link, by the neighbour's address on that link. */
export function expectedOspf(plan: FabricPlan, device: string): Array<{ interface: string; neighborAddress: string; neighbor: string }> {
  return plan.links
    .filter((l) => l.kind === "fabric" && (l.upper.device === device || l.lower.device === device))
    .map((l) => {
      const [mine, theirs] = l.upper.device === device ? [l.upper, l.lower] : [l.lower, l.upper];
      return { interface: mine.interface, neighborAddress: host(theirs.address), neighbor: theirs.device };
    });
}

export function checkOspf(plan: FabricPlan, device: string, table: OspfNeighborTable): CheckResult[] {
  return expectedOspf(plan, device).map((expected) => {
    const subject = `${expected.interface} -> ${expected.neighbor} ${expected.neighborAddress}`;
    const found = table.neighbors.find((n) => n.address === expected.neighborAddress);
    if (!found) return { check: "ospf", device, subject, ok: false, detail: table.ospfConfigured ? "no neighbour" : "OSPF not running" };
    return { check: "ospf", device, subject, ok: found.state === "Full", detail: found.stateText };
  });
}

/** Per leaf: an Established eBGP session to each of its nodes, with at least one prefix received. */
export function checkBgp(plan: FabricPlan, leaf: string, summary: BgpSummary): CheckResult[] {
  const neighbors = summary.vrfs.flatMap((v) => v.neighbors);
  return plan.nodes
    .filter((n) => n.leaf === leaf)
    .map((node) => {
      const address = host(node.fabricAddress);
      const subject = `${node.name} ${address} AS ${node.asn}`;
      const found = neighbors.find((n) => n.address === address);
      if (!found) return { check: "bgp", device: leaf, subject, ok: false, detail: "no session" };
      const received = found.prefixesReceived ?? 0;
      const ok = found.state === "Established" && found.remoteAs.asplain === node.asn && received > 0;
      return { check: "bgp", device: leaf, subject, ok, detail: `${found.stateText}, AS ${found.remoteAs.text}, ${received} received` };
    });
}

/** Per leaf and node: a pod block of the node (default its planned one) in the leaf's table, learnt by BGP from that node. */
export function checkPodBlockRoute(plan: FabricPlan, leaf: string, node: string, table: RouteTable, block?: string): CheckResult {
  const planned = plan.nodes.find((n) => n.name === node);
  if (!planned) throw new Error(`internal: no node ${node}`);
  const address = host(planned.fabricAddress);
  const prefix = block ?? planned.podBlock;
  const subject = `${prefix} via ${node} ${address}`;
  const route = table.vrfs.flatMap((v) => v.routes).find((r) => r.prefix === prefix && r.selected);
  if (!route) return { check: "route", device: leaf, subject, ok: false, detail: "not in the routing table" };
  const via = route.nextHops.map((h) => h.address ?? h.interface ?? "?");
  const ok = route.protocol === "bgp" && via.includes(address);
  return { check: "route", device: leaf, subject, ok, detail: `${route.protocol} via ${via.join(", ")}` };
}

/** Pod blocks of nodes on other leaves: each must reach this leaf over every one of its spine uplinks. */
export function remoteBlocks(plan: FabricPlan, leaf: string): Array<{ node: string; block: string }> {
  return plan.nodes.filter((n) => n.leaf !== leaf).flatMap((n) => n.podBlocks.map((block) => ({ node: n.name, block })));
}

export function checkEcmp(plan: FabricPlan, leaf: string, node: string, block: string, table: RouteTable): CheckResult {
  const uplinks = plan.links.filter((l) => l.kind === "fabric" && l.lower.device === leaf).map((l) => host(l.upper.address));
  const subject = `${block} (${node}) over ${uplinks.length} spine${uplinks.length === 1 ? "" : "s"}`;
  const route = table.vrfs.flatMap((v) => v.routes).find((r) => r.prefix === block && r.selected);
  if (!route) return { check: "ecmp", device: leaf, subject, ok: false, detail: "not in the routing table" };
  const via = route.nextHops.map((h) => h.address ?? "?");
  const ok = uplinks.every((spine) => via.includes(spine));
  return { check: "ecmp", device: leaf, subject, ok, detail: `${route.protocol} via ${via.join(", ")}` };
}

/** Reads `ping -c N` output: how many replies came back. */
export function pingReplies(output: string): { sent: number; received: number } {
  const match = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  return match ? { sent: Number(match[1]), received: Number(match[2]) } : { sent: 0, received: 0 };
}

export interface PingTarget {
  name: string;
  address: string;
}

/** Every node's fabric address and the given pod addresses of each node. */
export function pingTargets(plan: FabricPlan, podAddresses: ReadonlyMap<string, readonly string[]>): PingTarget[] {
  return plan.nodes.flatMap((node) => [
    { name: node.name, address: host(node.fabricAddress) },
    ...(podAddresses.get(node.name) ?? []).map((address) => ({ name: `${node.name} pod`, address })),
  ]);
}

/** The pass/fail table, one line per check. */
export function renderTable(results: readonly CheckResult[]): string {
  const rows = results.map((r) => [r.ok ? "PASS" : "FAIL", r.check, r.device, r.subject, r.detail]);
  const widths = [4, 5, 0, 0].map((min, i) => Math.max(min, ...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join("  ")).join("\n");
}
