// How long a 16-router FRR lab takes to start and stop, and what it costs in memory.
// Run: npx ts-node bench/frr-lab.bench.ts [rounds]   (root; not part of the tests)
import { readFileSync } from "fs";
import { FrrLabSpec, LabLinkSpec, startFrrLab } from "../lab/frr-lab";
import { labLoginPath, machineConditions } from "./conditions";

const SPINES = 4;
const LEAVES = 12;

/** 4 spines x 12 leaves, every leaf cabled to every spine: leaf EthernetS <-> spine EthernetL. */
function fabric(): FrrLabSpec {
  const spines = Array.from({ length: SPINES }, (_, index) => `spine${index + 1}`);
  const leaves = Array.from({ length: LEAVES }, (_, index) => `leaf${index + 1}`);
  const links: LabLinkSpec[] = leaves.flatMap((leaf, leafIndex) =>
    spines.map((spine, spineIndex) => ({
      a: { router: leaf, interface: `Ethernet${spineIndex + 1}` },
      b: { router: spine, interface: `Ethernet${leafIndex + 1}` },
    })),
  );
  return { routers: [...spines, ...leaves].map((name) => ({ name })), links };
}

/** Resident and proportional set size of a process in KiB (PSS splits shared pages fairly). */
function memoryKiB(pid: number): { rss: number; pss: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
  return { rss: field("Rss"), pss: field("Pss") };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

async function round(index: number): Promise<void> {
  const spec = fabric();
  const startedAt = process.hrtime.bigint();
  const lab = await startFrrLab(spec);
  const startMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  try {
    const pids = lab.routers.flatMap((router) => router.pids);
    const memory = pids.map(memoryKiB).reduce((sum, one) => ({ rss: sum.rss + one.rss, pss: sum.pss + one.pss }), { rss: 0, pss: 0 });
    const sshdPss = lab.routers.map((router) => memoryKiB(router.sshdPid).pss).reduce((a, b) => a + b, 0);
    console.log(
      `round ${index}: ${lab.routers.length} routers, ${spec.links?.length ?? 0} links, ${pids.length} processes; ` +
        `start ${startMs.toFixed(0)} ms; lab memory RSS ${mib(memory.rss)}, PSS ${mib(memory.pss)} ` +
        `(sshd PSS ${mib(sshdPss)}, FRR PSS ${mib(memory.pss - sshdPss)}, per router PSS ${mib(memory.pss / lab.routers.length)}); ` +
        `bench process RSS ${mib(process.memoryUsage().rss / 1024)}`,
    );
    if (index === 1) console.log(`  ${labLoginPath(lab.routers[0].ssh.user)}`);
  } finally {
    const stoppedAt = process.hrtime.bigint();
    await lab.stop();
    console.log(`round ${index}: stop ${(Number(process.hrtime.bigint() - stoppedAt) / 1e6).toFixed(0)} ms`);
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  console.log(machineConditions());
  for (let index = 1; index <= rounds; index++) await round(index);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
