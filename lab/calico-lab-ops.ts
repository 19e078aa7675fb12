// The changes a migration makes, applied to a calico cluster lab, and the gates that say a change
// has taken effect (read from the leaf's FRR and the nodes' kernel/BIRD). Used by the migration
// bench and tests to measure orders; components/ turns the chosen order into Pulumi resources.
import { allocatedBlocks, deleteCalico, setBgpConfiguration, setBgpPeer, setIpPool, setNodeAsNumber, EncapsulationMode } from "./calico-datastore";
import { CalicoClusterLab, CLUSTER_AS } from "./calico-cluster-lab";
import { IPIP_REALM } from "./calico-node";
import { classifyPath, PathKind, readNodeRouting } from "./calico-routes";
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

interface FrrRoute {
  protocol: string;
  selected?: boolean;
  distance?: number;
  nexthops?: Array<{ ip?: string; active?: boolean }>;
}

async function leafRoutes(lab: CalicoClusterLab): Promise<Record<string, FrrRoute[]>> {
  return JSON.parse(await lab.leaf.vtysh("show ip route json")) as Record<string, FrrRoute[]>;
}

/** What the leaf has for each block: "bgp" / "static" via the right node, or missing. */
export async function leafBlockSources(lab: CalicoClusterLab): Promise<Map<string, string | undefined>> {
  const routes = await leafRoutes(lab);
  const result = new Map<string, string | undefined>();
  for (const { block, address } of await blocksWithNodes(lab)) {
    const selected = (routes[block] ?? []).find((r) => r.selected && (r.nexthops ?? []).some((h) => h.ip === address && h.active !== false));
    result.set(block, selected?.protocol);
  }
  return result;
}

/** Every block in the leaf's forwarding table via its own node (bridge or BGP). */
export async function gateLeafHasEveryBlock(lab: CalicoClusterLab, timeoutMs: number): Promise<void> {
  await pollUntil("every block on the leaf via its node", timeoutMs, async () => {
    const sources = await leafBlockSources(lab);
    const missing = [...sources].filter(([, protocol]) => protocol === undefined).map(([block]) => block);
    if (missing.length > 0) throw new Error(`missing on the leaf: ${missing.join(", ")}`);
    return true;
  }, 100);
}

interface BgpSummary {
  ipv4Unicast?: { peers?: Record<string, { state?: string; pfxRcd?: number }> };
}

/** Every node's session Established on the leaf and every block learned by BGP via its node. */
export async function gateLeafSessions(lab: CalicoClusterLab, timeoutMs: number): Promise<void> {
  await pollUntil("every node session Established and every block in the leaf's BGP table via its node", timeoutMs, async () => {
    const summary = JSON.parse(await lab.leaf.vtysh("show bgp summary json")) as BgpSummary;
    const peers = summary.ipv4Unicast?.peers ?? {};
    const down = lab.nodes.filter((node) => peers[node.address]?.state !== "Established").map((node) => `${node.spec.name} (${node.address}): ${peers[node.address]?.state ?? "no neighbor"}`);
    if (down.length > 0) throw new Error(`sessions not Established: ${down.join(", ")}`);
    const bgp = JSON.parse(await lab.leaf.vtysh("show bgp ipv4 unicast json")) as { routes?: Record<string, Array<{ nexthops?: Array<{ ip?: string }> }>> };
    const missing = (await blocksWithNodes(lab)).filter(({ block, address }) => !(bgp.routes?.[block] ?? []).some((path) => (path.nexthops ?? []).some((h) => h.ip === address)));
    if (missing.length > 0) throw new Error(`not in the leaf's BGP table via their node: ${missing.map((m) => `${m.block} (${m.node})`).join(", ")}`);
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
      result.push({ node: node.spec.name, block, kind: classifyPath(routing.kernel, routing.bird, block, nodeAddresses, IPIP_REALM), protocol: routing.bird.get(block)?.protocol });
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

/** Every block has the leaf's static bridge route via its node (selected or standing by behind BGP). */
export async function gateLeafBridges(lab: CalicoClusterLab, present: boolean, timeoutMs: number): Promise<void> {
  await pollUntil(`every bridge route ${present ? "on" : "gone from"} the leaf`, timeoutMs, async () => {
    const routes = await leafRoutes(lab);
    const wrong = (await blocksWithNodes(lab)).filter(({ block, address }) =>
      (routes[block] ?? []).some((r) => r.protocol === "static" && (r.nexthops ?? []).some((h) => h.ip === address)) !== present);
    if (wrong.length > 0) throw new Error(`bridges ${present ? "missing" : "still there"}: ${wrong.map((w) => w.block).join(", ")}`);
    return true;
  }, 100);
}
