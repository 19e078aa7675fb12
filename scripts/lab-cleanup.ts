// Removes what FRR labs of dead processes left behind (a run killed with SIGKILL cannot clean up).
// Only touches names of the form kf-<pid>-<n>-* whose <pid> no longer exists; live runs are left alone.
// Run: npx ts-node scripts/lab-cleanup.ts [--dry-run]
import { readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { deleteNamespace, listNamespaces, pidsInNamespaceSync } from "../lab/netns";
import { awaitGone, identify, ProcessIdentity, signalIdentified } from "../lab/processes";
import { parseCommandLine } from "./lib/command-line";

const RUN_NAME = /^(kf-(\d+)-\d+)-/;
const FRR_RUN_DIR = "/var/run/frr";

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Run ids (`kf-<pid>-<n>`) found in `names` whose owning process is gone. */
function deadRuns(names: readonly string[]): Set<string> {
  const runs = new Set<string>();
  for (const name of names) {
    const match = RUN_NAME.exec(name);
    if (match && !pidExists(Number(match[2]))) runs.add(match[1]);
  }
  return runs;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Processes (e.g. an orphaned sshd) whose command line names one of the dead runs' paths. */
function processesOf(runIds: ReadonlySet<string>): ProcessIdentity[] {
  const found: ProcessIdentity[] = [];
  for (const entry of list("/proc").filter((name) => /^\d+$/.test(name))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const mentions = [...runIds].some((runId) => cmdline.includes(`/${runId}-`) || cmdline.includes(`\0${runId}-`));
    const identity = mentions ? identify(Number(entry)) : undefined;
    if (identity) found.push(identity);
  }
  return found;
}

async function main(): Promise<void> {
  const dryRun = parseCommandLine(process.argv.slice(2), { "dry-run": { type: "boolean" } }, []).values["dry-run"] === true;
  const namespaces = listNamespaces();
  const tempDirs = list(tmpdir());
  const socketDirs = list(FRR_RUN_DIR);
  const runs = deadRuns([...namespaces, ...tempDirs, ...socketDirs]);
  if (runs.size === 0) {
    console.log("no leftovers of dead lab runs");
    return;
  }
  const inRuns = (name: string) => [...runs].some((runId) => name.startsWith(`${runId}-`));
  const staleNamespaces = namespaces.filter(inRuns);
  const byPid = new Map<number, ProcessIdentity>();
  for (const identity of [...staleNamespaces.flatMap(pidsInNamespaceSync).map(identify), ...processesOf(runs)]) {
    if (identity) byPid.set(identity.pid, identity);
  }
  const residents = [...byPid.values()];
  const paths = [...tempDirs.filter(inRuns).map((name) => join(tmpdir(), name)), ...socketDirs.filter(inRuns).map((name) => join(FRR_RUN_DIR, name))];

  console.log(`dead runs: ${[...runs].join(", ")}`);
  console.log(`processes: ${residents.map((identity) => identity.pid).join(", ") || "none"}`);
  console.log(`namespaces: ${staleNamespaces.join(", ") || "none"}`);
  console.log(`paths: ${paths.join(", ") || "none"}`);
  if (dryRun) return;

  residents.forEach((identity) => signalIdentified(identity, "SIGTERM"));
  await awaitGone(residents);
  for (const namespace of staleNamespaces) await deleteNamespace(namespace);
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  console.log("removed");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
