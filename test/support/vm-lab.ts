// The VM tier's lab: a stack's nodes as Debian 12 VMs (lab:up --nodes vm), the lab stack through the
// Automation API on the built engine, and the checks every VM test ends with (lab:down leaves nothing).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { bringLabUp, labPaths, LabPaths, takeLabDown } from "../../lab/stack-lab";
import { labPulumi } from "../../lab/stack-lab/pulumi-cli";
import { LabState, readLabState } from "../../lab/stack-lab/state";
import { listNamespaces } from "../../lab/netns";
import { isRunning } from "../../lab/processes";
import { FabricPlan } from "../../components/plan/plan-types";
import { enginePulumiCommand, requireEngine } from "../../tools/engine/engine-env";
import { sshExec } from "./lab-ssh";

export interface VmLab {
  tmp: string;
  paths: LabPaths;
  state: LabState;
  stack: Stack;
  plan: FabricPlan;
}

export interface KubeNode {
  metadata: { name: string };
  status: {
    nodeInfo: { kubeletVersion: string; osImage: string; containerRuntimeVersion: string };
    addresses: { type: string; address: string }[];
    conditions: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export async function vmLabUp(sourceStack: string): Promise<VmLab> {
  requireEngine();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-vm-"));
  fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
  const paths = labPaths(sourceStack, `${sourceStack}-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
  try {
    const lab = await bringLabUp(paths, (line) => console.log(`    lab:up ${line}`), { nodes: "vm" });
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    const stack = await LocalWorkspace.selectStack({ stackName: paths.labStack, workDir: paths.projectDir }, { pulumiCommand: await enginePulumiCommand(), envVars: cli.env });
    return { tmp, paths, state: lab.state, stack, plan: lab.plan };
  } catch (error) {
    await takeLabDown(paths).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** After a failure: whatever is left goes. */
export async function vmLabCleanup(lab: VmLab | undefined): Promise<void> {
  if (!lab) return;
  await takeLabDown(lab.paths).catch(() => undefined);
  fs.rmSync(lab.tmp, { recursive: true, force: true });
}

/** kubectl on the control plane, with its admin kubeconfig. */
export function kubectl(lab: VmLab, args: string): Promise<string> {
  return sshExec(lab.state, lab.plan.kubernetes.controlPlaneNode, `kubectl --kubeconfig /etc/kubernetes/admin.conf ${args}`);
}

export async function kubeNodes(lab: VmLab): Promise<Map<string, KubeNode>> {
  const nodes = JSON.parse(await sshExec(lab.state, lab.plan.kubernetes.controlPlaneNode, "kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o json")) as { items: KubeNode[] };
  return new Map(nodes.items.map((n) => [n.metadata.name, n]));
}

/**
 * One `pulumi up` of the lab stack (succeeds; its time printed), then every planned node registered
 * with the API server: kubelet v1.28.15 on Debian 12 and containerd 1.6, its fabric address as its
 * InternalIP. Returns the nodes, for what each test asserts of their readiness.
 */
export async function upAndRegisteredNodes(lab: VmLab): Promise<Map<string, KubeNode>> {
  let output = "";
  const started = Date.now();
  const up = await lab.stack.up({ onOutput: (out) => (output += out) });
  assert.equal(up.summary.result, "succeeded", output.slice(-4000));
  console.log(`    pulumi up: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const nodes = await kubeNodes(lab);
  assert.deepEqual([...nodes.keys()].sort(), lab.plan.nodes.map((n) => n.name).sort(), "every planned node registered with the API server");
  for (const node of lab.plan.nodes) {
    const found = nodes.get(node.name)!;
    assert.equal(found.status.nodeInfo.kubeletVersion, "v1.28.15");
    assert.match(found.status.nodeInfo.osImage, /Debian GNU\/Linux 12/);
    assert.match(found.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.6/);
    assert.equal(found.status.addresses.find((a) => a.type === "InternalIP")?.address, node.fabricAddress.split("/")[0], `${node.name}'s InternalIP is its fabric address`);
  }
  return nodes;
}

/** The node steps ran for real on `node`: netplan's route (networkd's, not ip's), kubeadm from the stack's packageRepository, containerd from the containerd step. */
export async function assertNodeStepsRan(lab: VmLab, node: string): Promise<void> {
  assert.match(await sshExec(lab.state, node, "ip -4 route show 10.0.0.0/8"), /via \S+ dev ens3 proto static/, "netplan's route, installed by networkd (proto static), not by ip");
  const policy = await sshExec(lab.state, node, "apt-cache policy kubeadm containerd");
  assert.match(policy, /\*\*\* 1\.28\.15-1\.1 \d+\n\s+\d+ http:\/\/172\.31\.255\.1:8080\/kubernetes\/v1\.28\/deb/, "kubeadm from the stack's packageRepository");
  assert.match(policy, /containerd:\n\s+Installed: 1\.6/, "containerd installed by the containerd step");
}

/** Whether `node`'s containerd logged a pull of `image` (a PullImage request, not an image it already held). */
export async function containerdPulled(lab: VmLab, node: string, image: string): Promise<boolean> {
  const journal = await sshExec(lab.state, node, "journalctl -u containerd --no-pager");
  return new RegExp(`PullImage \\\\"${image.replace(/[./]/g, "\\$&")}\\\\"`).test(journal);
}

/** destroy succeeds, every node is reset by kubeadm, every switch is back to its base state, and lab:down leaves no namespace, process or file. */
export async function destroyResetsAndDownLeavesNothing(lab: VmLab): Promise<void> {
  const destroyed = await lab.stack.destroy();
  assert.equal(destroyed.summary.result, "succeeded");
  for (const node of lab.plan.nodes) {
    const left = await sshExec(lab.state, node.name, "test -e /etc/kubernetes/admin.conf -o -e /etc/kubernetes/kubelet.conf && echo joined || echo reset");
    assert.equal(left.trim().split("\n").pop(), "reset", `${node.name} was reset by kubeadm reset`);
  }
  for (const device of lab.plan.devices) {
    assert.doesNotMatch(await sshExec(lab.state, device.name, "show running-config"), /router bgp|ip route 10\.66|prefix-list|route-map/, `${device.name} back to its base state`);
  }
  const recorded = readLabState(lab.paths.stateDir);
  assert.ok(recorded);
  await takeLabDown(lab.paths);
  assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
  assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
  assert.ok(recorded.processes.some((p) => p.label === `vm ${lab.plan.kubernetes.controlPlaneNode}`) && recorded.processes.some((p) => p.label === "depot"), "the VMs and the depot were recorded");
  assert.equal(fs.existsSync(lab.paths.stateDir), false);
  assert.equal(fs.existsSync(lab.paths.stackFile), false);
  fs.rmSync(lab.tmp, { recursive: true, force: true });
}
