// A VM lab machine: the node image booted under QEMU (TCG: /dev/kvm here is a PVM hypervisor that a
// stock kernel cannot boot under), on a qcow2 overlay of its own, its NICs tap devices in the
// network namespace QEMU runs in, its per-machine seed (NIC names, management address, SSH keys, the
// site's Debian mirror) handed over through fw_cfg as a cloud image gets its user data.

import { writeFileSync } from "fs";
import { join } from "path";
import { run } from "../exec";
import { spawnTracked, TrackedProcess } from "../processes";

export interface VmImage {
  kernel: string;
  initrd: string;
  /** The raw base image; never written (each machine writes its own overlay). */
  base: string;
}

export interface VmNic {
  /** The tap device in QEMU's namespace. */
  tap: string;
  mac: string;
  /** The name the guest gives the NIC (a systemd .link file matching the MAC). */
  guestName: string;
}

export interface VmSeed {
  /** The management NIC's netplan file. */
  netplan: string;
  sshHostKey: string;
  authorizedKey: string;
  /** /etc/apt/sources.list: the site's Debian mirror. */
  aptSource: string;
}

export interface VmSpec {
  name: string;
  image: VmImage;
  workDir: string;
  memoryMb: number;
  cpus: number;
  nics: readonly VmNic[];
  seed: VmSeed;
}

/** A MAC in QEMU's locally administered range, from a machine index and a NIC index. */
export function vmMac(machineIndex: number, nicIndex: number): string {
  if (machineIndex < 0 || machineIndex > 0xffff || nicIndex < 0 || nicIndex > 0xff) throw new Error(`internal: MAC index out of range`);
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return `52:54:00:${hex(machineIndex >> 8)}:${hex(machineIndex & 0xff)}:${hex(nicIndex)}`;
}

/** The seed files, by fw_cfg key (pure). */
export function seedFiles(spec: VmSpec): Record<string, string> {
  return {
    links: spec.nics.map((nic) => `${nic.mac} ${nic.guestName}`).join("\n"),
    netplan: spec.seed.netplan,
    ssh_host_ed25519_key: spec.seed.sshHostKey,
    authorized_keys: spec.seed.authorizedKey,
    apt_source: spec.seed.aptSource,
  };
}

export function overlayPath(spec: Pick<VmSpec, "workDir" | "name">): string {
  return join(spec.workDir, `${spec.name}.qcow2`);
}

/** Where the VM's serial console is written: what to read when it does not boot. */
export function consoleLogPath(workDir: string): string {
  return join(workDir, "console.log");
}

/** QEMU's argv (pure). */
export function qemuArgs(spec: VmSpec): string[] {
  const args = [
    "-name", spec.name,
    // TCG's default translation cache (1 GiB) rather than 256 MiB: memory is plentiful here, CPU is
    // not, and a smaller cache is flushed and retranslated sooner (not measured apart from the rest).
    "-accel", "tcg,thread=multi",
    // No 5-level paging: every softmmu TLB miss walks one page-table level less.
    "-cpu", "max,-la57",
    "-m", String(spec.memoryMb),
    "-smp", String(spec.cpus),
    "-kernel", spec.image.kernel,
    "-initrd", spec.image.initrd,
    // tsc=reliable: TCG's TSC is the host's (one clock for every vCPU), but the guest sees no
    // invariant-TSC flag, marks it unstable and falls back to the HPET, whose every read is an emulated
    // MMIO access under QEMU's global lock: 64 % system time on a loaded control plane.
    "-append", "root=/dev/vda rw console=ttyS0 quiet tsc=reliable",
    "-drive", `file=${overlayPath(spec)},if=virtio,format=qcow2,cache=unsafe`,
    "-display", "none",
    "-serial", `file:${consoleLogPath(spec.workDir)}`,
    "-monitor", "none",
    "-no-reboot",
  ];
  spec.nics.forEach((nic, index) => {
    args.push("-netdev", `tap,id=n${index},ifname=${nic.tap},script=no,downscript=no`, "-device", `virtio-net-pci,netdev=n${index},mac=${nic.mac}`);
  });
  for (const key of Object.keys(seedFiles(spec))) {
    args.push("-fw_cfg", `name=opt/kube-fabric/${key},file=${join(spec.workDir, `seed-${key}`)}`);
  }
  return args;
}

/** Writes the overlay and the seed, then starts QEMU inside `namespace` as our tracked child. */
export async function startVm(spec: VmSpec, namespace: string, onSpawn: (proc: TrackedProcess) => void): Promise<TrackedProcess> {
  await run("qemu-img", ["create", "-q", "-f", "qcow2", "-b", spec.image.base, "-F", "raw", overlayPath(spec)]);
  for (const [key, content] of Object.entries(seedFiles(spec))) {
    writeFileSync(join(spec.workDir, `seed-${key}`), content.endsWith("\n") ? content : `${content}\n`, { mode: 0o600 });
  }
  const proc = await spawnTracked(
    `vm ${spec.name}`,
    "ip",
    ["netns", "exec", namespace, "nice", "-n", "10", "qemu-system-x86_64", ...qemuArgs(spec)],
    join(spec.workDir, "qemu.log"),
  );
  onSpawn(proc);
  return proc;
}
