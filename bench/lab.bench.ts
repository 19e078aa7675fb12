// `npm run bench:lab [-- source stack]` (root): npm start's path timed phase by phase on a lab of its
// own (own stack name and state dir): lab:up, pulumi up, verify (the protocol waits: until OSPF, BGP
// and pings all pass), a no-change preview; SSH sessions per device per phase from the sshd logs.
// Targets (issue 8): one SSH session per device per phase, no-change preview < 10 s, up < 2x protocol waits.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bringLabUp, labPaths, takeLabDown } from "../lab/stack-lab";
import { labPulumi, pulumiOk } from "../lab/stack-lab/pulumi-cli";
import { LabState, sshdActivity } from "../lab/stack-lab/state";
import { verifyStack } from "../verify/stack";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function sessions(state: LabState): Record<string, number> {
  return Object.fromEntries(state.endpoints.map((e) => [e.name, sshdActivity(e).logins]));
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-bench-lab-"));
  fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
  const paths = labPaths(process.argv[2] ?? "dev", `bench-lab-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
  const phases: Array<{ phase: string; ms: number; sessions: Record<string, number> }> = [];
  const timed = async <T>(phase: string, state: LabState | undefined, work: () => Promise<T> | T): Promise<T> => {
    const before = state ? sessions(state) : {};
    const started = Date.now();
    const result = await work();
    const after = state ? sessions(state) : {};
    phases.push({ phase, ms: Date.now() - started, sessions: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])) });
    return result;
  };
  const wall = Date.now();
  try {
    const lab = await timed("lab:up", undefined, () => bringLabUp(paths, () => undefined));
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    await timed("pulumi up", lab.state, () => pulumiOk(cli, ["up", "--stack", paths.labStack, "--yes", "--skip-preview", "--non-interactive"]));
    const report = await timed("verify", lab.state, () => verifyStack(paths.labStack, () => undefined, { waitMs: 180_000, env: { KUBE_FABRIC_LAB_DIR: tmp } }));
    if (!report.ok) throw new Error("verify failed: the numbers would mean nothing");
    await timed("preview (no change)", lab.state, () => pulumiOk(cli, ["preview", "--stack", paths.labStack, "--non-interactive", "--expect-no-changes"]));
    const total = Date.now() - wall;
    const protocolWaits = phases.find((p) => p.phase === "verify")?.ms ?? 0;
    console.log(`bench:lab on stack ${paths.sourceStack} (${lab.plan.devices.length} switches, ${lab.plan.nodes.length} nodes)`);
    for (const p of phases) {
      const used = Object.entries(p.sessions).filter(([, n]) => n > 0);
      console.log(`  ${p.phase.padEnd(20)} ${seconds(p.ms).padStart(8)}   ssh sessions: ${used.map(([d, n]) => `${d} ${n}`).join(", ") || "none"}`);
    }
    console.log(`  wall ${seconds(total)}: protocol waits (verify until OSPF/BGP/pings pass) ${seconds(protocolWaits)}, our work ${seconds(total - protocolWaits)}`);
  } finally {
    await takeLabDown(paths);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:lab failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
