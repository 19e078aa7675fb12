// A lab of FRR routers in network namespaces, cabled with veth pairs, each behind its own sshd
// on 127.0.0.1 whose login lands in that router's vtysh. stop() removes every trace of it.
//
// Per router: namespace and FRR pathspace `kf-<pid>-<n>-<router>` (unique per process and per lab),
// zebra/ospfd/bgpd/staticd in the foreground under `ip netns exec`, baseline config = `hostname`,
// `service integrated-vtysh-config` and the spec's extra lines; `write memory` saves into the lab's
// temp dir. SSH: login user kube-fabric-lab (uid 0, shell /bin/sh, empty home; created by
// scripts/setup.sh, so root's dotfiles never run on a lab login), allowed only with the per-run client
// key and only to run the router's vtysh inside its namespace (so ping/traceroute from the CLI act from
// the router). The lab creates or changes no account, password or file under /etc; /run/sshd is
// created if missing.
//   shell channel, with or without pty: interactive vtysh; banner, then prompts `r1# `,
//     `r1(config)# `, `r1(config-router)# `, `r1(config-if)# `; an unknown line prints
//     `% Unknown command: <line>` and the session stays in the same mode. With a pty, lines end
//     in \r\n, bracketed paste is off; wait for each prompt before typing the next line
//     (type-ahead is echoed twice: once by the tty, once by readline).
//   exec channel: the command text runs as `vtysh -c <text>` (newlines separate commands); exit
//     status 0, or 1 at the first rejected command (later ones do not run; earlier ones stay).
//   login: "shell" instead: an interactive bash (no rc files) in the router's namespace with the prompt
//     `root@<router>:~# `, PATH starting at a directory whose `vtysh` opens this router's vtysh (history
//     in the lab dir); an exec channel runs `bash -i -c <text>`.
//   loginGreeting: text the login script prints, piece by piece, before the CLI starts (a device's motd
//     or start-up files' output), for testing drivers against it.
// Cleanup: stop() ends sessions, daemons and sshd by PID, kills anything left in its namespaces,
// deletes the namespaces, /var/run/frr/<pathspace> and the temp dir; idempotent; also run
// synchronously on exit, SIGINT, SIGTERM and SIGHUP. After SIGKILL run scripts/lab-cleanup.ts.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LabStartError } from "./errors";
import { inPool } from "./pool";
import { ensureFrrInstalled } from "./frr-install";
import { FrrRouter, startFrrRouter } from "./frr-router";
import { FrrLabSpec, LabLinkEnd, LabLogin, validateLabSpec } from "./lab-spec";
import { registerExitCleanup } from "./exit-cleanup";
import {
  addAddress,
  addVethPair,
  createNamespace,
  deleteNamespace,
  deleteNamespaceSync,
  namespaceExists,
  pidsInNamespaceSync,
  setLinkUp,
} from "./netns";
import { awaitGone, identify, ProcessIdentity, signalIdentified, stopTracked, killTrackedSync, TrackedProcess } from "./processes";
import { generateEd25519KeyPair } from "./ssh-keys";
import { labLoginAccount } from "./system-accounts";
import { renderExecWrapper, shellLogin, SshdServer, startSshd } from "./sshd";

export type { FrrLabSpec, LabLinkEnd, LabLinkSpec, LabLogin, LabRouterSpec } from "./lab-spec";

/** Everything an SSH client needs to reach one lab router's CLI. */
export interface LabSshTarget {
  host: string;
  port: number;
  user: string;
  /** OpenSSH private key text, unencrypted (the same per-run client key for every router). */
  privateKey: string;
  /** The router's own host key, OpenSSH public key line (`ssh-ed25519 AAAA...`), to pin. */
  hostKey: string;
}

