// Plan + validation for 4 spines × 32 leaves × 512 nodes: time and peak memory.
// Target: under 2 s and 200 MB. Run: npm run bench:plan

import { buildPlan } from "../components/plan/build-plan";
import { ALL_SECRETS } from "../test/support/dev-stack";
import { pooledTopology } from "../test/support/generated-topology";
import { machineConditions } from "./conditions";

const SIZE = { spines: 4, leaves: 32, nodes: 512 };
const RUNS = 5;

function main(): void {
  const conditions = machineConditions();
  const topology = pooledTopology(SIZE);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 5);
  const times: number[] = [];
  let links = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const plan = buildPlan({ topology: structuredClone(topology), secrets: ALL_SECRETS });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    links = plan.links.length;
    sample();
  }
  clearInterval(timer);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const worst = Math.max(...times);
  console.log(`plan ${SIZE.spines} spines × ${SIZE.leaves} leaves × ${SIZE.nodes} nodes (${links} links), ${RUNS} runs`);
  console.log(`  ${conditions}`);
  console.log(`  time: first ${times[0].toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms, worst ${worst.toFixed(0)} ms (target < 2000 ms)`);
  console.log(`  peak RSS: ${mb(peak)} MB (process baseline ${mb(baseline)} MB, target < 200 MB)`);
  if (worst >= 2000 || peak >= 200 * 1024 * 1024) {
    console.log("  TARGET MISSED");
    process.exitCode = 1;
  }
}

main();
