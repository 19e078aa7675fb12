// The local lab of a stack, as the scripts use it: where its files live, bringing it up from a
// stack's plan (and writing the lab stack), its status, and taking it down.

import { existsSync } from "fs";
import { join, resolve } from "path";
import { buildPlan } from "../../components/plan/build-plan";
import { FabricPlan } from "../../components/plan/plan-types";
import { labDown, LabDownReport } from "./down";
import { labLayout } from "./layout";
import { calicoLabStart, isLabWritten, labTopology, newPassphrase, readStackTopology, writeLabStack } from "./lab-stack";
import { calicoPodsFile, CalicoLabStart } from "./calico-tier";
import { readPods } from "./calico-agent";
import { labCalicoRelease } from "../calico-release";
import { nodeRootfsTarball } from "./lab-node";
import { NodeBgpIntent } from "./node-bgp";
import { labPulumi, pulumiOk } from "./pulumi-cli";
import { LabState, readLabState } from "./state";
import { labUp, RunningLab } from "./up";
import { writeFileSync } from "fs";
import { buildDepot, KUBERNETES_REPOSITORY_PATH } from "../vm/depot-content";
import { depotUrl, managementOverlaps, MANAGEMENT_GATEWAY, MANAGEMENT_NETWORK, MANAGEMENT_PREFIX_LENGTH } from "../vm/management";
import { vmLabInputs } from "../vm/vm-inputs";
import { preloadedImage } from "../vm/preloaded-image";
import { PINGER_IMAGE } from "../vm/calico-images";
import { cacheRoot } from "../kube-binaries";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");
export const DEFAULT_SOURCE_STACK = "dev";
export const DEFAULT_LAB_STACK = "lab";

export interface LabPaths {
  projectDir: string;
  sourceStack: string;
  labStack: string;
  sourceFile: string;
  stackFile: string;
  /** Everything of the lab's: state.json, keys, FRR/sshd/BIRD dirs, node rootfs, the Pulumi backend, the passphrase. */
  stateDir: string;
}

/** State lives in <project>/.lab/<lab stack> (gitignored) unless KUBE_FABRIC_LAB_DIR says otherwise. */
export function labPaths(sourceStack = DEFAULT_SOURCE_STACK, labStack = DEFAULT_LAB_STACK, env: NodeJS.ProcessEnv = process.env): LabPaths {
  if (!/^[A-Za-z0-9_.-]{1,60}$/.test(labStack) || !/^[A-Za-z0-9_.-]{1,60}$/.test(sourceStack)) {
    throw new Error("stack names are letters, digits, '_', '.', '-'");
  }
  const base = env.KUBE_FABRIC_LAB_DIR || join(PROJECT_ROOT, ".lab");
  return {
    projectDir: PROJECT_ROOT,
    sourceStack,
    labStack,
    sourceFile: join(PROJECT_ROOT, `Pulumi.${sourceStack}.yaml`),
    stackFile: join(PROJECT_ROOT, `Pulumi.${labStack}.yaml`),
    stateDir: resolve(base, labStack),
  };
}

const PLAN_SECRETS = { switchPassword: true, switchPrivateKey: true, nodePassword: true, nodePrivateKey: true };

/**
 * The stack's plan as the lab needs it: fabric, nodes, hosts. The Calico stage's own plan needs the
 * cluster (its pools and blocks), which the lab starts and the program reads: left out here.
 */
export function planOfStack(stackFile: string): { topology: unknown; plan: FabricPlan } {
  const topology = readStackTopology(stackFile);
  const fabricOnly = structuredClone(topology) as { calico?: Record<string, unknown> };
  if (fabricOnly.calico) {
    delete fabricOnly.calico.routing;
    delete fabricOnly.calico.start;
  }
  return { topology, plan: buildPlan({ topology: fabricOnly, secrets: PLAN_SECRETS }) };
}

