// A private OpenSSH sshd on 127.0.0.1:<free port> whose every login runs one fixed command
// (a router's vtysh, or an interactive shell in its namespace). Own config, own host key, own authorized_keys; nothing from /etc/ssh is read.
// Logins run as the lab's own account (lab/system-accounts.ts), never as root: sshd runs the forced
// command through the account's login shell, and /bin/sh -c reads none of the host's start-up files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { createServer } from "net";
import { join } from "path";
import { generateEd25519KeyPair } from "./ssh-keys";
import { labLoginAccount } from "./system-accounts";
import {
  awaitGone,
  Descendant,
  descendantsOf,
  killTrackedSync,
  signalIdentified,
  signalIfAlive,
  spawnTracked,
  stopTracked,
  TrackedProcess,
} from "./processes";

const SSHD = "/usr/sbin/sshd";
/** Run by sshd with /bin/sh for every login when it exists; no sshd_config option turns it off. */
export const SYSTEM_SSHRC = "/etc/ssh/sshrc";
const PRIVSEP_DIR = "/run/sshd";
const LOOPBACK = "127.0.0.1";

export interface SshdOptions {
  /** Used in messages and the host key comment, e.g. "r1". */
  label: string;
  /** Empty directory for config, keys, login script and log; the caller removes it. */
  workDir: string;
  /**
   * argv every login runs. A shell channel runs it as is (interactive); an exec channel runs it
   * with `-c <the exec command>` appended, so `ssh host 'show version'` works like on a switch.
   */
  loginCommand: readonly string[];
  /** Extra environment for the login command, e.g. INPUTRC. */
  loginEnvironment?: Readonly<Record<string, string>>;
  /** Printed by every login before the login command starts, piece by piece, 0.2 s apart (a device's motd or rc output). */
  loginGreeting?: readonly string[];
  /** The one public key (`ssh-ed25519 AAAA...`) allowed to log in. */
  authorizedKey: string;
  readyTimeoutMs?: number;
  /** Told about the sshd process as soon as it exists, so an exit handler can kill it mid-start. */
  onSpawn?: (proc: TrackedProcess) => void;
}

export interface SshdServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** This sshd's own host key, OpenSSH public key line (`ssh-ed25519 AAAA...`) to pin. */
  readonly hostKey: string;
  readonly process: TrackedProcess;
  /**
   * Logins this sshd accepted so far, from its log. sshd logs a login before it tells the client, so the
   * count includes every login a client has completed.
   */
  logins(): number;
  /** TCP connections this sshd accepted so far, logged in or not (logged before the key exchange). */
  connections(): number;
  /** Stops the listener and every session process it forked. Safe to call twice. */
  stop(): Promise<void>;
  stopSync(): void;
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The POSIX shell script every login runs; SSH_ORIGINAL_COMMAND is passed as one argument, never evaluated. */
export function renderLoginScript(
  loginCommand: readonly string[],
  environment: Readonly<Record<string, string>> = {},
  greeting: readonly string[] = [],
): string {
  const command = loginCommand.map(singleQuoted).join(" ");
  const exports = Object.entries(environment).map(([name, value]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`environment name "${name}" is not a valid variable name`);
    return `export ${name}=${singleQuoted(value)}\n`;
  });
  return [
    "#!/bin/sh",
    "# Written by kube-fabric lab/sshd.ts: an ssh login lands in this router's CLI and nowhere else.",
    "set -eu",
    ...exports.map((line) => line.trimEnd()),
    ...greeting.map((piece) => `printf '%s' ${singleQuoted(piece)}; sleep 0.2`),
    'if [ -n "${SSH_ORIGINAL_COMMAND:-}" ]; then',
    `  exec ${command} -c "$SSH_ORIGINAL_COMMAND"`,
    "fi",
    `exec ${command}`,
    "",
  ].join("\n");
}

/** A POSIX sh script that runs `argv` with the script's own arguments appended (a command wrapper on PATH). */
export function renderExecWrapper(argv: readonly string[]): string {
  return ["#!/bin/sh", "# Written by kube-fabric lab/sshd.ts.", `exec ${argv.map(singleQuoted).join(" ")} "$@"`, ""].join("\n");
}

