// The Calico migration steps' dynamic provider (loaded at call time by the serialised provider of
// step-resource.ts, like the switch provider). A step's create performs it: types or removes a leaf's
// bridges, deletes BGPPeers, or polls a gate until it passes (bounded; the error names what is missing,
// and a failed create stops every step that depends on it). Update performs it again (its inputs
// changed: e.g. Calico allocated another block). Delete removes what the step left on a device: a
// bridges-on step's lines, still there when a gate stopped the chain before its bridges-off ran (after a
// whole chain they are gone already, and the removal types nothing). Gates and withdrawals leave nothing.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { dialectOf } from "../../../providers/dialects/registry";
import type { RouteTable } from "../../../providers/dialects/show-types";
import { configPropertyOf } from "../../../providers/switch/provider/config-property";
import { changeDevice } from "../../../providers/switch/provider/device";
import { inputsOf } from "../../../providers/switch/provider/state";
import { connectSsh, SshEndpoint } from "../../../providers/switch/ssh/connect";
import { execCommand } from "../../../providers/switch/ssh/exec";
import { withDeviceSession } from "../../../providers/switch/ssh/driver";
import { CALICO_CRD_API_VERSION } from "../objects";
import { KubeApi } from "../kube-api";
import { leafGateProblems } from "../leaf-gate";
import { nodeGateProblems } from "../node-gate";
import type { BridgesStep, LeafGateStep, NodeGateStep, PeersWithdrawnStep, StepConnection, StepCredentials, StepInputs } from "./types";

/** The phase the bridges' lines and their on-device record go under (both directions, both steps). */
export const BRIDGES_PHASE = "calico-bridges";
const POLL_INTERVAL_MS = 2000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const messageOf = (error: unknown) => (error instanceof Error ? error.message.split("\n")[0] : String(error));

/** Polls `problems` until it returns none; after `timeoutSeconds`, fails naming what is still missing. */
export async function pollGate(what: string, timeoutSeconds: number, problems: () => Promise<string[]>, intervalMs = POLL_INTERVAL_MS): Promise<number> {
  const started = Date.now();
  let last: string[] = [];
  for (;;) {
    last = await problems().catch((error: unknown) => [messageOf(error)]);
    if (last.length === 0) return Date.now() - started;
    if (Date.now() - started + intervalMs > timeoutSeconds * 1000) break;
    await delay(intervalMs);
  }
  throw new Error(`gate '${what}' did not pass within ${timeoutSeconds} s; the chain stops here:\n  ${last.join("\n  ")}`);
}

async function runBridges(step: BridgesStep): Promise<void> {
  const inputs = inputsOf({
    device: step.leaf.device,
    dialect: step.leaf.dialect,
    phase: BRIDGES_PHASE,
    connection: step.leaf.connection,
    credentials: step.credentials,
    config: configPropertyOf(step.leaf.dialect, step.ownedConfig),
    options: step.options,
  });
  if (step.present) await changeDevice(inputs, [], step.ownedConfig, null);
  else await changeDevice(inputs, step.ownedConfig, [], null);
}

/** An SSH endpoint named after the device or node it reaches (for messages), with the step's login. */
function endpoint(name: string, connection: StepConnection, credentials: StepCredentials): SshEndpoint {
  return { device: name, ...connection, ...credentials };
}

async function leafProblems(step: LeafGateStep, entry: LeafGateStep["leaves"][number]): Promise<string[]> {
  const dialect = dialectOf(entry.target.dialect);
  return withDeviceSession(endpoint(entry.target.device, entry.target.connection, step.credentials), dialect.driver, {}, async (session) => {
    const parse = dialect.showParsers;
    const summary = entry.expect.sessions.length > 0 ? parse.bgpSummary.text(await session.show("show ip bgp summary")) : undefined;
    const routes: RouteTable = { vrfs: [] };
    for (const block of [...entry.expect.blocks, ...(entry.expect.remoteBlocks ?? [])]) {
      const command = `show ip route ${block.prefix}`;
      routes.vrfs.push(...parse.ipRoute.text(await session.show(command), command).vrfs);
    }
    return leafGateProblems(entry.expect, summary, routes);
  });
}

async function runLeafGate(step: LeafGateStep): Promise<void> {
  await pollGate(step.what, step.timeoutSeconds, async () => (await Promise.all(step.leaves.map((entry) => leafProblems(step, entry)))).flat());
}

async function nodeRoutes(target: NodeGateStep["nodes"][number], credentials: StepCredentials): Promise<string> {
  const client = await connectSsh(endpoint(target.node, target.connection, credentials));
  client.on("error", () => undefined);
  try {
    return (await execCommand(client, "ip -4 route show")).stdout;
  } finally {
    client.end();
  }
}

async function runNodeGate(step: NodeGateStep): Promise<void> {
  await pollGate(step.what, step.timeoutSeconds, async () =>
    (
      await Promise.all(
        step.nodes.map(async (target) =>
          nodeGateProblems({ node: target.node, remoteBlocks: target.remoteBlocks, expect: step.expect }, await nodeRoutes(target, step.credentials)),
        ),
      )
    ).flat(),
  );
}

async function runPeersWithdrawn(step: PeersWithdrawnStep): Promise<void> {
  const api = KubeApi.fromKubeconfig(step.kubeconfig);
  for (const peer of step.peers) await api.remove(`/apis/${CALICO_CRD_API_VERSION}/bgppeers/${encodeURIComponent(peer)}`);
}

export async function performStep(step: StepInputs): Promise<void> {
  switch (step.kind) {
    case "bridges":
      return runBridges(step);
    case "leaf-gate":
      return runLeafGate(step);
    case "node-gate":
      return runNodeGate(step);
    case "peers-withdrawn":
      return runPeersWithdrawn(step);
  }
}

export const calicoStepProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    return { inputs: news };
  },
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    // A gate's bound (calico.gateTimeoutSeconds) is how long to wait, not what a step does: changing it alone
    // re-runs nothing (a gate re-run on a settled stack would find the bridges a later step removed, and fail).
    const strip = (props: Record<string, unknown>) =>
      JSON.stringify({ ...props, credentials: undefined, kubeconfig: undefined, timeoutSeconds: undefined, __provider: undefined });
    return { changes: strip(olds) !== strip(news) };
  },
  async create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const step = inputs as unknown as StepInputs;
    await performStep(step);
    return { id: `${step.kind}-${Date.now().toString(36)}`, outs: inputs };
  },
  async update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    await performStep(news as unknown as StepInputs);
    return { outs: news };
  },
  async read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
    return { id, props };
  },
  async delete(_id: string, props: Record<string, unknown>): Promise<void> {
    const step = props as unknown as StepInputs;
    // A chain's deletes run after every step of the chain that replaces it: nothing needs the bridges then.
    if (step.kind === "bridges" && step.present) await runBridges({ ...step, present: false });
  },
};
