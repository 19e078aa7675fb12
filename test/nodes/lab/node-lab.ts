// Disposable Debian nodes for the real-execution tier: per node a copy of the cached rootfs, a
// network namespace of ours (with a veth pair whose one end is named like the plan's fabric NIC), and sshd in a
// chroot with its own mount, UTS and PID namespaces, listening on 127.0.0.1:22 *inside* that
// network namespace. The test reaches it through a per-connection relay started in the namespace,
// so no traffic ever leaves the namespaces this lab created. stop() ends exactly the processes
// it started (by PID), then deletes its namespaces and files, also after a failure; on exit or
// SIGINT/SIGTERM/SIGHUP before stop(), the same is done synchronously. Namespaces, processes, host
// commands and keys come from the FRR lab's helpers (lab/); what is here is the chroot node itself.

import { randomBytes } from "crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { createServer, Server } from "net";
import { Duplex } from "stream";
import { Client } from "ssh2";
import { CommandResult, run, RunOptions } from "../../../lab/exec";
import { registerExitCleanup } from "../../../lab/exit-cleanup";
import { addVethPair, createNamespace, deleteNamespace, deleteNamespaceSync, setLinkUp } from "../../../lab/netns";
import { killTrackedSync, PipedProcess, spawnPiped, spawnTracked, stopTracked, TrackedProcess } from "../../../lab/processes";
import { generateEd25519KeyPair } from "../../../lab/ssh-keys";

export interface LabNodeSpec {
  name: string;
  /** The fabric NIC the plan names (one end of a veth pair inside the namespace). */
  nic: string;
  /** How the test logs in: root with a key, or a sudo user with a password. */
  login: "root-key" | "sudo-password";
}

export interface LabNode {
  spec: LabNodeSpec;
  namespace: string;
  root: string;
  /** OpenSSH public key line of this node's sshd, pinned by every connection. */
  hostKey: string;
  user: string;
  password?: string;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const SUDO_USER = "kfuser";
export const NOPASSWD_USER = "kfnopass";

const SSHD_CONFIG = `# kube-fabric test node
ListenAddress 127.0.0.1:22
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
PidFile none
LogLevel VERBOSE
`;

/** Host commands (ip, tar, ssh-keygen, chroot) get a minute unless told otherwise. */
function hostRun(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return run(file, args, { timeoutMs: 60_000, ...options });
}

export class NodeLab {
  readonly dir: string;
  readonly nodes: LabNode[] = [];
  /** Every process this lab started (each node's sshd, each connection's relay), stopped by PID. */
  private readonly processes: TrackedProcess[] = [];
  private readonly namespaces: string[] = [];
  /** Host-side listeners of forward(), closed by stop(). */
  private readonly listeners: Server[] = [];
  private clientKey = "";
  private unregisterExitCleanup: (() => void) | undefined;
  /** A password for the sudo users, fresh for every lab. */
  readonly password = `kf-${randomBytes(9).toString("base64url")}`;

  constructor(private readonly tarball: string) {
    this.dir = mkdtempSync(join(tmpdir(), "kf-nodes-"));
  }

  async start(specs: readonly LabNodeSpec[]): Promise<void> {
    this.unregisterExitCleanup ??= registerExitCleanup({ label: this.dir, stopSync: () => this.stopSync() });
    const clientKey = await generateEd25519KeyPair(join(this.dir, "client_ed25519"), "kube-fabric-test");
    this.clientKey = clientKey.privateKey;
    const clientPublic = `${clientKey.publicKey}\n`;
    for (const [i, spec] of specs.entries()) this.nodes.push(await this.startNode(spec, i, clientPublic));
    for (const node of this.nodes) await this.waitForSsh(node);
  }

