// Long-running daemons the lab starts: spawned as direct children so their PIDs stay ours until reaped.
import { ChildProcess, spawn } from "child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "fs";
import type { Readable, Writable } from "stream";

export interface TrackedProcess {
  readonly label: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code or signal once Node has reaped the process. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
}

/**
 * Starts a daemon in the foreground as our direct child, in its own process group (a Ctrl-C on
 * the terminal reaches only us; we stop the daemons), output appended to logFile, not keeping
 * Node's event loop alive. Until Node has reaped it, its PID cannot be reused by anyone else.
 * `env` replaces the environment (default: ours), e.g. to hand a daemon a key without a command-line flag.
 */
export function spawnTracked(label: string, file: string, args: readonly string[], logFile: string, env?: NodeJS.ProcessEnv): Promise<TrackedProcess> {
  const logFd = openSync(logFile, "a");
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { detached: true, stdio: ["ignore", logFd, logFd], env: env ?? process.env });
    closeSync(logFd);
    const { exited, hasExited } = watchExit(child);
    child.once("error", (error) => reject(new Error(`${label}: cannot run ${file}: ${error.message}`)));
    child.once("spawn", () => {
      child.unref();
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`${label}: ${file} started without a PID`));
        return;
      }
      resolve({ label, pid, logFile, exited, hasExited });
    });
  });
}

/** A tracked process whose stdin and stdout are ours, e.g. a TCP relay into a namespace. */
export interface PipedProcess extends TrackedProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
}

/**
 * Starts a helper as our direct child with its stdin and stdout piped to us and its stderr appended to
 * logFile. Returns at once, so the pipes can be handed on; throws if it did not get a PID.
 */
export function spawnPiped(label: string, file: string, args: readonly string[], logFile: string): PipedProcess {
  const logFd = openSync(logFile, "a");
  const child = spawn(file, [...args], { stdio: ["pipe", "pipe", logFd] });
  closeSync(logFd);
  const { exited, hasExited } = watchExit(child);
  const pid = child.pid;
  if (pid === undefined || child.stdin === null || child.stdout === null) {
    child.once("error", () => undefined); // reported by the throw below
    throw new Error(`${label}: cannot run ${file}`);
  }
  return { label, pid, logFile, exited, hasExited, stdin: child.stdin, stdout: child.stdout };
}

function watchExit(child: ChildProcess): Pick<TrackedProcess, "exited" | "hasExited"> {
  let exitedNow = false;
  const exited = new Promise<string>((resolveExit) => {
    child.once("exit", (code, signal) => {
      exitedNow = true;
      resolveExit(signal ? `signal ${signal}` : `exit code ${code}`);
    });
  });
  return { exited, hasExited: () => exitedNow };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once the process is reaped. Holds Node's event loop open meanwhile: the child is unref'd,
 * so awaiting only its exit would let Node end (code 0) with the stop half done.
 */
async function awaitReaped(proc: TrackedProcess): Promise<void> {
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await proc.exited;
  } finally {
    clearInterval(keepAlive);
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process is reaped. Safe to call twice. */
export async function stopTracked(proc: TrackedProcess, graceMs = 3000): Promise<void> {
  if (proc.hasExited()) return;
  signalIfAlive(proc.pid, "SIGTERM");
  const reaped = await Promise.race([proc.exited.then(() => true), delay(graceMs).then(() => false)]);
  if (reaped) return;
  signalIfAlive(proc.pid, "SIGKILL");
  await awaitReaped(proc);
}

/** For exit handlers: SIGKILL a tracked process that Node has not reaped yet (its PID is still ours). */
export function killTrackedSync(proc: TrackedProcess): void {
  if (!proc.hasExited()) signalIfAlive(proc.pid, "SIGKILL");
}

export function signalIfAlive(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** A process identity that survives PID reuse: the PID plus its kernel start time. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

function readStat(pid: number): { ppid: number; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; the name itself may contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), startTime: fields[19] };
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readStat(pid);
  return stat ? { pid, startTime: stat.startTime } : undefined;
}

/** True while the very process identified (same PID and start time) exists, zombies included. */
export function isSameProcessAlive(identity: ProcessIdentity): boolean {
  return readStat(identity.pid)?.startTime === identity.startTime;
}

export interface Descendant extends ProcessIdentity {
  /** 1 for a child, 2 for a grandchild, ... */
  depth: number;
}

/** Every descendant of rootPid (children, grandchildren, ...) as it is right now, parents before children. */
export function descendantsOf(rootPid: number): Descendant[] {
  const childrenByParent = new Map<number, ProcessIdentity[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat) continue;
    const siblings = childrenByParent.get(stat.ppid) ?? [];
    siblings.push({ pid, startTime: stat.startTime });
    childrenByParent.set(stat.ppid, siblings);
  }
  const found: Descendant[] = [];
  const queue = [{ pid: rootPid, depth: 0 }];
  while (queue.length > 0) {
    const parent = queue.shift() as { pid: number; depth: number };
    for (const child of childrenByParent.get(parent.pid) ?? []) {
      found.push({ ...child, depth: parent.depth + 1 });
      queue.push({ pid: child.pid, depth: parent.depth + 1 });
    }
  }
  return found;
}

/** Signals a process only if it is still the same one we identified earlier. */
export function signalIdentified(identity: ProcessIdentity, signal: NodeJS.Signals): void {
  if (isSameProcessAlive(identity)) signalIfAlive(identity.pid, signal);
}

/** Waits until none of the identified processes exists any more; SIGKILLs survivors after graceMs. */
export async function awaitGone(identities: readonly ProcessIdentity[], graceMs = 3000): Promise<void> {
  const deadline = Date.now() + graceMs;
  let killed = false;
  for (;;) {
    // Zombies of processes we did not parent are reaped by init; a zombie runs nothing, so it counts as gone.
    const alive = identities.filter(isRunning);
    if (alive.length === 0) return;
    if (!killed && Date.now() > deadline) {
      for (const identity of alive) signalIdentified(identity, "SIGKILL");
      killed = true;
    }
    if (killed && Date.now() > deadline + graceMs) {
      throw new Error(`processes ${alive.map((identity) => identity.pid).join(", ")} survived SIGKILL`);
    }
    await delay(20);
  }
}

/** True while the identified process exists and has not exited (a zombie has exited, only its PID entry remains). */
export function isRunning(identity: ProcessIdentity): boolean {
  return isSameProcessAlive(identity) && !isZombie(identity.pid);
}

export function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
