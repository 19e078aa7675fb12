// npm run lab:up -- [source stack] [--as LABSTACK] [--calico-start fresh|defaults] [--nodes vm|namespace] | lab:down -- [--as LABSTACK] | lab:status -- [--as LABSTACK]
// The local lab of a stack (root required): see lab/stack-lab/. `npm start` runs lab:up, pulumi up, verify.
import { bringLabUp, DEFAULT_LAB_STACK, DEFAULT_SOURCE_STACK, labPaths, labState, sshLines, takeLabDown } from "../lab/stack-lab";
import { isRunning } from "../lab/processes";
import { namespaceExists } from "../lab/netns";
import { CALICO_LAB_STARTS, CalicoLabStart } from "../lab/stack-lab/calico-tier";
import { parseCommandLine } from "./lib/command-line";

export interface LabArgs {
  sourceStack: string;
  labStack: string;
  /** lab:up of a stack with calico settings: the cluster to start (default: the stack's calico.start). */
  calicoStart?: CalicoLabStart;
  /** lab:up: nodes as VMs (kubeadm for real) or as namespaces (default). */
  nodes?: "vm" | "namespace";
}

const LAB_OPTIONS = {
  as: { type: "string", valueName: "LABSTACK" },
  "calico-start": { type: "string", valueName: "START", values: CALICO_LAB_STARTS },
  nodes: { type: "string", valueName: "KIND", values: ["vm", "namespace"] },
} as const;

export function parseLabArgs(argv: readonly string[]): LabArgs {
  const { values, positionals } = parseCommandLine(argv, LAB_OPTIONS, ["source stack"]);
  const calicoStart = values["calico-start"] as CalicoLabStart | undefined;
  const nodes = values.nodes as "vm" | "namespace" | undefined;
  return {
    sourceStack: positionals[0] ?? DEFAULT_SOURCE_STACK,
    labStack: values.as ?? DEFAULT_LAB_STACK,
    ...(calicoStart ? { calicoStart } : {}),
    ...(nodes ? { nodes } : {}),
  };
}

function requireRoot(what: string): void {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(`${what} needs root (network namespaces, FRR, chroot nodes): run it as root, e.g. sudo npm run ${what}`);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const args = parseLabArgs(rest);
  const paths = labPaths(args.sourceStack, args.labStack);
  if (command === "up") {
    requireRoot("lab:up");
    const lab = await bringLabUp(paths, (line) => console.log(line), { calicoStart: args.calicoStart, nodes: args.nodes });
    console.log(`lab ${lab.state.labId} is up (state: ${paths.stateDir}); stack ${paths.labStack}: ${paths.stackFile}`);
    sshLines(lab.state).forEach((line) => console.log(`  ${line}`));
    console.log(`next: pulumi up --stack ${paths.labStack} (npm start does it), npm run verify -- ${paths.labStack}, npm run lab:down`);
  } else if (command === "down") {
    requireRoot("lab:down");
    const report = await takeLabDown(paths, (line) => console.log(line));
    if (!report) console.log(`no lab recorded in ${paths.stateDir}: nothing to stop`);
    else console.log(`lab down: ${report.processes} processes stopped, ${report.namespaces.length} namespaces and ${report.paths.length} paths removed, ${paths.stateDir} removed`);
  } else if (command === "status") {
    const state = labState(paths);
    if (!state) {
      console.log(`no lab up for stack ${paths.labStack} (${paths.stateDir})`);
      return;
    }
    console.log(`lab ${state.labId} from stack ${state.sourceStack} as stack ${state.labStack}, started ${state.startedAt}${state.complete ? "" : " (INCOMPLETE: lab:up was interrupted; run lab:down)"}`);
    const dead = state.processes.filter((p) => !isRunning(p));
    console.log(`processes: ${state.processes.length - dead.length}/${state.processes.length} running${dead.length ? ` (gone: ${dead.map((p) => p.label).join(", ")})` : ""}`);
    const missing = state.namespaces.filter((n) => !namespaceExists(n));
    console.log(`namespaces: ${state.namespaces.length - missing.length}/${state.namespaces.length} present${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`);
    sshLines(state).forEach((line) => console.log(`  ${line}`));
    if (dead.length || missing.length) process.exitCode = 1;
  } else {
    throw new Error("usage: ts-node scripts/lab.ts up|down|status [source stack] [--as LABSTACK]");
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