  private async startNode(spec: LabNodeSpec, index: number, clientPublic: string): Promise<LabNode> {
    const root = join(this.dir, spec.name);
    mkdirSync(root);
    await hostRun("tar", ["-C", root, "--numeric-owner", "-xzf", this.tarball], { timeoutMs: 300_000 });
    // Accounts: root logs in with the key; the sudo user with its password (sudo asks for it);
    // the NOPASSWD user shows the passwordless path. The sudo user's login shell is dash.
    mkdirSync(join(root, "root/.ssh"), { recursive: true, mode: 0o700 });
    writeFileSync(join(root, "root/.ssh/authorized_keys"), clientPublic, { mode: 0o600 });
    await hostRun("chroot", [root, "useradd", "-m", "-s", "/bin/sh", "-G", "sudo", SUDO_USER]);
    await hostRun("chroot", [root, "useradd", "-m", "-s", "/bin/bash", NOPASSWD_USER]);
    await hostRun("chroot", [root, "chpasswd"], { input: `${SUDO_USER}:${this.password}\n${NOPASSWD_USER}:${this.password}\n` });
    writeFileSync(join(root, "etc/sudoers.d/kfnopass"), `${NOPASSWD_USER} ALL=(ALL) NOPASSWD: ALL\n`, { mode: 0o440 });
    writeFileSync(join(root, "etc/ssh/sshd_config"), SSHD_CONFIG);
    const hostKey = (await generateEd25519KeyPair(join(root, "etc/ssh/ssh_host_ed25519_key"), `kube-fabric-node-${spec.name}`)).publicKey;
    // A Debian node as a fresh Ubuntu would have it: a swap line in fstab, an old hostname.
    writeFileSync(join(root, "etc/fstab"), "# <file system> <mount point> <type> <options> <dump> <pass>\n/swap.img\tnone\tswap\tsw\t0\t0\n");
    writeFileSync(join(root, "etc/hostname"), "ubuntu\n");
    writeFileSync(join(root, "etc/hosts"), "127.0.0.1 localhost\n127.0.1.1 ubuntu\n");

    const namespace = `kf-node-${process.pid}-${index}`;
    this.namespaces.push(namespace);
    // As a fresh node has it: forwarding off until the bootstrap turns it on.
    await createNamespace(namespace, { forwarding: false });
    const nic = { namespace, name: spec.nic };
    const leafEnd = { namespace, name: "kf-leaf" };
    await addVethPair(nic, leafEnd);
    await setLinkUp(leafEnd);
    await setLinkUp(nic);

    const boot = [
      "mount -t proc proc /proc",
      "mount -t sysfs sysfs /sys",
      "mount -t tmpfs -o mode=755 tmpfs /run",
      "mkdir -p /run/sshd",
      "hostname ubuntu",
      "exec /usr/sbin/sshd -D -e",
    ].join(" && ");
    const log = join(this.dir, `${spec.name}.sshd.log`);
    const unshare = ["unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child", "--propagation", "private", "chroot", root, "/bin/sh", "-c", boot];
    this.processes.push(await spawnTracked(`sshd of node ${spec.name}`, "ip", ["netns", "exec", namespace, ...unshare], log));
    const user = spec.login === "root-key" ? "root" : SUDO_USER;
    return { spec, namespace, root, hostKey, user, ...(spec.login === "sudo-password" ? { password: this.password } : {}) };
  }

  /** A TCP stream to 127.0.0.1:22 inside the node's namespace, relayed by a process we own. */
  private relay(node: LabNode): Duplex {
    const code = "const s=require('net').connect(22,'127.0.0.1');process.stdin.pipe(s);s.pipe(process.stdout);s.on('error',()=>process.exit(1));s.on('close',()=>process.exit(0));";
    const log = join(this.dir, `${node.spec.name}.relay.log`);
    const relay: PipedProcess = spawnPiped(`ssh relay to node ${node.spec.name}`, "ip", ["netns", "exec", node.namespace, process.execPath, "-e", code], log);
    this.processes.push(relay);
    return Duplex.from({ readable: relay.stdout, writable: relay.stdin });
  }

  /** The private key root logs in with (authorized on every node), for code that dials nodes itself. */
  get clientPrivateKey(): string {
    return this.clientKey;
  }

  /**
   * A port on the host's 127.0.0.1 that reaches the node's sshd: each connection is relayed into
   * the node's namespace by a process of ours, as exec() does. For code under test that dials
   * host:port itself (a dynamic provider). The listener closes on stop().
   */
  async forward(node: LabNode): Promise<number> {
    const server = createServer((socket) => {
      const relay = this.relay(node);
      socket.on("error", () => relay.destroy());
      relay.on("error", () => socket.destroy());
      socket.pipe(relay).pipe(socket);
    });
    this.listeners.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("forward: the listener has no TCP port");
    return address.port;
  }