export interface LabRouter {
  readonly name: string;
  /** Network namespace the daemons (and every ssh session's vtysh) run in. */
  readonly namespace: string;
  /** `vtysh -N` pathspace; sockets under /var/run/frr/<pathspace>/. */
  readonly pathspace: string;
  readonly ssh: LabSshTarget;
  /** Where an SSH login lands: vtysh itself, or a bash from which `vtysh` opens this router's vtysh. */
  readonly login: LabLogin;
  /** Interfaces cabled to other routers, in spec order, e.g. ["Ethernet1", "Ethernet2"]. */
  readonly interfaces: readonly string[];
  /** Runs commands through `vtysh -c`, directly (no SSH), for test set-up and assertions. */
  vtysh(commands: string | readonly string[]): Promise<string>;
  /** PIDs this router's daemons and sshd listener run as. */
  readonly pids: readonly number[];
  /** PID of the sshd listener (session processes are its descendants). */
  readonly sshdPid: number;
  /** SSH logins the router's sshd accepted since the lab started; current as soon as a client's login completes. */
  sshLogins(): number;
  /** TCP connections the router's sshd accepted since the lab started, logged in or not. */
  sshConnections(): number;
}

export interface FrrLab {
  /** Unique per run: `kf-<pid>-<n>`; every namespace and pathspace starts with it. */
  readonly runId: string;
  readonly routers: readonly LabRouter[];
  /** The router called `name`; throws for an unknown name. */
  router(name: string): LabRouter;
  readonly namespaces: readonly string[];
  /** Temporary directory holding all config, keys and logs (removed by stop()). */
  readonly workDir: string;
  /** Kills exactly what start launched, deletes the namespaces and the temp directory. Idempotent. */
  stop(): Promise<void>;
}

const INPUTRC = "# Keep the CLI byte stream plain for programs driving it over a pty.\nset enable-bracketed-paste off\n";
const START_CONCURRENCY = 4;
let labsStartedInThisProcess = 0;


function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Mutable record of what has been created so far; stop() undoes exactly this. */
class LabResources {
  readonly namespaces: string[] = [];
  readonly routers: FrrRouter[] = [];
  readonly sshds: SshdServer[] = [];
  readonly spawned: TrackedProcess[] = [];
  readonly socketDirs: string[] = [];
  constructor(readonly workDir: string) {}

