// Per-step packet accounting of a migration run (pure). Each ping stream goes from a pod on one node
// to a pod on another; a packet is delivered when its reply came back and lost otherwise: nothing is
// judged from routes (the lab's tunl0 carries the tunnel's packets, lab/calico-tunnel.ts). The path
// samples only say where a lost packet went: through the tunnel to something that is not a node (the
// leaf drops it, as it drops IPIP), the way a wrong order loses packets.
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
  /** No reply came back. */
  lost: number;
  /** Of those, lost while a leg went through the tunnel to a non-node (the leaf). */
  lostIntoLeaf: number;
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
  const count: FlowCount = { sent: 0, lost: 0, lostIntoLeaf: 0 };
  for (const packet of flow.packets) {
    if (packet.at < window.from || packet.at >= window.to) continue;
    count.sent++;
    if (packet.replied) continue;
    count.lost++;
    const there = pathAt(samples, flow.fromNode, flow.toBlock, packet.at);
    const back = pathAt(samples, flow.toNode, flow.fromBlock, packet.at);
    if (there === "tunnel-to-non-node" || back === "tunnel-to-non-node") count.lostIntoLeaf++;
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
