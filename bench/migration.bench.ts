// Packets lost per step while a cluster on Calico's defaults (full mesh, IPIP Always) moves to eBGP
// with its leaf and back, on the cluster tier's lab: real kube-apiserver, Calico 3.28's own confd
// rendering for Calico's BIRD in each node namespace (tunl0 carries the tunnel), an FRR leaf. Pings every 10 ms between pods
// on different nodes (both directions) and from a client behind the leaf. Two runs, each on a fresh
// lab: the naive order (peers, wait, mesh off, IPIP off), then kube-fabric's bridged order forward
// and back. A packet is delivered when its reply came back (migration-accounting.ts); nothing is inferred.
// Last line: `migration: <sent> sent, <lost> lost, 0 inferred` for the bridged order, both ways, both directions.
// Run (root): npm run bench:migration
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CalicoClusterLabSpec, startCalicoClusterLab, TWO_NODES_ON_DEFAULTS } from "../lab/calico-cluster-lab";
import { gatePaths, pathKinds } from "../lab/calico-lab-ops";
import { lostIn, PingPacket, startPing } from "../lab/pinger";
import { BRIDGED_BACK, BRIDGED_FORWARD, MigrationContext, MigrationStep, NAIVE_FORWARD } from "./migration-orders";
import { PathSample, PingFlow, reportSteps, StepReport, StepWindow } from "./migration-accounting";

const SPEC: CalicoClusterLabSpec = TWO_NODES_ON_DEFAULTS;
const POOL = SPEC.poolCidr;
const LEAF_AS = SPEC.leafAs;
const SETTLE_MS = 1500;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Date.now() / 1000;

interface Phase {
  label: string;
  steps: readonly MigrationStep[];
}

interface RunResult {
  reports: StepReport[];
  client: Array<{ step: string; sent: number; lost: number }>;
}

async function runPhases(phases: readonly Phase[]): Promise<RunResult> {
  const lab = await startCalicoClusterLab(SPEC);
  const logDir = mkdtempSync(join(tmpdir(), "kf-migration-bench-"));
  let sampling = true;
  const samples: PathSample[] = [];
  try {
    const ctx: MigrationContext = { lab, poolCidr: POOL, leafAs: LEAF_AS, gateTimeoutMs: 60_000 };
    await gatePaths(lab, "the mesh carrying every block through the tunnel", 60_000, (p) => p.kind === "tunnel-to-node");
    const [n1, n2] = lab.nodes;
    const pod1 = n1.pods[0];
    const pod2 = n2.pods[0];
    const streams = [
      await startPing(`${n1.spec.name}→${n2.spec.name}`, pod1.namespace, pod2.address, join(logDir, "p1.log")),
      await startPing(`${n2.spec.name}→${n1.spec.name}`, pod2.namespace, pod1.address, join(logDir, "p2.log")),
      await startPing(`client→${n1.spec.name}`, lab.client.namespace, pod1.address, join(logDir, "c1.log")),
      await startPing(`client→${n2.spec.name}`, lab.client.namespace, pod2.address, join(logDir, "c2.log")),
    ];
    const sampler = (async () => {
      while (sampling) {
        const at = now();
        for (const p of await pathKinds(lab).catch(() => [])) samples.push({ at, node: p.node, block: p.block, kind: p.kind });
        await delay(50);
      }
    })();
    await delay(SETTLE_MS);
    const windows: StepWindow[] = [];
    for (const phase of phases) {
      for (const step of phase.steps) {
        const from = now();
        await step.apply(ctx);
        await step.gate(ctx);
        const converged = now();
        await delay(SETTLE_MS);
        windows.push({ name: `${phase.label}: ${step.name}`, from, to: now(), convergeSeconds: converged - from });
        process.stderr.write(`  ${phase.label}: ${step.name}: converged in ${(converged - from).toFixed(2)} s\n`);
      }
    }
    const packets: PingPacket[][] = [];
    for (const stream of streams) packets.push(await stream.stop());
    sampling = false;
    await sampler;
    const flows: PingFlow[] = [
      { label: streams[0].label, fromNode: n1.spec.name, toNode: n2.spec.name, fromBlock: n1.spec.block, toBlock: n2.spec.block, packets: packets[0] },
      { label: streams[1].label, fromNode: n2.spec.name, toNode: n1.spec.name, fromBlock: n2.spec.block, toBlock: n1.spec.block, packets: packets[1] },
    ];
    const client = windows.map((w) => {
      const counts = [packets[2], packets[3]].map((p) => lostIn(p, w.from, w.to));
      return { step: w.name, sent: counts[0].sent + counts[1].sent, lost: counts[0].lost + counts[1].lost };
    });
    return { reports: reportSteps(windows, flows, samples), client };
  } finally {
    sampling = false;
    await lab.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

function print(title: string, result: RunResult): { sent: number; lost: number } {
  console.log(`\n${title}`);
  console.log("step | converge s | pod→pod sent | pod→pod lost (of which sent through the tunnel into the leaf) | client→pods sent/lost");
  let sent = 0;
  let lost = 0;
  result.reports.forEach((r, i) => {
    const intoLeaf = r.flows.reduce((s, f) => s + f.lostIntoLeaf, 0);
    const c = result.client[i];
    console.log(`${r.step.name} | ${r.step.convergeSeconds.toFixed(2)} | ${r.sent} | ${r.lost} (${intoLeaf}) | ${c.sent}/${c.lost}`);
    sent += r.sent;
    lost += r.lost;
  });
  console.log(`total: ${sent} sent, ${lost} lost`);
  return { sent, lost };
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? "both";
  if (which === "naive" || which === "both") {
    print("naive order (peers, wait, mesh off, IPIP off)", await runPhases([{ label: "forward", steps: NAIVE_FORWARD }]));
  }
  if (which === "bridged" || which === "both") {
    const ours = print("kube-fabric order (bridges, IPIP off, eBGP + mesh off, bridges off; back: the reverse)",
      await runPhases([{ label: "forward", steps: BRIDGED_FORWARD }, { label: "back", steps: BRIDGED_BACK }]));
    console.log(`migration: ${ours.sent} sent, ${ours.lost} lost, 0 inferred`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
