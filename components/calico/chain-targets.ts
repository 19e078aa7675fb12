// What the chain's steps act on, from the plan (pure): each leaf's bridges, what each leaf's gate
// expects, and each node's SSH target with the other nodes' blocks.
import type { FabricPlan, NodePlan } from "../plan/plan-types";
import type { BridgeIntent, DevicePlan } from "../../model/device-plan";
import type { LeafGateExpectation } from "./leaf-gate";
import type { RouteProtocol } from "../../providers/dialects/show-types";
import type { OwnedConfig } from "../../providers/dialects/types";
import type { LeafTarget, NodeTarget } from "./steps/types";

/** A bridge loses to any BGP route (eBGP 20, iBGP 200 on both EOS and FRR). */
export const BRIDGE_DISTANCE = 250;

const host = (address: string) => address.split("/")[0];

/** Owned lines as indented text, one string per line (for a readable preview of a step). */
export function linesAsText(lines: OwnedConfig, depth = 0): string[] {
  return lines.flatMap((line) => [`${"  ".repeat(depth)}${line.text}`, ...linesAsText(line.children, depth + 1)]);
}

/** Leaves with nodes, in plan order. */
export function nodeLeaves(plan: FabricPlan): DevicePlan[] {
  return plan.devices.filter((d) => d.role === "leaf" && plan.nodes.some((n) => n.leaf === d.name));
}

export function nodesOf(plan: FabricPlan, leaf: string): NodePlan[] {
  return plan.nodes.filter((n) => n.leaf === leaf);
}

/** The leaf's bridges: a static route per block of its nodes via the node, into OSPF. */
export function bridgeIntent(plan: FabricPlan, leaf: DevicePlan): BridgeIntent {
  return {
    routes: nodesOf(plan, leaf.name).flatMap((node) => node.podBlocks.map((prefix) => ({ prefix, nextHop: host(node.fabricAddress), distance: BRIDGE_DISTANCE }))),
    ospfProcessId: leaf.underlay.ospf.processId,
  };
}

export function leafTarget(leaf: DevicePlan): LeafTarget {
  const { host: address, port, username, hostKey } = leaf.mgmt;
  return { device: leaf.name, dialect: leaf.dialect, connection: { host: address, port, username, hostKey } };
}

/**
 * What a leaf's gate expects: its nodes' blocks in its table via each node (from `protocol`, or any),
 * with `sessions` every node session Established, and every other leaf's blocks learnt through the
 * spines (the bridges and BGP routes are redistributed into OSPF).
 */
export function leafExpectation(plan: FabricPlan, leaf: DevicePlan, protocol: RouteProtocol | undefined, sessions: boolean): LeafGateExpectation {
  const nodes = nodesOf(plan, leaf.name);
  return {
    leaf: leaf.name,
    sessions: sessions ? nodes.map((node) => ({ node: node.name, address: host(node.fabricAddress) })) : [],
    blocks: nodes.flatMap((node) => node.podBlocks.map((prefix) => ({ node: node.name, prefix, nextHop: host(node.fabricAddress) }))),
    ...(protocol ? { protocol } : {}),
    remoteBlocks: plan.nodes.filter((node) => node.leaf !== leaf.name).flatMap((node) => node.podBlocks.map((prefix) => ({ node: node.name, prefix }))),
  };
}

export function nodeTarget(plan: FabricPlan, node: NodePlan): NodeTarget {
  const { host: address, port, username, hostKey } = node.ssh;
  return {
    node: node.name,
    connection: { host: address, port, username, hostKey },
    remoteBlocks: plan.nodes.filter((other) => other.name !== node.name).flatMap((other) => other.podBlocks.map((prefix) => ({ node: other.name, prefix }))),
  };
}
