// How each node of a Calico stack lab would send traffic to the other nodes' pod blocks, read from
// its kernel table and its BIRD (lab/calico-routes.ts): the migration test samples it while it
// pings, to tell a route through the IPIP tunnel to a node from one into the leaf (a black hole).
import { readFileSync } from "fs";
import { join } from "path";
import { birdcOn } from "../calico-node";
import { classifyPath, PathKind, readNodeRouting } from "../calico-routes";
import { CalicoAgentSpec, LabPodRecord, readPods } from "./calico-agent";
import { calicoPodsFile } from "./calico-tier";

export interface NodePath {
  node: string;
  block: string;
  kind: PathKind;
  /** BIRD's protocol for the block (Mesh_*, Node_*, ...), if BIRD has a route. */
  protocol?: string;
}

export function calicoAgentSpec(stateDir: string): CalicoAgentSpec {
  return JSON.parse(readFileSync(join(stateDir, "calico", "agent.json"), "utf8")) as CalicoAgentSpec;
}

export function labPods(stateDir: string): LabPodRecord[] {
  return readPods(calicoPodsFile(stateDir));
}

/** birdc of a node's calico-node stand-in. */
export function nodeBirdc(stateDir: string, node: string): (command: string) => Promise<string> {
  const found = calicoAgentSpec(stateDir).nodes.find((n) => n.name === node);
  if (!found) throw new Error(`no calico node ${node} in the lab`);
  const socket = join(found.workDir, "run", "bird.ctl");
  return birdcOn(socket);
}

/** Every node's path to every other node's pod block. nodeAddresses: node name → fabric address (no prefix). */
export async function nodePaths(stateDir: string, nodeAddresses: ReadonlyMap<string, string>): Promise<NodePath[]> {
  const spec = calicoAgentSpec(stateDir);
  const pods = labPods(stateDir);
  const blocks = [...new Map(pods.map((p) => [p.block, p.node])).entries()];
  const addresses = new Set(nodeAddresses.values());
  const result: NodePath[] = [];
  await Promise.all(spec.nodes.map(async (node) => {
    const routing = await readNodeRouting(node.namespace, nodeBirdc(stateDir, node.name));
    for (const [block, owner] of blocks) {
      if (owner === node.name) continue;
      result.push({ node: node.name, block, kind: classifyPath(routing.kernel, routing.bird, block, addresses), protocol: routing.bird.get(block)?.protocol });
    }
  }));
  return result;
}
