// One FRR router: zebra, ospfd, bgpd and staticd inside a network namespace, with its own pathspace,
// pid files and integrated config in a work directory, reachable with `vtysh -N <pathspace>`.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { CommandError, run } from "./exec";
import { FRR_DAEMON_DIR, FRR_DAEMONS, VTYSH } from "./frr-install";
import { frrAccounts } from "./system-accounts";
import { killTrackedSync, spawnTracked, stopTracked, TrackedProcess } from "./processes";

const FRR_RUN_DIR = "/var/run/frr";

export interface FrrRouterOptions {
  /** Hostname, shown in prompts (`r1# `) and in `show running-config`. */
  name: string;
  /** Existing network namespace the daemons run in. */
  namespace: string;
  /** `-N` value: sockets go to /var/run/frr/<pathspace>/. Must be unique on the host. */
  pathspace: string;
  /** Empty directory for config, pid files and logs; the caller removes it. */
  workDir: string;
  /** Lines added to the baseline after `hostname` and `service integrated-vtysh-config`. */
  config?: readonly string[];
  /** How long the daemons may take to answer vtysh (default 30 s). */
  readyTimeoutMs?: number;
  /** Told about each daemon as soon as it exists, so an exit handler can kill it mid-start. */
  onSpawn?: (proc: TrackedProcess) => void;
}

export interface FrrRouter {
  readonly name: string;
  readonly namespace: string;
  readonly pathspace: string;
  /** Directory vtysh reads and writes frr.conf/vtysh.conf in (`--config_dir`, joined with the pathspace). */
  readonly configRoot: string;
  readonly socketDir: string;
  readonly daemons: readonly TrackedProcess[];
  /** argv that opens this router's vtysh inside its namespace; append `-c <command>` for one-shot use. */
  readonly vtyshCommand: readonly string[];
  /** Runs each command through `vtysh -c` (in order, stopping at the first error) and returns stdout. */
  vtysh(commands: string | readonly string[]): Promise<string>;
  stop(): Promise<void>;
  /** For process exit handlers: SIGKILL daemons, remove the socket directory. */
  stopSync(): void;
}

/** A vtysh command that FRR rejected or that could not run. */
export class VtyshError extends Error {
  constructor(readonly router: string, readonly commands: readonly string[], readonly output: string) {
    super(`vtysh on ${router} rejected ${JSON.stringify(commands)}: ${output.trim() || "no output"}`);
    this.name = "VtyshError";
  }
}

