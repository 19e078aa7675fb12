// Per-step packet accounting of a migration run (pure). Each ping stream goes from a pod on one node
// to a pod on another; a packet counts as lost when
//   - the lab lost it (no reply), except when both legs were, at the time, routes through the IPIP
//     tunnel to the right node (a real cluster carries those; this kernel has no IPIP module), or
//   - either leg was, at the time, a route through the tunnel to something that is not a node (the
//     lab forwards it natively and it arrives; a real cluster tunnels it to the leaf, which drops it).
import type { PathKind } from "../lab/calico-routes";
import type { PingPacket } from "../lab/pinger";

export interface PathSample {
  at: number;
  node: string;
  block: string;
  kind: PathKind;
}

export interface PingFlow {
  label: string;
  fromNode: string;
  toNode: string;
  fromBlock: string;
  toBlock: string;
  packets: readonly PingPacket[];
}

export interface StepWindow {
  name: string;
  from: number;
  to: number;
  convergeSeconds: number;
}

export interface FlowCount {
  sent: number;
  /** Lost in a real cluster, by the rule above. */
  lost: number;
  /** Of those, lost only because a tunnel route pointed at a non-node (the lab delivered them). */
  blackholed: number;
  /** Lab losses not counted: both legs were tunnels to nodes (only the missing IPIP module lost them). */
  labOnly: number;
}

/** The latest sample of node's path to block at or before `at` (samples sorted by time). */
function pathAt(samples: readonly PathSample[], node: string, block: string, at: number): PathKind | undefined {
  let found: PathKind | undefined;
  for (const sample of samples) {
    if (sample.at > at) break;
    if (sample.node === node && sample.block === block) found = sample.kind;
  }
  return found;
}

export function countFlow(flow: PingFlow, window: StepWindow, samples: readonly PathSample[]): FlowCount {
  const count: FlowCount = { sent: 0, lost: 0, blackholed: 0, labOnly: 0 };
  for (const packet of flow.packets) {
    if (packet.at < window.from || packet.at >= window.to) continue;
    count.sent++;
    const there = pathAt(samples, flow.fromNode, flow.toBlock, packet.at);
    const back = pathAt(samples, flow.toNode, flow.fromBlock, packet.at);
    const blackhole = there === "tunnel-to-non-node" || back === "tunnel-to-non-node";
    const bothTunnelled = there === "tunnel-to-node" && back === "tunnel-to-node";
    if (blackhole) {
      count.lost++;
      if (packet.replied) count.blackholed++;
    } else if (!packet.replied) {
      if (bothTunnelled) count.labOnly++;
      else count.lost++;
    }
  }
  return count;
}

export interface StepReport {
  step: StepWindow;
  flows: Array<{ label: string } & FlowCount>;
  sent: number;
  lost: number;
}

export function reportSteps(windows: readonly StepWindow[], flows: readonly PingFlow[], samples: readonly PathSample[]): StepReport[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  return windows.map((step) => {
    const counts = flows.map((flow) => ({ label: flow.label, ...countFlow(flow, step, sorted) }));
    return { step, flows: counts, sent: counts.reduce((s, c) => s + c.sent, 0), lost: counts.reduce((s, c) => s + c.lost, 0) };
  });
}
