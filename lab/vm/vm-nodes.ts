// The lab's Kubernetes nodes as VMs: per node, QEMU in the node's namespace with two taps, each
// bridged to a cable: the fabric NIC to the leaf's port (the veth pair lab:up already laid, under
// the planned names), the management NIC to the management bridge. SSH reaches the VM through a
// forwarder on 127.0.0.1; the VM's host key is made here and pinned in the stack.

import { mkdirSync } from "fs";
import { connect } from "net";
import { join } from "path";
import { TrackedProcess } from "../processes";
import { generateEd25519KeyPair } from "../ssh-keys";
import { Forwarder, startForwarder } from "./forwarder";
import { consoleLogPath, VmImage, vmMac, startVm } from "./machine";
import { addTap, bridgeInterfaces, cableToManagement, depotUrl, MANAGEMENT_GATEWAY, MANAGEMENT_PREFIX_LENGTH, managementAddress } from "./management";
import { DEBIAN_REPOSITORY_PATH } from "./depot-content";

export const MANAGEMENT_NIC = "mgmt0";
/** Memory and vCPUs: the control plane runs etcd and the API server (the recipe's measured sizes). */
export const CONTROL_PLANE_SIZE = { memoryMb: 2560, cpus: 2 };
export const WORKER_SIZE = { memoryMb: 1536, cpus: 1 };

export interface VmNodeRequest {
  name: string;
  /** The planned fabric NIC (the cable's node end, already in the node's namespace). */
  nic: string;
  controlPlane: boolean;
}

export interface VmNodeRunning {
  name: string;
  /** Its overlay, seed, console log and host key. */
  workDir: string;
  managementAddress: string;
  ssh: Forwarder;
  hostKey: string;
  vm: TrackedProcess;
}

export interface StartVmNodeOptions {
  node: VmNodeRequest;
  index: number;
  namespace: string;
  managementNamespace: string;
  image: VmImage;
  workDir: string;
  authorizedKey: string;
  onSpawn: (proc: TrackedProcess) => void;
}

export function managementNetplan(address: string): string {
  return [
    "network:",
    "  version: 2",
    "  renderer: networkd",
    "  ethernets:",
    `    ${MANAGEMENT_NIC}:`,
    `      addresses: [${address}/${MANAGEMENT_PREFIX_LENGTH}]`,
    `      routes: [{to: default, via: ${MANAGEMENT_GATEWAY}}]`,
    "",
  ].join("\n");
}

export function siteAptSource(): string {
  return `deb [trusted=yes] ${depotUrl()}${DEBIAN_REPOSITORY_PATH} ./`;
}

export async function startVmNode(options: StartVmNodeOptions): Promise<VmNodeRunning> {
  const { node, index, namespace, workDir } = options;
  mkdirSync(workDir, { recursive: true });
  // The fabric cable's node end becomes a bridge port; the VM's NIC is the tap on the same bridge.
  await addTap(namespace, "fabric-tap");
  await bridgeInterfaces(namespace, "fabric-br", [node.nic, "fabric-tap"]);
  await cableToManagement(namespace, "mgmt-up", options.managementNamespace, `m${index}`);
  await addTap(namespace, "mgmt-tap");
  await bridgeInterfaces(namespace, "mgmt-br", ["mgmt-up", "mgmt-tap"]);
  const address = managementAddress(index);
  const hostKey = await generateEd25519KeyPair(join(workDir, "ssh_host_ed25519_key"), `${node.name} (kube-fabric VM lab)`);
  const size = node.controlPlane ? CONTROL_PLANE_SIZE : WORKER_SIZE;
  const vm = await startVm(
    {
      name: node.name,
      image: options.image,
      workDir,
      ...size,
      nics: [
        { tap: "fabric-tap", mac: vmMac(index, 1), guestName: node.nic },
        { tap: "mgmt-tap", mac: vmMac(index, 2), guestName: MANAGEMENT_NIC },
      ],
      seed: { netplan: managementNetplan(address), sshHostKey: hostKey.privateKey, authorizedKey: options.authorizedKey, aptSource: siteAptSource() },
    },
    namespace,
    options.onSpawn,
  );
  const ssh = await startForwarder(`${node.name}-ssh`, options.managementNamespace, address, 22, workDir, options.onSpawn);
  return { name: node.name, workDir, managementAddress: address, ssh, hostKey: hostKey.publicKey, vm };
}

/** Until the VM's sshd greets through the forwarder (boot under TCG: 25–40 s alone, more side by side). */
export async function awaitSshBanner(node: VmNodeRunning, timeoutMs: number): Promise<number> {
  const consoleLog = consoleLogPath(node.workDir);
  const started = Date.now();
  for (;;) {
    const banner = await new Promise<string>((resolve) => {
      const socket = connect(node.ssh.port, node.ssh.host);
      let data = "";
      const done = (value: string) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(5000, () => done(data));
      socket.on("data", (chunk) => {
        data += chunk.toString("latin1");
        if (data.includes("\n")) done(data);
      });
      socket.on("error", () => done(""));
      socket.on("close", () => done(data));
    });
    if (banner.startsWith("SSH-2.0-")) return Date.now() - started;
    if (node.vm.hasExited()) throw new Error(`VM ${node.name} exited during boot (${await node.vm.exited}): see ${consoleLog}`);
    if (Date.now() - started > timeoutMs) throw new Error(`VM ${node.name}: no SSH after ${timeoutMs / 1000} s: see ${consoleLog}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