/** What the lab does not run or model, for the end of `npm start` and the README. */
export function notModelled(plan: FabricPlan, calico = false): string[] {
  const eos = plan.devices.filter((d) => d.dialect === "eos").map((d) => d.name);
  const uplinks = plan.devices.flatMap((d) => (d.role === "spine" ? d.underlay.interfaces.filter((i) => i.address === "dhcp").map((i) => `${d.name} ${i.name}`) : []));
  return [
    ...(eos.length > 0 ? [`EOS: ${eos.join(", ")} are EOS in the source stack and run FRR here (dialect: frr); EOS itself is tested against the EOS double`] : []),
    ...(calico
      ? [
          "Kubernetes: a real control plane (etcd, kube-apiserver, kube-controller-manager on 127.0.0.1) but no kubelet or container runtime (no packages or images can be fetched here): no node bootstrap or kubeadm; Node objects written as kubelet would",
          "calico-node: Calico's own confd and BIRD per node; tunl0 is a VXLAN link carrying the tunnel's packets node to node (this kernel has no ipip module); no Felix or CNI plugin: IPAM blocks and pods (namespaces with a cali* veth) made by the lab's calico agent",
        ]
      : [
          "Kubernetes: kubernetes.provision is existing and there is no cluster (no Kubernetes packages or images can be fetched here): no node bootstrap, kubeadm or Calico stage ran",
          "pods: a few addresses of each node's block on its loopback, the block announced by BIRD as calico-node's BIRD would; no pod namespaces or Calico IPAM",
        ]),
    "netplan apply: lab nodes have no systemd-networkd; the lab's `netplan apply` runs the real `netplan generate` and sets what networkd would from its files with ip (lab/stack-lab/netplan-stand-in.ts)",
    ...(uplinks.length > 0 ? [`internet uplink: ${uplinks.join(", ")} is configured but not cabled (no DHCP, no default route)`] : []),
    "management network: every sshd listens on 127.0.0.1 of this machine, not inside the device",
  ];
}

function nodeBgpIntents(plan: FabricPlan): Map<string, NodeBgpIntent> {
  return new Map(
    plan.nodes.map((node) => [
      node.name,
      {
        node: node.name,
        routerId: node.fabricAddress.split("/")[0],
        asn: node.asn,
        leafAddress: node.leafPeerAddress,
        leafAsn: node.leafAsn,
        podBlock: node.podBlock,
      },
    ]),
  );
}

export interface LabUpResult extends RunningLab {
  plan: FabricPlan;
}

export interface LabUpChoices {
  /** Overrides the stack's calico.start (a stack with calico settings only). */
  calicoStart?: CalicoLabStart;
  /**
   * vm: nodes are Debian 12 VMs under QEMU, bootstrapped by the program's own node steps and kubeadm
   * (lab/vm); namespace (default): nodes are namespaces with a Debian rootfs and BIRD, no Kubernetes.
   */
  nodes?: "namespace" | "vm";
}

/** How long a VM may take to boot to SSH under TCG, several at once on two cores. */
export const VM_BOOT_TIMEOUT_MS = 600_000;

export function vmNotModelled(plan: FabricPlan): string[] {
  const eos = plan.devices.filter((d) => d.dialect === "eos").map((d) => d.name);
  return [
    ...(eos.length > 0 ? [`EOS: ${eos.join(", ")} are EOS in the source stack and run FRR here (dialect: frr); EOS itself is tested against the EOS double`] : []),
    "nodes: Debian 12 VMs under QEMU's TCG (no KVM here), each on its own overlay of one image that already holds the depot's container images; packages and the test pods' image come from the lab's depot on the management network, as at an air-gapped site",
    ...(plan.calico.stage ? [] : ["CNI: none is installed by kubeadm; nodes are NotReady until Calico runs (Pulumi.vm-calico.yaml installs it)"]),
    "management network: a bridge in its own namespace; the host reaches each VM's sshd through a forwarder on 127.0.0.1",
  ];
}

