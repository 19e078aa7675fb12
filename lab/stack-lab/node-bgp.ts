// The lab node's BGP speaker: Debian's BIRD 1.6 (the line calico-node is built on) in the node's
// network namespace, peering with its leaf under the node's planned AS and announcing its pod block.
// THE seam the Calico stage replaces (its confd renders bird.conf instead): the config renderer,
// start and reload all live in this one file, and nothing else knows BIRD's syntax or files.

import { writeFileSync } from "fs";
import { join } from "path";
import { run } from "../exec";
import { spawnTracked, TrackedProcess } from "../processes";

export const BIRD = "/usr/sbin/bird";
export const BIRDC = "/usr/sbin/birdc";

export interface NodeBgpIntent {
  node: string;
  routerId: string;
  asn: number;
  /** The leaf's end of the node's /31 and the leaf's AS. */
  leafAddress: string;
  leafAsn: number;
  /** The block this node announces, e.g. 10.66.0.0/24. */
  podBlock: string;
}

/**
 * bird.conf as calico-node's BIRD has it for one eBGP peer: the block as a blackhole static route
 * (pod /32s live on interfaces, the block is what the network learns), exported to the leaf only.
 */
export function renderBirdConfig(intent: NodeBgpIntent): string {
  const name = intent.node.replace(/[^A-Za-z0-9_]/g, "_");
  return [
    `# Written by kube-fabric lab/stack-lab/node-bgp.ts for node ${intent.node} (replaced by Calico's confd later).`,
    `router id ${intent.routerId};`,
    "",
    "protocol device { scan time 10; }",
    "",
    "# The pod block, as Calico announces it; the pods' own /32s are local addresses.",
    "protocol static pod_block {",
    `  route ${intent.podBlock} blackhole;`,
    "}",
    "",
    "filter pod_block_only {",
    `  if net = ${intent.podBlock} then accept;`,
    "  reject;",
    "}",
    "",
    `protocol bgp leaf_${name} {`,
    `  description "leaf of ${intent.node}";`,
    `  local ${intent.routerId} as ${intent.asn};`,
    `  neighbor ${intent.leafAddress} as ${intent.leafAsn};`,
    "  import none;",
    "  export filter pod_block_only;",
    "  connect retry time 5;",
    "  error wait time 5, 30;",
    "}",
    "",
  ].join("\n");
}

export interface NodeBgpSpeaker {
  readonly configFile: string;
  readonly socket: string;
  readonly process: TrackedProcess;
}

export interface StartNodeBgpOptions {
  intent: NodeBgpIntent;
  namespace: string;
  /** Directory for bird.conf, its control socket and log. */
  workDir: string;
  onSpawn: (proc: TrackedProcess) => void;
}

/** Starts BIRD in the foreground inside `namespace` and waits until birdc answers. */
export async function startNodeBgp(options: StartNodeBgpOptions): Promise<NodeBgpSpeaker> {
  const configFile = join(options.workDir, "bird.conf");
  const socket = join(options.workDir, "bird.ctl");
  writeFileSync(configFile, renderBirdConfig(options.intent));
  await run(BIRD, ["-p", "-c", configFile]); // parse only: a config error is reported before anything runs
  const proc = await spawnTracked(`bird of ${options.intent.node}`, "ip", ["netns", "exec", options.namespace, BIRD, "-f", "-c", configFile, "-s", socket], join(options.workDir, "bird.log"));
  options.onSpawn(proc);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.hasExited()) throw new Error(`bird of ${options.intent.node} exited during start (${await proc.exited}); see ${proc.logFile}`);
    try {
      await run(BIRDC, ["-s", socket, "show", "status"], { timeoutMs: 5_000 });
      return { configFile, socket, process: proc };
    } catch {
      if (Date.now() > deadline) throw new Error(`bird of ${options.intent.node} did not answer on ${socket} within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