export interface ShellLoginOptions {
  /** Network namespace the shell runs in. */
  namespace: string;
  /** PS1, e.g. `root@r1:~# `. */
  prompt: string;
  /** Put first on PATH (e.g. holding a `vtysh` wrapper). */
  binDir: string;
  /** Where bash keeps its history (never the caller's ~/.bash_history). */
  historyFile: string;
}

/**
 * loginCommand and environment for an sshd whose login lands in an interactive bash (as on containerlab
 * images or plain Linux routers) inside `namespace`, reading no rc files, with the given prompt.
 */
export function shellLogin(options: ShellLoginOptions): { loginCommand: string[]; loginEnvironment: Record<string, string> } {
  return {
    loginCommand: ["ip", "netns", "exec", options.namespace, "/bin/bash", "--norc", "--noprofile", "-i"],
    loginEnvironment: {
      PS1: options.prompt,
      PATH: `${options.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HISTFILE: options.historyFile,
    },
  };
}

/** `user` is the one account allowed to log in: the lab login account (uid 0, shell /bin/sh). */
export function renderSshdConfig(port: number, workDir: string, user: string): string {
  return [
    "# Written by kube-fabric lab/sshd.ts for one lab router; sshd -f uses only this file.",
    `ListenAddress ${LOOPBACK}:${port}`,
    `HostKey ${join(workDir, "ssh_host_ed25519_key")}`,
    "PidFile none",
    `AuthorizedKeysFile ${join(workDir, "authorized_keys")}`,
    `AllowUsers ${user}`,
    // The login account is uid 0, so sshd treats it as root: only the forced login script may run.
    "PermitRootLogin forced-commands-only",
    "AuthenticationMethods publickey",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "HostbasedAuthentication no",
    "UsePAM no",
    // The work directory sits under the world-writable /tmp, which StrictModes would refuse.
    "StrictModes no",
    `ForceCommand ${join(workDir, "login.sh")}`,
    "PermitTTY yes",
    "AllowTcpForwarding no",
    "AllowStreamLocalForwarding no",
    "AllowAgentForwarding no",
    "X11Forwarding no",
    "PermitTunnel no",
    "PermitUserEnvironment no",
    // No ~/.ssh/rc of the login account either (sshd also skips it under ForceCommand).
    "PermitUserRC no",
    "PrintMotd no",
    "PrintLastLog no",
    "MaxStartups 100:30:200",
    "LogLevel VERBOSE",
    "",
  ].join("\n");
}

export interface SshdLogEvents {
  logins: number;
  connections: number;
}

/**
 * Counts the logins (`Accepted publickey for root from …`) and connections (`Connection from 127.0.0.1
 * port N on 127.0.0.1 port <port> …`) in the log of the sshd listening on `port`. Only whole lines
 * count: sshd may be writing the last one.
 */
export function sshdLogEvents(log: string, port: number): SshdLogEvents {
  const lines = log.slice(0, log.lastIndexOf("\n") + 1).split("\n").map((line) => line.replace(/\r$/, ""));
  const loopback = LOOPBACK.replace(/\./g, "\\.");
  const connection = new RegExp(`^Connection from ${loopback} port \\d+ on ${loopback} port ${port}( |$)`);
  return {
    logins: lines.filter((line) => /^Accepted publickey for \S+ from \S+ port \d+ /.test(line)).length,
    connections: lines.filter((line) => connection.test(line)).length,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port on 127.0.0.1"))));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type ListenOutcome = "listening" | "port-taken";

async function waitForListening(proc: TrackedProcess, port: number, timeoutMs: number): Promise<ListenOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = existsSync(proc.logFile) ? readFileSync(proc.logFile, "utf8") : "";
    if (log.includes(`Server listening on ${LOOPBACK} port ${port}`)) return "listening";
    if (proc.hasExited()) {
      if (/Address already in use/.test(log)) return "port-taken";
      throw new Error(`${proc.label} exited during start (${await proc.exited}); its log:\n${log.trim().split("\n").slice(-10).join("\n")}`);
    }
    if (Date.now() > deadline) throw new Error(`${proc.label} did not listen on ${LOOPBACK}:${port} within ${timeoutMs} ms`);
    await delay(20);
  }
}

/**
 * argv of the lab's sshd. When the host has an /etc/ssh/sshrc, sshd runs in a mount namespace of its own
 * (changes there never reach the host) where /dev/null covers that file, so a host's sshrc runs on no lab
 * login either. unshare and sh exec into sshd: the PID we track is sshd's.
 */
export function sshdArgv(configFile: string, hostHasSshrc: boolean): string[] {
  const sshd = [SSHD, "-D", "-e", "-f", configFile];
  if (!hostHasSshrc) return sshd;
  const hideSshrc = `mount --bind /dev/null ${SYSTEM_SSHRC} && exec "$@"`;
  return ["unshare", "--mount", "--propagation", "slave", "--", "/bin/sh", "-c", hideSshrc, "kf-lab-sshd", ...sshd];
}

/** Starts sshd in the foreground (our direct child) once its host key, config and login script are written. */
export async function startSshd(options: SshdOptions): Promise<SshdServer> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} not found (openssh-server not installed)`);
  const user = await labLoginAccount();
  // sshd refuses to start without its privilege separation directory (normally made by the ssh service).
  mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  const hostKey = await generateEd25519KeyPair(join(options.workDir, "ssh_host_ed25519_key"), `kube-fabric-lab-${options.label}`);
  const loginScript = join(options.workDir, "login.sh");
  writeFileSync(loginScript, renderLoginScript(options.loginCommand, options.loginEnvironment, options.loginGreeting), { mode: 0o755 });
  writeFileSync(join(options.workDir, "authorized_keys"), `restrict,pty,command="${loginScript}" ${options.authorizedKey}\n`, { mode: 0o600 });

  const maxAttempts = 5;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const configFile = join(options.workDir, "sshd_config");
    writeFileSync(configFile, renderSshdConfig(port, options.workDir, user), { mode: 0o600 });
    const [file, ...args] = sshdArgv(configFile, existsSync(SYSTEM_SSHRC));
    const proc = await spawnTracked(`sshd of ${options.label}`, file, args, join(options.workDir, `sshd-${attempt}.log`));
    options.onSpawn?.(proc);
    let outcome: ListenOutcome;
    try {
      outcome = await waitForListening(proc, port, options.readyTimeoutMs ?? 10_000);
    } catch (error) {
      await stopTracked(proc);
      throw error;
    }
    if (outcome === "port-taken") {
      // Another process grabbed the port between our probe and sshd's bind: take another one.
      if (attempt < maxAttempts) continue;
      throw new Error(`${proc.label}: ${maxAttempts} free ports were taken before sshd could bind them`);
    }
    return makeServer(proc, port, user, hostKey.publicKey);
  }
}

