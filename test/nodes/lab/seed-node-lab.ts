// The two disposable nodes every node-tier test starts: the reference lab's control plane (k-master, root
// with a key) and its first worker (k-w1, a sudo user whose sudo asks for its password), each with
// the plan's fabric NIC. Fails loudly, with the fix, when the host cannot run them.

import { spawnSync } from "child_process";
import { join } from "path";
import { FabricPlan, NodePlan } from "../../../components/plan/plan-types";
import { PROJECT_ROOT } from "../../support/dev-stack";
import { controlPlaneOf, seedPlan } from "../../unit/nodes/seed-scripts";
import { requireHostTools } from "./host";
import { LabNode, NodeLab } from "./node-lab";

export interface SeedNodes {
  plan: FabricPlan;
  controlPlanePlan: NodePlan;
  workerPlan: NodePlan;
}

export function seedNodes(): SeedNodes {
  const plan = seedPlan();
  return { plan, controlPlanePlan: controlPlaneOf(plan), workerPlan: plan.nodes.find((n) => n.name === "k-w1")! };
}

export interface SeedNodeLab {
  lab: NodeLab;
  master: LabNode;
  worker: LabNode;
}

const LAB_TOOLS = { debootstrap: "debootstrap", "ssh-keygen": "openssh-client", sshd: "openssh-server", ip: "iproute2", unshare: "util-linux", chroot: "coreutils" };

/** Builds (or reuses) the node rootfs and starts k-master and k-w1; the caller stops the lab. */
export async function startSeedNodeLab(seed: SeedNodes, moreTools: Record<string, string> = {}): Promise<SeedNodeLab> {
  if (process.getuid?.() !== 0) throw new Error("the node lab needs root (network namespaces, chroot): run the tests as root");
  requireHostTools({ ...LAB_TOOLS, ...moreTools });
  const built = spawnSync("sh", [join(PROJECT_ROOT, "scripts/nodes-rootfs.sh")], { encoding: "utf8", timeout: 1_200_000 });
  if (built.status !== 0) throw new Error(`scripts/nodes-rootfs.sh failed:\n${built.stderr}`);
  const lab = new NodeLab(built.stdout.trim().split("\n").pop()!);
  try {
    await lab.start([
      { name: seed.controlPlanePlan.name, nic: seed.controlPlanePlan.nic, login: "root-key" },
      { name: seed.workerPlan.name, nic: seed.workerPlan.nic, login: "sudo-password" },
    ]);
  } catch (error) {
    await lab.stop();
    throw error;
  }
  const [master, worker] = lab.nodes;
  return { lab, master, worker };
}
