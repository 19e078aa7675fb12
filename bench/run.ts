// `npm run bench`: every benchmark in turn, each printing its own figures and targets.
//   plan            plan + validation, 4 spines × 32 leaves × 512 nodes (target < 2 s, < 200 MB)
//   frr-lab         start/stop of a 16-router FRR lab (root)
//   switch-provider create/read/update/delete on 16 FRR routers in parallel, SSH sessions per device (root; target 1)
//   preview-size    lines of `pulumi preview --diff` of the dev stack, in all and per resource type (root: own netns)

import { spawnSync } from "child_process";
import * as path from "path";

const BENCHES = ["plan.bench.ts", "frr-lab.bench.ts", "switch-provider.bench.ts", "preview-size.bench.ts"];

let failed = 0;
for (const file of BENCHES) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "-T", path.join(__dirname, file)], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    console.log(`!! ${file} exited ${run.status ?? run.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