  async stop(): Promise<void> {
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<void>) => {
      try {
        await step();
      } catch (error) {
        failures.push(`${what}: ${describe(error)}`);
      }
    };
    await Promise.all(this.sshds.map((sshd) => attempt(`sshd on port ${sshd.port}`, () => sshd.stop())));
    await Promise.all(this.routers.map((router) => attempt(`FRR of ${router.name}`, () => router.stop())));
    // Processes spawned but not yet handed back (start interrupted half-way).
    await Promise.all(this.spawned.map((proc) => attempt(proc.label, () => stopTracked(proc))));
    // Whatever still runs inside our namespaces (a vtysh of a session being torn down) is ours too.
    await attempt("leftover processes in the lab namespaces", () => awaitGone(this.killNamespaceResidents("SIGTERM")));
    for (const namespace of this.namespaces) await attempt(`namespace ${namespace}`, () => deleteNamespace(namespace));
    for (const dir of [...this.socketDirs, this.workDir]) await attempt(`removing ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
    if (failures.length > 0) throw new Error(`lab stop left work undone:\n  ${failures.join("\n  ")}`);
  }

  stopSync(): void {
    this.sshds.forEach((sshd) => sshd.stopSync());
    this.routers.forEach((router) => router.stopSync());
    this.spawned.forEach(killTrackedSync);
    this.killNamespaceResidents("SIGKILL");
    this.namespaces.forEach(deleteNamespaceSync);
    for (const dir of [...this.socketDirs, this.workDir]) rmSync(dir, { recursive: true, force: true });
  }

  private killNamespaceResidents(signal: NodeJS.Signals): ProcessIdentity[] {
    const residents = this.namespaces
      .flatMap(pidsInNamespaceSync)
      .map(identify)
      .filter((identity): identity is ProcessIdentity => identity !== undefined);
    residents.forEach((identity) => signalIdentified(identity, signal));
    return residents;
  }
}

async function checkHostTools(): Promise<void> {
  await ensureFrrInstalled();
  for (const [path, fix] of [
    ["/usr/sbin/sshd", "apt-get install -y openssh-server"],
    ["/usr/bin/ssh-keygen", "apt-get install -y openssh-client"],
    ["/usr/sbin/ip", "apt-get install -y iproute2"],
  ] as const) {
    if (!existsSync(path)) throw new LabStartError("checking host tools", `${path} not found`, fix);
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new LabStartError("checking privileges", "network namespaces and FRR need root", "run the tests as root (or in a root container)");
  }
  await labLoginAccount();
}

/**
 * Starts the routers and links of `spec`. Validates the spec first (LabSpecError, nothing touched);
 * on any later failure it stops what it already started and throws LabStartError with the fix.
 */
export async function startFrrLab(spec: FrrLabSpec): Promise<FrrLab> {
  validateLabSpec(spec);
  await checkHostTools();

  const runId = `kf-${process.pid}-${++labsStartedInThisProcess}`;
  const workDir = mkdtempSync(join(tmpdir(), `${runId}-`));
  chmodSync(workDir, 0o755); // the frr user must reach its files below; secrets inside are 0600
  const resources = new LabResources(workDir);
  const unregister = registerExitCleanup({ label: runId, stopSync: () => resources.stopSync() });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= resources.stop().finally(unregister);
    return stopping;
  };

  const namespaceOf = (router: string) => `${runId}-${router}`;
  let step = "preparing the lab";
  try {
    writeFileSync(join(workDir, "inputrc"), INPUTRC, { mode: 0o644 });
    step = "creating the per-run SSH client key";
    const clientKey = await generateEd25519KeyPair(join(workDir, "client_ed25519"), `kube-fabric-lab-client-${runId}`);

    step = "creating network namespaces";
    for (const router of spec.routers) {
      const namespace = namespaceOf(router.name);
      if (namespaceExists(namespace)) throw new Error(`namespace ${namespace} already exists (left by a crashed run? see scripts/lab-cleanup.ts)`);
      resources.namespaces.push(namespace);
      await createNamespace(namespace, { forwarding: spec.forwarding ?? true });
    }

    step = "cabling links (veth pairs)";
    const interfacesOf = new Map<string, string[]>(spec.routers.map((router) => [router.name, []]));
    for (const link of spec.links ?? []) {
      const ends = [link.a, link.b].map((end: LabLinkEnd) => ({ end, ref: { namespace: namespaceOf(end.router), name: end.interface } }));
      await addVethPair(ends[0].ref, ends[1].ref);
      for (const { end, ref } of ends) {
        if (end.address !== undefined) await addAddress(ref, end.address);
        await setLinkUp(ref);
        interfacesOf.get(end.router)?.push(end.interface);
      }
    }

    const handles = new Map<string, LabRouter>();
    const track = (proc: TrackedProcess) => resources.spawned.push(proc);
    await inPool(spec.routers, START_CONCURRENCY, async (routerSpec) => {
      step = `starting FRR and sshd for routers`;
      const routerDir = join(workDir, routerSpec.name);
      mkdirSync(join(routerDir, "frr"), { recursive: true });
      mkdirSync(join(routerDir, "sshd"), { recursive: true });
      const pathspace = namespaceOf(routerSpec.name);
      resources.socketDirs.push(join("/var/run/frr", pathspace));
      let router: FrrRouter;
      try {
        router = await startFrrRouter({
          name: routerSpec.name,
          namespace: namespaceOf(routerSpec.name),
          pathspace,
          workDir: join(routerDir, "frr"),
          config: routerSpec.config,
          readyTimeoutMs: spec.readyTimeoutMs,
          onSpawn: track,
        });
      } catch (error) {
        throw new Error(`FRR of ${routerSpec.name}: ${describe(error)}`);
      }
      resources.routers.push(router);
      const login: LabLogin = routerSpec.login ?? "vtysh";
      let loginCommand: readonly string[] = router.vtyshCommand;
      let loginEnvironment: Record<string, string> = { INPUTRC: join(workDir, "inputrc") };
      if (login === "shell") {
        // `vtysh` typed in the shell is this wrapper: the router's own vtysh, its history in the lab directory.
        const binDir = join(routerDir, "bin");
        mkdirSync(binDir, { recursive: true });
        writeFileSync(join(binDir, "vtysh"), renderExecWrapper(router.vtyshCommand), { mode: 0o755 });
        const shell = shellLogin({
          namespace: router.namespace,
          prompt: `root@${routerSpec.name}:~# `,
          binDir,
          historyFile: join(routerDir, "bash.history"),
        });
        loginCommand = shell.loginCommand;
        loginEnvironment = { ...loginEnvironment, ...shell.loginEnvironment };
      }
      let sshd: SshdServer;
      try {
        sshd = await startSshd({
          label: routerSpec.name,
          workDir: join(routerDir, "sshd"),
          loginCommand,
          loginEnvironment,
          loginGreeting: routerSpec.loginGreeting,
          authorizedKey: clientKey.publicKey,
          readyTimeoutMs: spec.readyTimeoutMs,
          onSpawn: track,
        });
      } catch (error) {
        throw new Error(`sshd of ${routerSpec.name}: ${describe(error)}`);
      }
      resources.sshds.push(sshd);
      handles.set(routerSpec.name, {
        name: routerSpec.name,
        namespace: router.namespace,
        pathspace: router.pathspace,
        ssh: { host: sshd.host, port: sshd.port, user: sshd.user, privateKey: clientKey.privateKey, hostKey: sshd.hostKey },
        login,
        interfaces: interfacesOf.get(routerSpec.name) ?? [],
        vtysh: router.vtysh,
        pids: [...router.daemons.map((daemon) => daemon.pid), sshd.process.pid],
        sshdPid: sshd.process.pid,
        sshLogins: () => sshd.logins(),
        sshConnections: () => sshd.connections(),
      });
    });

    const routers = spec.routers.map((routerSpec) => handles.get(routerSpec.name) as LabRouter);
    return {
      runId,
      routers,
      router(name: string): LabRouter {
        const found = handles.get(name);
        if (!found) throw new Error(`no router "${name}" in lab ${runId} (routers: ${[...handles.keys()].join(", ")})`);
        return found;
      },
      namespaces: [...resources.namespaces],
      workDir,
      stop,
    };
  } catch (error) {
    let cleanup = "everything it started was stopped and removed";
    try {
      await stop();
    } catch (stopError) {
      cleanup = `cleanup was incomplete too: ${describe(stopError)}`;
    }
    throw new LabStartError(`lab ${runId}: ${step}`, `${describe(error)} (${cleanup})`, fixFor(error));
  }
}

function fixFor(error: unknown): string {
  const message = describe(error);
  if (/already exists/.test(message)) return "remove leftovers of crashed runs: npx ts-node scripts/lab-cleanup.ts";
  if (message.startsWith("FRR of")) return "read the FRR daemon log quoted above (full logs are removed with the lab); `apt-get install --reinstall frr` if its binaries are broken";
  if (message.startsWith("sshd of")) return "read the sshd log quoted above; `/usr/sbin/sshd -t -f <config>` explains config errors";
  if (/Operation not permitted|Permission denied/i.test(message)) return "run as root with CAP_NET_ADMIN and CAP_SYS_ADMIN (network namespaces)";
  return "read the cause above; the lab cleaned up after itself, so a retry starts fresh";
}