/** lab:up: refuses when a lab of that name is up (or its stack file is not the lab's own). */
export async function bringLabUp(paths: LabPaths, progress: (line: string) => void, choices: LabUpChoices = {}): Promise<LabUpResult> {
  if (!existsSync(paths.sourceFile)) throw new Error(`${paths.sourceFile} not found: name an existing stack (npm run lab:up -- dev)`);
  const existing = readLabState(paths.stateDir);
  if (existing) throw new Error(`a lab is already up for stack ${paths.labStack} (${existing.labId}, ${paths.stateDir}): npm run lab:down${paths.labStack === DEFAULT_LAB_STACK ? "" : ` -- --as ${paths.labStack}`} first`);
  if (!isLabWritten(paths.stackFile)) throw new Error(`${paths.stackFile} exists and was not written by lab:up: move it away or pick another lab stack name (--as NAME)`);
  const { topology, plan } = planOfStack(paths.sourceFile);
  const layout = labLayout(plan);
  const calicoStart = calicoLabStart(topology, choices.calicoStart);
  progress(`plan of stack ${paths.sourceStack}: ${plan.devices.length} switches, ${plan.nodes.length} nodes, ${plan.hosts.length} hosts, ${layout.cables.length} cables`);
  const vmNodes = choices.nodes === "vm";
  if (vmNodes && calicoStart === "defaults") throw new Error("--nodes vm: a cluster kube-fabric builds with kubeadm starts without Calico: use calico.start fresh");
  const overlaps = vmNodes ? managementOverlaps(plan) : [];
  if (overlaps.length > 0) {
    throw new Error(`--nodes vm: the VM lab's management network ${MANAGEMENT_NETWORK}/${MANAGEMENT_PREFIX_LENGTH} overlaps the plan's ${overlaps.join(", ")}: move those addresses out of it`);
  }
  const vmInputs = vmNodes ? vmLabInputs(paths.projectDir) : undefined;
  const depotDir = vmInputs ? await buildDepot(cacheRoot(), vmInputs.depot, progress) : undefined;
  // The test pods' image stays in the depot only: pulling it exercises the stack's registryMirrors.
  // The site's resolver is the management gateway (nothing outside the lab answers; CoreDNS needs one).
  const vmImage = vmInputs && depotDir
    ? await preloadedImage(paths.projectDir, vmInputs.image, depotDir, vmInputs.depot.debianDebs, [PINGER_IMAGE], { "etc/resolv.conf": `nameserver ${MANAGEMENT_GATEWAY}\n` }, progress)
    : undefined;
  const tarball = vmNodes ? "" : nodeRootfsTarball(paths.projectDir);
  const lab = await labUp({
    layout,
    nodeBgp: nodeBgpIntents(plan),
    sourceStack: paths.sourceStack,
    labStack: paths.labStack,
    stackFile: paths.stackFile,
    stateDir: paths.stateDir,
    nodeTarball: tarball,
    notModelled: vmNodes ? vmNotModelled(plan) : notModelled(plan, calicoStart !== undefined),
    vm: vmImage && depotDir ? { image: vmImage, depotDir, controlPlane: plan.kubernetes.controlPlaneNode, bootTimeoutMs: VM_BOOT_TIMEOUT_MS } : undefined,
    calico: calicoStart && !vmNodes
      ? { start: calicoStart, serviceCidr: plan.kubernetes.serviceCidr, fabricAddresses: new Map(plan.nodes.map((n) => [n.name, n.fabricAddress])) }
      : undefined,
    progress,
  });
  try {
    if (calicoStart === "defaults") {
      progress("calico: waiting for the cluster on Calico's defaults to run its pods (calico-node stand-ins, IPAM)");
      await waitForCalicoPods(paths.stateDir, plan.nodes.map((n) => n.name), 300_000);
    }
    writeFileSync(join(paths.stateDir, "passphrase"), newPassphrase() + "\n", { mode: 0o600 });
    progress(`stack ${paths.labStack}: writing ${paths.stackFile} (secrets under the lab's own passphrase)`);
    for (const name of lab.state.dialectChanges) progress(`  ${name}: dialect eos in Pulumi.${paths.sourceStack}.yaml, frr in the lab`);
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    const depot = depotUrl().replace(/\/$/, "");
    const apiAccess = lab.state.apiAccess;
    const vmConfig = vmNodes && apiAccess
      ? { packageRepository: `${depotUrl()}${KUBERNETES_REPOSITORY_PATH}`, registryMirrors: { "registry.k8s.io": [depot], "docker.io": [depot] }, apiAccess }
      : undefined;
    const labConfig = labTopology(topology, lab.state.endpoints, calicoStart ? { start: calicoStart, manifest: labCalicoRelease().manifest } : undefined, vmConfig);
    writeLabStack(cli, paths.stackFile, labConfig, paths.sourceStack, lab.clientKey.privateKey);
    if (lab.calico) {
      progress(`stack ${paths.labStack}: the cluster's admin kubeconfig as the secret kube-fabric:kubeconfig (calico.start ${calicoStart})`);
      pulumiOk(cli, ["config", "set", "--secret", "kube-fabric:kubeconfig", "--stack", cli.stack, "--non-interactive"], lab.calico.kubeconfig);
    }
  } catch (error) {
    await labDown(paths.stateDir).catch(() => undefined);
    throw error;
  }
  return { ...lab, plan };
}

/** Until the calico agent has made every node's pods (pods.json), or an error naming its log. */
export async function waitForCalicoPods(stateDir: string, nodes: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const withPods = new Set(readPods(calicoPodsFile(stateDir)).map((p) => p.node));
    if (nodes.every((n) => withPods.has(n))) return;
    if (Date.now() > deadline) {
      throw new Error(`no pods on ${nodes.filter((n) => !withPods.has(n)).join(", ")} after ${timeoutMs / 1000} s: see ${join(stateDir, "calico", "agent.log")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function takeLabDown(paths: LabPaths, progress?: (line: string) => void): Promise<LabDownReport | undefined> {
  return labDown(paths.stateDir, progress);
}

export function labState(paths: LabPaths): LabState | undefined {
  return readLabState(paths.stateDir);
}

/** `ssh` command lines for every device of the lab. */
export function sshLines(state: LabState): string[] {
  const key = join(state.stateDir, "client_ed25519");
  const knownHosts = join(state.stateDir, "known_hosts");
  return state.endpoints.map(
    (e) => `${e.name.padEnd(10)} ssh -i ${key} -o UserKnownHostsFile=${knownHosts} -p ${e.port} ${e.user}@${e.host}`,
  );
}
