// `lab:up`: the stack's topology on this machine, left running after the command exits. Per switch a
// namespace with FRR in its base state (hostname, cabled interfaces up, nothing kube-fabric
// configures) behind its own sshd on 127.0.0.1; per node a fresh Debian rootfs in its namespace with
// BIRD as its BGP speaker and a few pod addresses; per host (the client) its address and route.
// Every namespace, path and process is recorded in the state file before or as it comes to exist;
// on any failure everything recorded is stopped and removed again.

import { randomBytes } from "crypto";
import { existsSync, mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { run } from "../exec";
import { inPool } from "../pool";
import { ensureFrrInstalled } from "../frr-install";
import { startFrrRouter } from "../frr-router";
import { addAddress, addVethPair, createNamespace, namespaceExists, setLinkUp } from "../netns";
import { TrackedProcess } from "../processes";
import { generateEd25519KeyPair, SshKeyPair } from "../ssh-keys";
import { startSshd } from "../sshd";
import { stopLab } from "./down";
import { LabLayout } from "./layout";
import { extractNodeRootfs, startLabNode } from "./lab-node";
import { BIRD, NodeBgpIntent, startNodeBgp } from "./node-bgp";
import { LabEndpoint, LabState, LabStateRecorder } from "./state";
import { CalicoLabStart, CalicoTier, startCalicoTier } from "./calico-tier";
import { VmImage } from "../vm/machine";
import { createManagementNetwork, startDepot } from "../vm/management";
import { awaitSshBanner, startVmNode, VmNodeRunning } from "../vm/vm-nodes";
import { startForwarder } from "../vm/forwarder";
import { API_SERVER_PORT } from "../../components/plan/api-access";

/** Where a lab node's pod addresses live (Calico puts them in per-pod namespaces; this kernel may lack dummy links). */
export const POD_INTERFACE = "lo";
const INPUTRC = "# Keep the CLI byte stream plain for programs driving it over a pty.\nset enable-bracketed-paste off\n";

export interface LabUpOptions {
  layout: LabLayout;
  /** The node's BGP intent (AS, leaf, block), by node name. */
  nodeBgp: ReadonlyMap<string, NodeBgpIntent>;
  sourceStack: string;
  labStack: string;
  stackFile: string;
  stateDir: string;
  /** The rootfs tarball of the nodes (lab-node.ts nodeRootfsTarball). */
  nodeTarball: string;
  notModelled: string[];
  /**
   * A stack with calico settings: a control plane and the calico agent instead of node-bgp.ts's BIRD
   * and loopback pods (calico-tier.ts). fabricAddresses: node → its fabric address with prefix length.
   */
  calico?: { start: CalicoLabStart; serviceCidr: string; fabricAddresses: ReadonlyMap<string, string> };
  /**
   * Nodes as VMs (lab/vm): the node image and the depot (package repositories and images) the
   * management network serves. Without it nodes are namespaces with a Debian rootfs.
   */
  vm?: { image: VmImage; depotDir: string; controlPlane: string; bootTimeoutMs: number };
  /** One line per device and phase, as it happens. */
  progress: (line: string) => void;
}

export interface RunningLab {
  state: LabState;
  /** Set for a stack with calico settings. */
  calico?: CalicoTier;
  clientKey: SshKeyPair;
  knownHosts: string;
}

async function checkHost(): Promise<void> {
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error("the lab needs root (network namespaces, FRR, chroot): run it as root, e.g. sudo npm run lab:up");
  }
  await ensureFrrInstalled();
  for (const [path, fix] of [
    ["/usr/sbin/sshd", "apt-get install -y openssh-server"],
    [BIRD, "apt-get install -y bird (or sh scripts/setup.sh)"],
    ["/usr/bin/nsenter", "apt-get install -y util-linux"],
    ["/usr/bin/unshare", "apt-get install -y util-linux"],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} not found: ${fix}`);
  }
}


export async function labUp(options: LabUpOptions): Promise<RunningLab> {
  await checkHost();
  const { layout, progress } = options;
  const labId = `kfl-${process.pid}-${randomBytes(2).toString("hex")}`;
  const recorder = new LabStateRecorder({
    version: 1,
    labId,
    sourceStack: options.sourceStack,
    labStack: options.labStack,
    stateDir: options.stateDir,
    stackFile: options.stackFile,
    startedAt: new Date().toISOString(),
    complete: false,
    namespaces: [],
    processes: [],
    paths: [],
    endpoints: [],
    dialectChanges: layout.switches.filter((s) => s.sourceDialect !== "frr").map((s) => s.name),
    notModelled: options.notModelled,
  });
  const { state } = recorder;
  const record = (proc: TrackedProcess) => recorder.process(proc.label, proc.pid);
  const namespaceOf = (device: string) => `${labId}-${device}`;
  try {
    writeFileSync(join(state.stateDir, "inputrc"), INPUTRC, { mode: 0o644 });
    const clientKey = await generateEd25519KeyPair(join(state.stateDir, "client_ed25519"), `kube-fabric-lab-${labId}`);

    progress("namespaces and cables");
    const devices = [
      ...layout.switches.map((s) => ({ name: s.name, forwarding: true })),
      // Nodes and hosts as a fresh server has them: forwarding off.
      ...layout.nodes.map((n) => ({ name: n.name, forwarding: false })),
      ...layout.hosts.map((h) => ({ name: h.name, forwarding: false })),
    ];
    for (const device of devices) {
      const namespace = namespaceOf(device.name);
      if (namespaceExists(namespace)) throw new Error(`namespace ${namespace} already exists`);
      recorder.namespace(namespace);
      await createNamespace(namespace, { forwarding: device.forwarding });
    }
    for (const cable of layout.cables) {
      const a = { namespace: namespaceOf(cable.a.device), name: cable.a.interface };
      const b = { namespace: namespaceOf(cable.b.device), name: cable.b.interface };
      await addVethPair(a, b);
      await setLinkUp(a);
      await setLinkUp(b);
      progress(`  ${cable.a.device} ${cable.a.interface} <-> ${cable.b.device} ${cable.b.interface}`);
    }
    for (const sw of layout.switches) {
      // FRR keeps the port's config as a real switch would; the kernel interface just is not there.
      for (const port of sw.unwiredPorts) progress(`  ${sw.name} ${port}: not cabled (no internet in the lab)`);
    }

    const startLogin = async (name: string, kind: LabEndpoint["kind"], dir: string, loginCommand: readonly string[], env: Record<string, string>) => {
      mkdirSync(dir, { recursive: true });
      const sshd = await startSshd({ label: name, workDir: dir, loginCommand, loginEnvironment: env, authorizedKey: clientKey.publicKey, onSpawn: record });
      recorder.endpoint({ name, kind, namespace: namespaceOf(name), host: sshd.host, port: sshd.port, user: sshd.user, hostKey: sshd.hostKey, sshdDir: dir });
      return sshd;
    };

    progress("switches: FRR in its base state, sshd on 127.0.0.1");
    await inPool(layout.switches, 3, async (sw) => {
      const dir = join(state.stateDir, "switches", sw.name);
      mkdirSync(join(dir, "frr"), { recursive: true });
      const pathspace = namespaceOf(sw.name);
      recorder.path(join("/var/run/frr", pathspace));
      const router = await startFrrRouter({ name: sw.name, namespace: pathspace, pathspace, workDir: join(dir, "frr"), onSpawn: record });
      const sshd = await startLogin(sw.name, "switch", join(dir, "sshd"), router.vtyshCommand, { INPUTRC: join(state.stateDir, "inputrc") });
      progress(`  ${sw.name}: FRR up (${sw.sourceDialect === "frr" ? "frr" : `${sw.sourceDialect} in the source stack, frr here`}), ssh 127.0.0.1:${sshd.port}`);
    });

    if (options.vm) {
      await startVmNodes(options.vm);
    } else {
      await startNamespaceNodes();
    }

    async function startVmNodes(vm: NonNullable<LabUpOptions["vm"]>): Promise<void> {
      progress("management network: a bridge in its own namespace, the depot (package repositories, images) on it");
      const managementNamespace = `${labId}-mgmt`;
      recorder.namespace(managementNamespace);
      await createManagementNetwork(managementNamespace);
      await startDepot(managementNamespace, vm.depotDir, state.stateDir, record);
      progress(`nodes: Debian 12 VMs under QEMU (TCG), fabric NIC bridged to the leaf's port, SSH through 127.0.0.1`);
      const running: VmNodeRunning[] = [];
      for (const [index, node] of layout.nodes.entries()) {
        running.push(
          await startVmNode({
            node: { name: node.name, nic: node.nic, controlPlane: node.name === vm.controlPlane },
            index,
            namespace: namespaceOf(node.name),
            managementNamespace,
            image: vm.image,
            workDir: join(state.stateDir, "vms", node.name),
            authorizedKey: clientKey.publicKey,
            onSpawn: record,
          }),
        );
      }
      await Promise.all(
        running.map(async (node) => {
          const ms = await awaitSshBanner(node, vm.bootTimeoutMs);
          recorder.endpoint({ name: node.name, kind: "node", namespace: namespaceOf(node.name), host: node.ssh.host, port: node.ssh.port, user: "root", hostKey: node.hostKey, sshdDir: node.workDir });
          progress(`  ${node.name}: booted, ssh 127.0.0.1:${node.ssh.port} in ${(ms / 1000).toFixed(0)} s (management ${node.managementAddress})`);
        }),
      );
      const controlPlane = running.find((node) => node.name === vm.controlPlane);
      if (!controlPlane) throw new Error(`internal: no VM for the control plane ${vm.controlPlane}`);
      const api = await startForwarder(`${controlPlane.name}-api`, managementNamespace, controlPlane.managementAddress, API_SERVER_PORT, state.stateDir, record);
      recorder.apiAccess({ host: api.host, port: api.port });
      progress(`  ${controlPlane.name}: its API server (once kubeadm init ran) at https://127.0.0.1:${api.port}`);
    }

    async function startNamespaceNodes(): Promise<void> {
      progress("nodes: fresh Debian rootfs, sshd on 127.0.0.1, BIRD, pod addresses");
      const lowerDir = join(state.stateDir, "nodes", ".rootfs");
      if (layout.nodes.length > 0) await extractNodeRootfs(options.nodeTarball, lowerDir);
      await inPool(layout.nodes, 2, async (node) => {
        const dir = join(state.stateDir, "nodes", node.name);
        mkdirSync(dir, { recursive: true });
        const machine = await startLabNode({ name: node.name, namespace: namespaceOf(node.name), lowerDir, workDir: dir, onSpawn: record });
        const sshd = await startLogin(node.name, "node", join(dir, "sshd"), machine.loginCommand, {});
        if (options.calico) {
          progress(`  ${node.name}: up, ssh 127.0.0.1:${sshd.port} (BGP and pods: the calico agent)`);
          return;
        }
        // Pods stand-in: their addresses as /32s on the node's loopback (Calico: a veth per pod).
        const pods = { namespace: namespaceOf(node.name), name: POD_INTERFACE };
        for (const address of node.podAddresses) await addAddress(pods, `${address}/32`);
        const intent = options.nodeBgp.get(node.name);
        if (!intent) throw new Error(`internal: no BGP intent for node ${node.name}`);
        mkdirSync(join(dir, "bird"), { recursive: true });
        await startNodeBgp({ intent, namespace: namespaceOf(node.name), workDir: join(dir, "bird"), onSpawn: record });
        progress(`  ${node.name}: up, ssh 127.0.0.1:${sshd.port}, BIRD AS ${intent.asn} -> ${intent.leafAddress} (AS ${intent.leafAsn}), pods ${node.podAddresses.join(" ")}`);
      });
    }

    let calico: CalicoTier | undefined;
    if (options.calico) {
      const { start, serviceCidr, fabricAddresses } = options.calico;
      calico = await startCalicoTier({
        start,
        serviceCidr,
        stateDir: state.stateDir,
        nodes: layout.nodes.map((node) => {
          const fabricAddress = fabricAddresses.get(node.name);
          if (!fabricAddress) throw new Error(`internal: no fabric address for node ${node.name}`);
          return { name: node.name, namespace: namespaceOf(node.name), fabricAddress };
        }),
        onSpawn: record,
        recordNamespace: (name) => recorder.namespace(name),
        progress,
      });
    }

    progress("hosts: address and route, sshd on 127.0.0.1");
    for (const host of layout.hosts) {
      const namespace = namespaceOf(host.name);
      await addAddress({ namespace, name: host.nic }, host.address);
      await run("ip", ["-n", namespace, "route", "add", "default", "via", host.gateway, "dev", host.nic]);
      const shell = ["ip", "netns", "exec", namespace, "/bin/bash"];
      const sshd = await startLogin(host.name, "host", join(state.stateDir, "hosts", host.name), shell, {});
      progress(`  ${host.name}: ${host.address} via ${host.gateway}, ssh 127.0.0.1:${sshd.port}`);
    }

    const knownHosts = join(state.stateDir, "known_hosts");
    writeFileSync(knownHosts, state.endpoints.map((e) => `[${e.host}]:${e.port} ${e.hostKey}\n`).join(""));
    state.complete = true;
    recorder.save();
    return { state, clientKey, knownHosts, calico };
  } catch (error) {
    progress(`lab:up failed, removing what it started: ${error instanceof Error ? error.message : String(error)}`);
    await stopLab(state).catch((stopError: unknown) => progress(`cleanup incomplete: ${String(stopError)} (run npm run lab:down)`));
    throw error;
  }
}
