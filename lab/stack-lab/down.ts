// `lab:down`: stops exactly what the state file records (processes by PID and start time, then
// whatever still runs in the lab's namespaces or names its directory), deletes the namespaces, the
// paths it created, the generated stack file and the state directory. Works on a half-built lab.

import { existsSync, readdirSync, readFileSync, rmSync } from "fs";
import { run } from "../exec";
import { deleteNamespace, namespaceExists, pidsInNamespaceSync } from "../netns";
import { awaitGone, identify, isRunning, ProcessIdentity, signalIdentified } from "../processes";
import { LabState, readLabState } from "./state";

export interface LabDownReport {
  processes: number;
  namespaces: string[];
  paths: string[];
}

/** Processes whose command line names the lab's directory (e.g. an sshd whose PID was not yet recorded). */
function processesNaming(dir: string): ProcessIdentity[] {
  const found: ProcessIdentity[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmdline.split("\0").some((arg) => arg === dir || arg.startsWith(`${dir}/`))) {
      const identity = identify(Number(entry));
      if (identity) found.push(identity);
    }
  }
  return found;
}

export async function stopLab(state: LabState, progress: (line: string) => void = () => undefined): Promise<LabDownReport> {
  const started = Date.now();
  const step = (what: string) => progress(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}`);
  const recorded: ProcessIdentity[] = state.processes.filter(isRunning);
  recorded.forEach((identity) => signalIdentified(identity, "SIGTERM"));
  step(`stopping ${recorded.length} recorded processes (SIGTERM)`);
  await awaitGone(recorded);
  step("stopping what is left in the lab's namespaces");
  // Sessions, vtysh and nsenter'd shells: everything left in our namespaces or naming our directory.
  const residents = [
    ...state.namespaces.flatMap(pidsInNamespaceSync).map(identify),
    ...processesNaming(state.stateDir),
  ].filter((identity): identity is ProcessIdentity => identity !== undefined && identity.pid !== process.pid);
  residents.forEach((identity) => signalIdentified(identity, "SIGKILL"));
  await awaitGone(residents);
  const namespaces = state.namespaces.filter(namespaceExists);
  step(`deleting ${namespaces.length} namespaces`);
  for (const namespace of namespaces) await deleteNamespace(namespace);
  step(`removing the lab's paths and ${state.stateDir}`);
  const paths = [...state.paths, state.stackFile].filter((path) => existsSync(path));
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  // Mounts lived in the nodes' private mount namespaces, gone with their init; refuse to rm through one.
  const mounted = readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((line) => line.includes(state.stateDir));
  if (mounted.length > 0) throw new Error(`mounts left under ${state.stateDir}, not removing it:\n${mounted.join("\n")}`);
  // rm -rf: node's recursive rmSync takes minutes on a rootfs under I/O load, rm seconds.
  await run("rm", ["-rf", "--one-file-system", state.stateDir], { timeoutMs: 600_000 });
  step(`removed ${state.stateDir}`);
  return { processes: recorded.length + residents.length, namespaces, paths };
}

/** lab:down for the lab recorded in stateDir; undefined when there is none. */
export async function labDown(stateDir: string, progress?: (line: string) => void): Promise<LabDownReport | undefined> {
  const state = readLabState(stateDir);
  if (!state) return undefined;
  return stopLab(state, progress);
}
