// npm start [-- source stack]: the main job. Setup if anything is missing, the stack's lab up on this
// machine (lab:up), a real `pulumi up --stack lab` on the built engine, verify, the stack outputs,
// how to look around, and what the lab did not run. Phase by phase, one line per device.
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import { bringLabUp, labPaths, labState, PROJECT_ROOT, sshLines } from "../lab/stack-lab";
import { labPulumi, pulumiOk, pulumiStreamed } from "../lab/stack-lab/pulumi-cli";
import { BIRD } from "../lab/stack-lab/node-bgp";
import { renderTable } from "../verify/checks";
import { verifyStack } from "../verify/stack";
import { engineLocation, ENGINE_BINARIES } from "../tools/engine/engine-env";
import { join } from "path";
import { parseCommandLine } from "./lib/command-line";

const phase = (title: string) => console.log(`\n== ${title}`);

function setupIfNeeded(): void {
  const engine = engineLocation();
  const missing = [
    ...ENGINE_BINARIES.filter((name) => !existsSync(join(engine.binDir, name))),
    ...(existsSync(BIRD) ? [] : ["bird"]),
  ];
  if (missing.length === 0) return;
  phase(`setup (missing: ${missing.join(", ")})`);
  const setup = spawnSync("sh", ["scripts/setup.sh"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (setup.status !== 0) throw new Error("scripts/setup.sh failed (see above)");
}

async function main(): Promise<void> {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error("npm start builds a lab of network namespaces and needs root: run it as root (e.g. sudo npm start)");
  }
  const sourceStack = parseCommandLine(process.argv.slice(2), {}, ["stack"]).positionals[0] ?? "dev";
  const paths = labPaths(sourceStack);
  const started = Date.now();
  setupIfNeeded();

  let state = labState(paths);
  if (state?.complete) {
    phase(`lab: already up (${state.labId}, from stack ${state.sourceStack}); reusing it`);
  } else {
    if (state) throw new Error(`an interrupted lab is recorded in ${paths.stateDir}: npm run lab:down, then npm start`);
    phase(`lab:up: the topology of Pulumi.${sourceStack}.yaml on this machine`);
    state = (await bringLabUp(paths, (line) => console.log(line))).state;
  }

  phase(`pulumi up --stack ${paths.labStack} (the real engine, configuring the lab over SSH)`);
  const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
  const up = await pulumiStreamed(cli, ["up", "--stack", paths.labStack, "--yes", "--skip-preview", "--non-interactive", "--suppress-progress"], (line) => console.log(`  ${line}`));
  if (up.status !== 0) throw new Error(`pulumi up failed (exit ${up.status}):\n${up.stderr}`);

  phase(`verify ${paths.labStack}: OSPF, BGP, pod blocks, pings from the client`);
  const report = await verifyStack(paths.labStack, (line) => console.log(`  ${line}`));
  console.log(renderTable(report.results));

  phase("stack outputs");
  console.log(pulumiOk(cli, ["stack", "output", "--stack", paths.labStack, "--json"]).trim());

  phase("look around");
  sshLines(state).forEach((line) => console.log(`  ${line}`));
  console.log(`  PULUMI_BACKEND_URL=file://${paths.stateDir}/backend PULUMI_CONFIG_PASSPHRASE_FILE=${paths.stateDir}/passphrase pulumi preview --diff --stack ${paths.labStack}`);
  console.log(`  npm run verify -- ${paths.labStack}     npm run lab:status     npm run lab:down (stops and removes everything)`);

  phase("what the lab did not run");
  state.notModelled.forEach((line) => console.log(`  - ${line}`));
  console.log(`\n${report.ok ? "done" : "VERIFY FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