/** Why a baseline line cannot go into frr.conf, or undefined. */
export function baselineLineProblem(line: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(line) ? `config line ${JSON.stringify(line)} contains a control character (one line per entry)` : undefined;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface RouterPaths {
  configRoot: string;
  configDir: string;
  pidDir: string;
  history: string;
}

async function prepareWorkDir(options: FrrRouterOptions): Promise<RouterPaths> {
  const accounts = await frrAccounts();
  const configRoot = join(options.workDir, "etc");
  const configDir = join(configRoot, options.pathspace);
  const pidDir = join(options.workDir, "run");
  chmodSync(options.workDir, 0o755);
  mkdirSync(configDir, { recursive: true });
  const baseline = [`hostname ${options.name}`, "service integrated-vtysh-config", ...(options.config ?? [])];
  writeFileSync(join(configDir, "frr.conf"), baseline.join("\n") + "\n");
  // vtysh takes its prompt from its own hostname; daemons keep theirs in the per-daemon files below.
  writeFileSync(join(configDir, "vtysh.conf"), `service integrated-vtysh-config\nhostname ${options.name}\n`);
  for (const path of [configRoot, configDir, join(configDir, "frr.conf"), join(configDir, "vtysh.conf")]) {
    chownSync(path, accounts.frrUid, accounts.vtyGid);
  }
  chmodSync(configDir, 0o2775);
  mkdirSync(pidDir, { mode: 0o755 });
  chownSync(pidDir, accounts.frrUid, accounts.frrGid);
  for (const daemon of FRR_DAEMONS) {
    // Read-only for the daemons: with the integrated config only vtysh writes, into frr.conf.
    const daemonConfig = join(options.workDir, `${daemon}.conf`);
    writeFileSync(daemonConfig, `hostname ${options.name}\n`, { mode: 0o444 });
  }
  return { configRoot, configDir, pidDir, history: join(options.workDir, "vtysh.history") };
}

/** Client names zebra lists in `show zebra client summary` for the daemons that route through it. */
const ZEBRA_CLIENTS = ["ospf", "bgp", "static"];

async function waitFor(what: string, daemons: readonly TrackedProcess[], deadline: number, probe: () => Promise<string | true>): Promise<void> {
  let lastAnswer = "";
  for (;;) {
    const dead = daemons.find((daemon) => daemon.hasExited());
    if (dead) {
      throw new Error(`${dead.label} exited during start (${await dead.exited}); its log:\n${tail(dead.logFile)}`);
    }
    try {
      const answer = await probe();
      if (answer === true) return;
      lastAnswer = answer;
    } catch (error) {
      lastAnswer = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen in time (last answer: ${lastAnswer || "none"})`);
    await delay(25);
  }
}

async function waitUntilAnswering(options: FrrRouterOptions, daemons: readonly TrackedProcess[], vtysh: readonly string[], deadline: number): Promise<void> {
  const socketDir = join(FRR_RUN_DIR, options.pathspace);
  const ask = async (command: string) => (await run(vtysh[0], [...vtysh.slice(1), "-c", command], { timeoutMs: 10_000 })).stdout;
  await waitFor(`vtysh -N ${options.pathspace} reaching ${FRR_DAEMONS.join(", ")}`, daemons, deadline, async () => {
    if (!FRR_DAEMONS.every((daemon) => existsSync(join(socketDir, `${daemon}.vty`)))) return "vty sockets not all there yet";
    const answer = await ask("show daemons");
    return FRR_DAEMONS.every((daemon) => answer.split(/\s+/).includes(daemon)) || answer.trim();
  });
  // Routes and interface events flow only once each daemon's zebra session is up.
  await waitFor(`ospfd, bgpd and staticd connecting to zebra`, daemons, deadline, async () => {
    const clients = (await ask("show zebra client summary")).split("\n").map((line) => line.split(/\s+/)[0]);
    return ZEBRA_CLIENTS.every((client) => clients.includes(client)) || `zebra clients: ${clients.join(" ")}`;
  });
}

/**
 * Starts the four daemons in the foreground inside `namespace`, waits until vtysh reaches all of
 * them, then applies the baseline with `vtysh -b`. On failure it stops what it started and throws.
 */
export async function startFrrRouter(options: FrrRouterOptions): Promise<FrrRouter> {
  const paths = await prepareWorkDir(options);
  const socketDir = join(FRR_RUN_DIR, options.pathspace);
  const vtyshCommand = ["ip", "netns", "exec", options.namespace, VTYSH, "-N", options.pathspace, "--config_dir", paths.configRoot, "-H", paths.history];
  const daemons: TrackedProcess[] = [];
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(daemons.map((daemon) => stopTracked(daemon)));
      rmSync(socketDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const stopSync = (): void => {
    daemons.forEach(killTrackedSync);
    rmSync(socketDir, { recursive: true, force: true });
  };
  const vtysh = async (commands: string | readonly string[]): Promise<string> => {
    const list = typeof commands === "string" ? [commands] : [...commands];
    try {
      const { stdout } = await run(vtyshCommand[0], [...vtyshCommand.slice(1), ...list.flatMap((command) => ["-c", command])]);
      return stdout;
    } catch (error) {
      if (error instanceof CommandError) throw new VtyshError(options.name, list, error.stdout + error.stderr);
      throw error;
    }
  };

  try {
    if (existsSync(socketDir)) throw new Error(`${socketDir} already exists: another FRR uses pathspace ${options.pathspace}`);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    for (const daemon of FRR_DAEMONS) {
      if (daemon !== "zebra") {
        // A daemon started before zebra listens retries its zebra connection only after 10 s.
        await waitFor("zebra listening on zserv.api", daemons, deadline, async () => existsSync(join(socketDir, "zserv.api")) || "no zserv.api yet");
      }
      const args = [
        "netns", "exec", options.namespace, join(FRR_DAEMON_DIR, daemon),
        "-N", options.pathspace,
        "-f", join(options.workDir, `${daemon}.conf`),
        "-i", join(paths.pidDir, `${daemon}.pid`),
        "-P", "0", // no TCP vty; vtysh uses the unix sockets
        "--log", "stdout",
      ];
      const proc = await spawnTracked(`${daemon} of ${options.name}`, "ip", args, join(options.workDir, `${daemon}.log`));
      daemons.push(proc);
      options.onSpawn?.(proc);
    }
    await waitUntilAnswering(options, daemons, vtyshCommand, deadline);
    try {
      await run(vtyshCommand[0], [...vtyshCommand.slice(1), "-b"]);
    } catch (error) {
      const detail = error instanceof CommandError ? (error.stdout + error.stderr).trim() : String(error);
      throw new Error(`the baseline config (vtysh -b) was rejected: ${detail}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    name: options.name,
    namespace: options.namespace,
    pathspace: options.pathspace,
    configRoot: paths.configRoot,
    socketDir,
    daemons,
    vtyshCommand,
    vtysh,
    stop,
    stopSync,
  };
}
