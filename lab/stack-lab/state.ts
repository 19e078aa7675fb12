// The lab's record of what it created, on disk beside everything else it owns, written before each
// thing starts (namespaces, paths) or the moment it exists (processes, by PID and kernel start time).
// `lab:down` reads only this file, so it stops exactly what `lab:up` started, even after a SIGKILL.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { identify, ProcessIdentity } from "../processes";
import { SshdLogEvents, sshdLogEvents } from "../sshd";

export interface RecordedProcess extends ProcessIdentity {
  label: string;
}

/** How to reach one device of the lab over SSH (the same client key for all). */
export interface LabEndpoint {
  name: string;
  kind: "switch" | "node" | "host";
  namespace: string;
  host: string;
  port: number;
  user: string;
  hostKey: string;
  /** The sshd's directory (config, host key, logs). */
  sshdDir: string;
}

export interface LabState {
  version: 1;
  /** `kfl-<pid of lab:up>-<random>`: every namespace and FRR pathspace of this lab starts with it. */
  labId: string;
  /** The stack the topology was taken from, and the stack the lab wrote. */
  sourceStack: string;
  labStack: string;
  stateDir: string;
  /** The Pulumi.<labStack>.yaml the lab wrote (removed by lab:down). */
  stackFile: string;
  startedAt: string;
  /** True once lab:up finished; false means it was interrupted (lab:down still cleans up). */
  complete: boolean;
  namespaces: string[];
  processes: RecordedProcess[];
  /** Files and directories outside stateDir that the lab created (FRR socket dirs). */
  paths: string[];
  endpoints: LabEndpoint[];
  /** Switches that are EOS in the source stack and FRR in the lab. */
  dialectChanges: string[];
  /** Things the lab does not do that the real lab would. */
  notModelled: string[];
  /** A VM lab: where this machine reaches the control plane's API server (a forwarder on 127.0.0.1). */
  apiAccess?: { host: string; port: number };
}

export const STATE_FILE = "state.json";

/** SSH connections and logins the device's sshd has accepted since lab:up, from its logs. */
export function sshdActivity(endpoint: LabEndpoint): SshdLogEvents {
  const logs = existsSync(endpoint.sshdDir) ? readdirSync(endpoint.sshdDir).filter((name) => /^sshd-\d+\.log$/.test(name)) : [];
  return logs
    .map((name) => sshdLogEvents(readFileSync(join(endpoint.sshdDir, name), "utf8"), endpoint.port))
    .reduce((sum, events) => ({ logins: sum.logins + events.logins, connections: sum.connections + events.connections }), { logins: 0, connections: 0 });
}

export function statePath(stateDir: string): string {
  return join(stateDir, STATE_FILE);
}

export function readLabState(stateDir: string): LabState | undefined {
  const file = statePath(stateDir);
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, "utf8")) as LabState;
  if (state.version !== 1) throw new Error(`${file}: unknown lab state version ${String(state.version)}: remove the lab by hand (its namespaces start with kfl-)`);
  return state;
}

/** The state, saved after every change (write to a temp file, then rename: never half a file). */
export class LabStateRecorder {
  constructor(readonly state: LabState) {
    mkdirSync(state.stateDir, { recursive: true, mode: 0o755 });
    chmodSync(state.stateDir, 0o755); // FRR's daemons run as frr and read their files below; secrets inside are 0600
    for (let dir = dirname(state.stateDir); dir !== dirname(dir); dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new Error(`${dir} is not searchable by other users, so FRR (user frr) cannot reach the lab's files under it: chmod o+x ${dir}, or set KUBE_FABRIC_LAB_DIR elsewhere`);
      }
    }
    this.save();
  }

  save(): void {
    const file = statePath(this.state.stateDir);
    writeFileSync(`${file}.new`, JSON.stringify(this.state, null, 2) + "\n", { mode: 0o600 });
    renameSync(`${file}.new`, file);
  }

  /** Call before creating the namespace. */
  namespace(name: string): void {
    this.state.namespaces.push(name);
    this.save();
  }

  /** Call before creating the path. */
  path(path: string): void {
    this.state.paths.push(path);
    this.save();
  }

  /** Call the moment the process exists (onSpawn). */
  process(label: string, pid: number): void {
    const identity = identify(pid);
    // Already gone: nothing to stop later, but keep the PID (its start time unknown) out of the record.
    if (!identity) return;
    this.state.processes.push({ label, ...identity });
    this.save();
  }

  apiAccess(access: { host: string; port: number }): void {
    this.state.apiAccess = access;
    this.save();
  }

  endpoint(endpoint: LabEndpoint): void {
    this.state.endpoints.push(endpoint);
    this.save();
  }
}
