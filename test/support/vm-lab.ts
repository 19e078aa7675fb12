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

/** destroy succeeds, every node is reset by kubeadm, and lab:down leaves no namespace, process or file. */
export async function destroyResetsAndDownLeavesNothing(lab: VmLab): Promise<void> {
  const destroyed = await lab.stack.destroy();
  assert.equal(destroyed.summary.result, "succeeded");
  for (const node of lab.plan.nodes) {
    const left = await sshExec(lab.state, node.name, "test -e /etc/kubernetes/admin.conf -o -e /etc/kubernetes/kubelet.conf && echo joined || echo reset");
    assert.equal(left.trim().split("\n").pop(), "reset", `${node.name} was reset by kubeadm reset`);
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
