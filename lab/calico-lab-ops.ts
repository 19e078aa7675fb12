// The changes a migration makes, applied to a calico cluster lab, and the gates that say a change
// has taken effect (read from the leaf's FRR and the nodes' kernel/BIRD). Used by the migration
// bench and tests to measure orders; components/ turns the chosen order into Pulumi resources.
import { allocatedBlocks, deleteCalico, setBgpConfiguration, setBgpPeer, setIpPool, setNodeAsNumber, EncapsulationMode } from "./calico-datastore";
import { CalicoClusterLab, CLUSTER_AS } from "./calico-cluster-lab";
import { classifyPath, PathKind, readNodeRouting } from "./calico-routes";
import { LeafGateExpectation, leafGateProblems } from "../components/calico/leaf-gate";
import { frrShowParsers } from "../providers/dialects/frr/parse";
import type { BgpSummary, RouteProtocol, RouteTable } from "../providers/dialects/show-types";
import { pollUntil } from "./kube-client";

export const POOL_NAME = "default-ipv4-ippool";

export function peerName(node: string): string {
  return `${node}-leaf`;
}

/** Every node's claimed blocks (from the datastore) with the node's fabric address. */
export async function blocksWithNodes(lab: CalicoClusterLab): Promise<Array<{ block: string; node: string; address: string }>> {
  const byNode = await allocatedBlocks(lab.plane.client);
  return lab.nodes.flatMap((node) => (byNode.get(node.spec.name) ?? []).map((block) => ({ block, node: node.spec.name, address: node.address })));
}

// ---- changes ---------------------------------------------------------------------------------

/** Temporary static routes on the leaf (distance 250: any BGP route wins), one per allocated block via its node. */
export async function setBridges(lab: CalicoClusterLab, on: boolean): Promise<void> {
  const blocks = await blocksWithNodes(lab);
  await lab.leaf.vtysh(["configure terminal", ...blocks.map((b) => `${on ? "" : "no "}ip route ${b.block} ${b.address} 250`), "end"]);
}

export async function setEncapsulation(lab: CalicoClusterLab, ipipMode: EncapsulationMode, poolCidr: string): Promise<void> {
  await setIpPool(lab.plane.client, POOL_NAME, { cidr: poolCidr, ipipMode, natOutgoing: ipipMode !== "Never" });
}

export async function setMesh(lab: CalicoClusterLab, enabled: boolean): Promise<void> {
  await setBgpConfiguration(lab.plane.client, { nodeToNodeMeshEnabled: enabled, asNumber: CLUSTER_AS });
}

/** Per-node AS numbers (the leaf's neighbors expect them) or back to the cluster AS. */
export async function setNodeAsNumbers(lab: CalicoClusterLab, own: boolean): Promise<void> {
  for (const node of lab.nodes) await setNodeAsNumber(lab.plane.client, node.spec.name, own ? node.spec.asNumber : undefined);
}

/** A BGPPeer per node to its leaf (node-scoped), or none. */
export async function setLeafPeers(lab: CalicoClusterLab, on: boolean, leafAs: number): Promise<void> {
  for (const node of lab.nodes) {
    if (on) await setBgpPeer(lab.plane.client, peerName(node.spec.name), { node: node.spec.name, peerIP: node.leafAddress, asNumber: leafAs });
    else await deleteCalico(lab.plane.client, "bgppeers", peerName(node.spec.name));
  }
}

// ---- gates -------------------------------------------------------------------------------------
// Read through the switch provider's FRR parsers and judged by the migration's own gate
// (components/calico/leaf-gate.ts), so the lab proves the gate that runs against real leaves.

async function leafTables(lab: CalicoClusterLab): Promise<{ summary: BgpSummary; routes: RouteTable }> {
  const [summary, routes] = await Promise.all([lab.leaf.vtysh("show ip bgp summary json"), lab.leaf.vtysh("show ip route json")]);
  return { summary: frrShowParsers.bgpSummary.json(summary), routes: frrShowParsers.ipRoute.json(routes) };
}

async function expectation(lab: CalicoClusterLab, protocol: RouteProtocol | undefined): Promise<LeafGateExpectation> {
  return {
    leaf: lab.leaf.name,
    sessions: lab.nodes.map((node) => ({ node: node.spec.name, address: node.address })),
    blocks: (await blocksWithNodes(lab)).map((b) => ({ node: b.node, prefix: b.block, nextHop: b.address })),
    protocol,
  };
}

async function gateLeaf(lab: CalicoClusterLab, what: string, timeoutMs: number, protocol: RouteProtocol | undefined, sessions: boolean): Promise<void> {
  await pollUntil(what, timeoutMs, async () => {
    const { summary, routes } = await leafTables(lab);
    const problems = leafGateProblems(await expectation(lab, protocol), sessions ? summary : undefined, routes);
    if (problems.length > 0) throw new Error(problems.join("; "));
    return true;
  }, 100);
}

/** Every node session Established on the leaf and every block selected from BGP via its node. */
export async function gateLeafSessions(lab: CalicoClusterLab, timeoutMs: number): Promise<void> {
  await gateLeaf(lab, "every node session Established and every block from BGP via its node", timeoutMs, "bgp", true);
}

/** Every block has the leaf's static bridge route via its node (selected or standing by behind BGP), or none has. */
export async function gateLeafBridges(lab: CalicoClusterLab, present: boolean, timeoutMs: number): Promise<void> {
  if (present) {
    await gateLeaf(lab, "every bridge route on the leaf", timeoutMs, "static", false);
    return;
  }
  await pollUntil("every bridge route gone from the leaf", timeoutMs, async () => {
    const { routes } = await leafTables(lab);
    const blocks = (await blocksWithNodes(lab)).map((b) => b.block);
    const left = routes.vrfs.flatMap((v) => v.routes).filter((r) => r.protocol === "static" && blocks.includes(r.prefix));
    if (left.length > 0) throw new Error(`bridges still there: ${left.map((r) => r.prefix).join(", ")}`);
    return true;
  }, 100);
}

/** Every node's path to every other node's block, as its routing would send it. */
export async function pathKinds(lab: CalicoClusterLab): Promise<Array<{ node: string; block: string; kind: PathKind; protocol?: string }>> {
  const blocks = await blocksWithNodes(lab);
  const nodeAddresses = new Set(lab.nodes.map((n) => n.address));
  const result: Array<{ node: string; block: string; kind: PathKind; protocol?: string }> = [];
  await Promise.all(lab.nodes.map(async (node) => {
    const routing = await readNodeRouting(node.namespace, node.calico.birdc);
    for (const { block, node: owner } of blocks) {
      if (owner === node.spec.name) continue;
      result.push({ node: node.spec.name, block, kind: classifyPath(routing.kernel, routing.bird, block, nodeAddresses), protocol: routing.bird.get(block)?.protocol });
    }
  }));
  return result;
}

export async function gatePaths(lab: CalicoClusterLab, what: string, timeoutMs: number, accept: (path: { kind: PathKind; protocol?: string }) => boolean): Promise<void> {
  await pollUntil(what, timeoutMs, async () => {
    const wrong = (await pathKinds(lab)).filter((p) => !accept(p));
    if (wrong.length > 0) throw new Error(wrong.map((p) => `${p.node}→${p.block}: ${p.kind}${p.protocol ? ` (${p.protocol})` : ""}`).join(", "));
    return true;
  }, 100);
}

