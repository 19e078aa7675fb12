// A calico-node stand-in for one lab node: Calico's own confd (tools/confd) rendering BIRD's
// configuration from the Kubernetes datastore, exactly as calico-node runs it, and Calico's own BIRD
// (the fork calico-node ships, tools/bird) in the node's network namespace loading it, with the
// node's tunl0 made first as Felix would (lab/calico-tunnel.ts). Stand-in parts (everything else is
// Calico's):
//   - confd's templates and conf.d come from the release unchanged, except each toml's `dest` (a
//     per-node folder instead of /etc/calico/confd/config), no `check_cmd`, and `reload_cmd` = our
//     reload script (calico-node's is `sv hup bird`), which makes include paths absolute and has
//     BIRD re-read its configuration (`birdcl configure`);
//   - tunl0 is a VXLAN link (this kernel has no ipip module): the fork's `krt_tunnel = "tunl0"`
//     routes go through it unchanged, as `via <node> dev tunl0 onlink`;
//   - no Felix: routes to local pods and the pod wiring are made by lab/calico-pods.ts.
// Stop: stop() ends confd and BIRD by PID (BIRD's kernel routes die with the namespace).
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { ensureTunnel, TunnelSpec } from "./calico-tunnel";
import { run } from "./exec";
import { calicoBird } from "./kube-binaries";
import { pollUntil } from "./kube-client";
import { killTrackedSync, spawnTracked, stopTracked, TrackedProcess } from "./processes";

export interface CalicoNodeOptions {
  /** Kubernetes Node name (NODENAME). */
  nodeName: string;
  /** Network namespace the node's BIRD runs in. */
  namespace: string;
  /** Folder this node's files go in (created). */
  workDir: string;
  kubeconfigPath: string;
  confdBinary: string;
  /** The release's confd folder (conf.d/ and templates/). */
  confdTemplates: string;
  /** The node's tunl0: its own and every other node's fabric address. */
  tunnel: TunnelSpec;
  /** How long the first render and BIRD's start may take (default 60 s). */
  readyTimeoutMs?: number;
}

export interface CalicoNode {
  readonly nodeName: string;
  readonly namespace: string;
  /** BIRD's files as loaded: bird.cfg, bird_aggr.cfg, bird_ipam.cfg. */
  readonly runDir: string;
  readonly pids: readonly number[];
  /** birdc command text, e.g. "show protocols". */
  birdc(command: string): Promise<string>;
  /** BGP protocols of BIRD: name → state ("Established", "Idle", "Active", ...). */
  bgpSessions(): Promise<Map<string, string>>;
  /** The current rendered bird.cfg as BIRD loaded it. */
  birdConfig(): string;
  /** Resolves (naming the process and how it ended) when confd or BIRD exits: calico-node would restart. */
  readonly exited: Promise<string>;
  stop(): Promise<void>;
  /** For exit handlers: SIGKILL confd and BIRD if still running. */
  stopSync(): void;
}

/** A client of the BIRD listening on `socket`: command text (e.g. "show protocols") → its answer. */
export function birdcOn(socket: string): (command: string) => Promise<string> {
  const { birdcl } = calicoBird();
  return async (command) => (await run(birdcl, ["-s", socket, ...command.split(" ")], { timeoutMs: 10_000 })).stdout;
}

/** The reload script: confd's output → BIRD's files (absolute includes) → birdcl configure. */
export function renderReloadScript(configDir: string, runDir: string, socket: string, birdcl: string): string {
  return `#!/bin/sh
# confd reload_cmd of a kube-fabric calico-node stand-in (lab/calico-node.ts).
set -u
for f in bird.cfg bird_aggr.cfg bird_ipam.cfg; do
  [ -f '${configDir}'/$f ] || continue
  sed -e 's#^include "\\(bird_[a-z]*\\.cfg\\)";#include "${runDir}/\\1";#' '${configDir}'/$f > '${runDir}'/$f.tmp && mv '${runDir}'/$f.tmp '${runDir}'/$f
done
if [ -S '${socket}' ]; then
  '${birdcl}' -s '${socket}' configure >> '${runDir}'/reload.log 2>&1
fi
echo "$(date +%s.%N) reloaded" >> '${runDir}'/reload.log
exit 0
`;
}

