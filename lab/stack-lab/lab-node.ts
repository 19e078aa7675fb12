// A lab node: the cached Debian rootfs (scripts/nodes-rootfs.sh, extracted once per lab and shared
// read-only) under a private overlay of its own (its writes go to <node>/upper), kept alive by an init
// process in the node's network namespace with its own mount, UTS and PID namespaces (proc, sys and
// a tmpfs /run mounted there, so nothing leaks onto the host), and an SSH login that enters exactly
// those namespaces and that root (nsenter). The node's own files (/etc/netplan, /etc/hostname) are
// the rootfs's: the node steps run against them as against a real machine's. The one stand-in is
// `netplan apply` (no systemd-networkd without systemd): netplan-stand-in.ts.

import { spawnSync } from "child_process";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { run } from "../exec";
import { NETPLAN_STAND_IN_PATH, renderNetplanStandIn } from "./netplan-stand-in";
import { descendantsOf, spawnTracked, TrackedProcess } from "../processes";

export interface LabNodeMachine {
  readonly name: string;
  readonly root: string;
  readonly init: TrackedProcess;
  /** PID 1 of the node's PID namespace (what nsenter enters). */
  readonly initPid: number;
  /** argv of a login on this node (bash inside its namespaces and root); append `-c <command>` for one command. */
  readonly loginCommand: readonly string[];
}

/** The rootfs tarball scripts/nodes-rootfs.sh builds (and reuses), or an error naming the fix. */
export function nodeRootfsTarball(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBE_FABRIC_NODE_ROOTFS) return env.KUBE_FABRIC_NODE_ROOTFS; // a tarball of your own
  const built = spawnSync("sh", [join(projectRoot, "scripts/nodes-rootfs.sh")], { encoding: "utf8", timeout: 1_800_000 });
  if (built.status !== 0) throw new Error(`scripts/nodes-rootfs.sh failed (run sh scripts/setup.sh):\n${built.stderr}`);
  return built.stdout.trim().split("\n").pop() as string;
}

/** Extracts the rootfs once for every node of a lab (the nodes' shared, read-only lower layer). */
export async function extractNodeRootfs(tarball: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // The packages cached for the test nodes' containerd step are of no use to a lab node: leave them out.
  const unused = ["./var/local/kube-fabric-debs", "./var/cache/apt/archives/*.deb"].map((path) => `--exclude=${path}`);
  await run("tar", ["-C", dir, "--numeric-owner", ...unused, "-xzf", tarball], { timeoutMs: 600_000 });
}

export interface StartNodeOptions {
  name: string;
  namespace: string;
  /** The extracted rootfs (extractNodeRootfs), never written to. */
  lowerDir: string;
  /** Empty directory: the node's own layer (<workDir>/upper) and its root mount point (<workDir>/root). */
  workDir: string;
  onSpawn: (proc: TrackedProcess) => void;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startLabNode(options: StartNodeOptions): Promise<LabNodeMachine> {
  if (!/^[A-Za-z0-9_./-]+$/.test(options.workDir + options.lowerDir)) {
    throw new Error(`the lab's directory ${options.workDir} holds characters a mount option cannot: use a plain path (KUBE_FABRIC_LAB_DIR)`);
  }
  const root = join(options.workDir, "root");
  const upper = join(options.workDir, "upper");
  const overlayWork = join(options.workDir, "overlay-work");
  for (const dir of [root, join(upper, "etc"), overlayWork]) mkdirSync(dir, { recursive: true });
  // As a freshly installed machine: its own name, no fabric configuration, no kube-fabric files.
  writeFileSync(join(upper, "etc/hostname"), `${options.name}\n`);
  writeFileSync(join(upper, "etc/hosts"), `127.0.0.1 localhost\n127.0.1.1 ${options.name}\n`);
  // No systemd-networkd in a namespace node: `netplan apply` is the lab's stand-in (netplan-stand-in.ts).
  mkdirSync(join(upper, "usr/local/sbin"), { recursive: true });
  writeFileSync(join(upper, NETPLAN_STAND_IN_PATH), renderNetplanStandIn(), { mode: 0o755 });
  const boot = [
    "mount -t proc proc /proc",
    "mount -t sysfs sysfs /sys",
    "mount -t tmpfs -o mode=755 tmpfs /run",
    `hostname ${options.name}`,
    "exec sleep infinity",
  ].join(" && ");
  // The overlay is mounted inside the node's own mount namespace: it goes away with the node's init.
  const overlay = `mount -t overlay kf-node -o lowerdir=${options.lowerDir},upperdir=${upper},workdir=${overlayWork} ${root} && exec chroot ${root} /bin/sh -c "$0"`;
  const unshare = ["unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child", "--propagation", "private", "/bin/sh", "-c", overlay, boot];
  const init = await spawnTracked(`init of node ${options.name}`, "ip", ["netns", "exec", options.namespace, ...unshare], join(options.workDir, "init.log"));
  options.onSpawn(init);
  // unshare forks the node's PID 1; wait for it to be the chroot's `sleep` (its mounts are done then).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (init.hasExited()) throw new Error(`init of node ${options.name} exited (${await init.exited}); see ${init.logFile}`);
    const child = descendantsOf(init.pid).find((process) => process.depth === 1);
    if (child && spawnSync("cat", [`/proc/${child.pid}/comm`], { encoding: "utf8" }).stdout.trim() === "sleep") {
      const loginCommand = ["nsenter", "-t", String(child.pid), "-m", "-u", "-p", "-n", "-r", "-w", "/bin/bash"];
      return { name: options.name, root, init, initPid: child.pid, loginCommand };
    }
    if (Date.now() > deadline) throw new Error(`init of node ${options.name} did not come up within 15 s; see ${init.logFile}`);
    await delay(50);
  }
}