/**
 * Stops session processes deepest first, so each is reaped by its still-living parent instead of
 * becoming an orphan; the listener stays frozen (SIGSTOP) meanwhile so it forks no new session.
 */
async function stopSessions(sessions: readonly Descendant[]): Promise<void> {
  const depths = [...new Set(sessions.map((session) => session.depth))].sort((a, b) => b - a);
  for (const depth of depths) {
    const level = sessions.filter((session) => session.depth === depth);
    level.forEach((session) => signalIdentified(session, "SIGTERM"));
    await awaitGone(level);
  }
}

function makeServer(proc: TrackedProcess, port: number, user: string, hostKey: string): SshdServer {
  const freezeAndListSessions = (): Descendant[] => {
    if (!proc.hasExited()) signalIfAlive(proc.pid, "SIGSTOP");
    return descendantsOf(proc.pid);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await stopSessions(freezeAndListSessions());
      } finally {
        // SIGTERM is queued before SIGCONT: the listener reaps its exited children and leaves.
        const listenerGone = stopTracked(proc);
        if (!proc.hasExited()) signalIfAlive(proc.pid, "SIGCONT");
        await listenerGone;
      }
    })();
    return stopping;
  };
  const stopSync = (): void => {
    freezeAndListSessions().forEach((session) => signalIdentified(session, "SIGKILL"));
    killTrackedSync(proc);
  };
  const logEvents = (): SshdLogEvents => {
    if (!existsSync(proc.logFile)) throw new Error(`${proc.label}: its log ${proc.logFile} is gone (the lab was stopped)`);
    return sshdLogEvents(readFileSync(proc.logFile, "utf8"), port);
  };
  return {
    host: LOOPBACK,
    port,
    user,
    hostKey,
    process: proc,
    logins: () => logEvents().logins,
    connections: () => logEvents().connections,
    stop,
    stopSync,
  };
}