/** conf.d toml of the release with dest in configDir, no check_cmd, reload_cmd = our script. */
export function rewriteConfdToml(toml: string, configDir: string, reloadScript: string): string {
  return toml
    .split("\n")
    .filter((line) => !/^\s*check_cmd\s*=/.test(line))
    .map((line) => line.replace(/^(\s*dest\s*=\s*")\/etc\/calico\/confd\/config\//, `$1${configDir}/`))
    .map((line) => (/^\s*reload_cmd\s*=/.test(line) ? `reload_cmd = "${reloadScript}"` : line))
    .join("\n");
}

export async function startCalicoNode(options: CalicoNodeOptions): Promise<CalicoNode> {
  const { nodeName, namespace, workDir } = options;
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const confdDir = join(workDir, "confd");
  const configDir = join(workDir, "config");
  const runDir = join(workDir, "run");
  const socket = join(runDir, "bird.ctl");
  for (const dir of [confdDir, configDir, runDir]) mkdirSync(dir, { recursive: true });
  const reloadScript = join(workDir, "reload.sh");
  const bird = calicoBird();
  writeFileSync(reloadScript, renderReloadScript(configDir, runDir, socket, bird.birdcl), { mode: 0o755 });
  cpSync(join(options.confdTemplates, "templates"), join(confdDir, "templates"), { recursive: true });
  mkdirSync(join(confdDir, "conf.d"));
  for (const file of readdirSync(join(options.confdTemplates, "conf.d"))) {
    if (!/^bird(_aggr|_ipam)?\.toml$/.test(file)) continue; // IPv4 only: the lab has no IPv6 pools
    const toml = readFileSync(join(options.confdTemplates, "conf.d", file), "utf8");
    writeFileSync(join(confdDir, "conf.d", file), rewriteConfdToml(toml, configDir, reloadScript));
  }
  for (const dir of [confdDir, join(confdDir, "templates"), join(confdDir, "conf.d")]) chmodSync(dir, 0o755);

  const processes: TrackedProcess[] = [];
  const stop = async () => {
    for (const proc of [...processes].reverse()) await stopTracked(proc, 3000);
  };
  try {
    // confd as calico-node runs it: Kubernetes datastore, continuous watch, its own confdir.
    const confd = await spawnTracked(`confd of ${nodeName}`, "/usr/bin/env", [
      `NODENAME=${nodeName}`, "DATASTORE_TYPE=kubernetes", `KUBECONFIG=${options.kubeconfigPath}`, "CALICO_NETWORKING_BACKEND=bird",
      options.confdBinary, "-confdir", confdDir,
    ], join(workDir, "confd.log"));
    processes.push(confd);
    await pollUntil(`confd of ${nodeName} rendering bird.cfg, bird_aggr.cfg and bird_ipam.cfg`, timeoutMs, async () => {
      if (confd.hasExited()) throw new Error(`confd exited (${await confd.exited}): ${tail(confd.logFile)}`);
      return ["bird.cfg", "bird_aggr.cfg", "bird_ipam.cfg"].every((f) => existsSync(join(runDir, f))) ? true : undefined;
    }, 100);
    // Felix's tunl0 is there before BIRD programs its first tunnel route.
    await ensureTunnel(namespace, options.tunnel);
    const birdProcess = await spawnTracked(`BIRD of ${nodeName}`, "ip", [
      "netns", "exec", namespace, bird.bird, "-f", "-c", join(runDir, "bird.cfg"), "-s", socket, "-P", join(runDir, "bird.pid"),
    ], join(workDir, "bird.log"));
    processes.push(birdProcess);
    const birdc = birdcOn(socket);
    await pollUntil(`BIRD of ${nodeName} answering on ${socket}`, timeoutMs, async () => {
      if (birdProcess.hasExited()) throw new Error(`BIRD exited (${await birdProcess.exited}): ${tail(birdProcess.logFile)}`);
      return /^BIRD \S+ ready\./m.test(await birdc("show status")) ? true : undefined;
    }, 100);
    return {
      nodeName,
      namespace,
      runDir,
      pids: processes.map((proc) => proc.pid),
      birdc,
      async bgpSessions() {
        return parseBgpSessions(await birdc("show protocols"));
      },
      birdConfig: () => readFileSync(join(runDir, "bird.cfg"), "utf8"),
      exited: Promise.race(processes.map((proc) => proc.exited.then((how) => `${proc.label}: ${how}`))),
      stop,
      stopSync: () => [...processes].reverse().forEach(killTrackedSync),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `birdc show protocols` → BGP protocol name → its info column's state (Established, Idle, Active, Connect...). */
export function parseBgpSessions(showProtocols: string): Map<string, string> {
  const sessions = new Map<string, string>();
  for (const line of showProtocols.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 5 && fields[1] === "BGP") sessions.set(fields[0], fields.length >= 6 ? fields[5] : fields[3]);
  }
  return sessions;
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-10).join("\n");
  } catch {
    return "(no log)";
  }
}