  /** Runs `command` over SSH as the node's login user, with `stdin`, host key pinned. */
  exec(node: LabNode, command: string, stdin?: string, login?: { user: string; password: string }): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      const expected = Buffer.from(node.hostKey.split(" ")[1], "base64");
      let stdout = "";
      let stderr = "";
      const timer = setTimeout(() => {
        client.end();
        reject(new Error(`${node.spec.name}: command did not finish within 5 minutes`));
      }, 300_000);
      client
        .on("ready", () => {
          client.exec(command, (err, stream) => {
            if (err) {
              clearTimeout(timer);
              client.end();
              reject(err);
              return;
            }
            stream.on("data", (d: Buffer) => (stdout += d.toString()));
            stream.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            stream.on("close", (code: number | null) => {
              clearTimeout(timer);
              client.end();
              resolve({ code, stdout, stderr });
            });
            stream.end(stdin ?? "");
          });
        })
        .on("error", (e) => {
          clearTimeout(timer);
          reject(new Error(`${node.spec.name}: ssh: ${e.message}`));
        })
        .connect({
          sock: this.relay(node),
          username: login?.user ?? node.user,
          ...(login ? { password: login.password } : node.password ? { password: node.password } : { privateKey: this.clientKey }),
          hostVerifier: (key: Buffer) => key.equals(expected),
          readyTimeout: 20_000,
        });
    });
  }

  /** Runs a command as root on the node: directly when the test logs in as root, else through NOPASSWD sudo. */
  asRoot(node: LabNode, command: string): Promise<ExecResult> {
    if (node.user === "root") return this.exec(node, command);
    const quoted = `'${command.replace(/'/g, `'\\''`)}'`;
    return this.exec(node, `sudo -n sh -c ${quoted}`, undefined, { user: NOPASSWD_USER, password: this.password });
  }

  private async waitForSsh(node: LabNode): Promise<void> {
    let last = "";
    for (let i = 0; i < 50; i++) {
      try {
        const r = await this.exec(node, "true");
        if (r.code === 0) return;
        last = r.stderr;
      } catch (e) {
        last = (e as Error).message;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const log = join(this.dir, `${node.spec.name}.sshd.log`);
    throw new Error(`${node.spec.name}: sshd did not answer: ${last}\n${existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : ""}`);
  }

  /** Ends every process this lab started (by PID), removes its namespaces and files. */
  async stop(): Promise<void> {
    // No new connections; the open ones end with their relay processes, stopped next.
    this.listeners.splice(0).forEach((server) => server.close());
    await Promise.all(this.processes.map((proc) => stopTracked(proc)));
    for (const namespace of this.namespaces.splice(0)) await deleteNamespace(namespace);
    // The mounts lived in the nodes' private mount namespaces, gone with their processes.
    const mounts = this.mountsUnderDir();
    if (mounts.length > 0) throw new Error(`mounts left under ${this.dir}, not removing it:\n${mounts.join("\n")}`);
    rmSync(this.dir, { recursive: true, force: true });
    this.unregisterExitCleanup?.();
  }

  /** stop() for an exit or signal handler, where nothing asynchronous runs: SIGKILL, then remove. */
  private stopSync(): void {
    this.listeners.splice(0).forEach((server) => server.close());
    this.processes.forEach(killTrackedSync);
    this.namespaces.splice(0).forEach(deleteNamespaceSync);
    if (this.mountsUnderDir().length === 0) rmSync(this.dir, { recursive: true, force: true });
  }

  private mountsUnderDir(): string[] {
    return readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((l) => l.includes(this.dir));
  }

  /** A file on a node, read from the host side of its rootfs. */
  read(node: LabNode, path: string): string {
    return readFileSync(join(node.root, path), "utf8");
  }

  write(node: LabNode, path: string, content: string, mode = 0o644): void {
    mkdirSync(dirname(join(node.root, path)), { recursive: true });
    writeFileSync(join(node.root, path), content);
    chmodSync(join(node.root, path), mode);
  }

  /** Runs a command inside the node's network namespace from the host (reads its sysctls). */
  async inNamespace(node: LabNode, args: string[]): Promise<string> {
    return (await hostRun("ip", ["netns", "exec", node.namespace, ...args])).stdout;
  }
}
