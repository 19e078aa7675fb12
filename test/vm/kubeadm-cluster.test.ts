// The real cluster tier: the nodes of Pulumi.vm.yaml (a control plane on leaf1, a worker on leaf2)
// are Debian 12 VMs under QEMU (TCG), cabled to FRR leaves in namespaces; one `pulumi up` on the built
// engine configures the fabric and bootstraps the VMs with the program's own node steps, unmodified
// (OS check, hostname, netplan apply, swap, modules, sysctl, containerd from the site's mirror,
// kubeadm/kubelet/kubectl from the stack's packageRepository, images through registryMirrors), then
// runs kubeadm init and kubeadm join for real. Nodes are NotReady until a CNI runs (none here yet).
// destroy resets both nodes; lab:down leaves no namespace, process or file.
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
import { sshExec } from "../support/lab-ssh";

interface KubeNode {
  metadata: { name: string };
  status: { nodeInfo: { kubeletVersion: string; osImage: string; containerRuntimeVersion: string }; addresses: { type: string; address: string }[] };
}

describe("VM tier: the program's node steps and kubeadm for real on Debian 12 VMs (QEMU TCG), FRR fabric", function () {
  this.timeout(3_600_000);
  let tmp: string | undefined;
  let paths: LabPaths | undefined;
  let state: LabState | undefined;
  let stack: Stack | undefined;
  let plan: FabricPlan | undefined;
  let upOutput = "";

  before(async () => {
    requireEngine();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-vm-"));
    fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
    paths = labPaths("vm", `vm-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
    const lab = await bringLabUp(paths, (line) => console.log(`    lab:up ${line}`), { nodes: "vm" });
    state = lab.state;
    plan = lab.plan;
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    stack = await LocalWorkspace.selectStack({ stackName: paths.labStack, workDir: paths.projectDir }, { pulumiCommand: await enginePulumiCommand(), envVars: cli.env });
  });

  after(async () => {
    if (paths) await takeLabDown(paths).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("one pulumi up bootstraps both VMs and forms the cluster with kubeadm init and join", async () => {
    const started = Date.now();
    const up = await (stack as Stack).up({ onOutput: (out) => (upOutput += out) });
    assert.equal(up.summary.result, "succeeded", upOutput.slice(-4000));
    console.log(`    pulumi up: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const nodes = JSON.parse(await sshExec(state as LabState, "k-master", "kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o json")) as { items: KubeNode[] };
    const byName = new Map(nodes.items.map((n) => [n.metadata.name, n]));
    for (const node of (plan as FabricPlan).nodes) {
      const found = byName.get(node.name);
      assert.ok(found, `${node.name} registered with the API server`);
      assert.equal(found.status.nodeInfo.kubeletVersion, "v1.28.15");
      assert.match(found.status.nodeInfo.osImage, /Debian GNU\/Linux 12/);
      assert.match(found.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.6/);
      const internal = found.status.addresses.find((a) => a.type === "InternalIP")?.address;
      assert.equal(internal, node.fabricAddress.split("/")[0], `${node.name}'s InternalIP is its fabric address`);
    }
    assert.equal(byName.size, (plan as FabricPlan).nodes.length);
  });

  it("ran the steps for real: netplan apply, containerd and the Kubernetes packages from the depot, images through the mirror", async () => {
    const s = state as LabState;
    const worker = "k-w1";
    const route = await sshExec(s, worker, "ip -4 route show 10.0.0.0/8");
    assert.match(route, /via \S+ dev ens3 proto static/, "netplan's route, installed by networkd (proto static), not by ip");
    const policy = await sshExec(s, worker, "apt-cache policy kubeadm containerd");
    assert.match(policy, /\*\*\* 1\.28\.15-1\.1 \d+\n\s+\d+ http:\/\/172\.31\.255\.1:8080\/kubernetes\/v1\.28\/deb/, "kubeadm from the stack's packageRepository");
    assert.match(policy, /containerd:\n\s+Installed: 1\.6/, "containerd installed by the containerd step");
    const images = await sshExec(s, worker, "crictl images -o json");
    assert.match(images, /registry\.k8s\.io\/kube-proxy:v1\.28\.15/, "kube-proxy's image pulled on the worker");
    const hosts = await sshExec(s, worker, "cat /etc/containerd/certs.d/registry.k8s.io/hosts.toml");
    assert.match(hosts, /\[host\."http:\/\/172\.31\.255\.1:8080"\]/);
  });

  it("destroy resets both nodes; lab:down leaves no namespace, process or file", async () => {
    const destroyed = await (stack as Stack).destroy();
    assert.equal(destroyed.summary.result, "succeeded");
    for (const node of ["k-master", "k-w1"]) {
      assert.equal((await sshExec(state as LabState, node, "ls /etc/kubernetes/manifests 2>/dev/null | wc -l; test -e /etc/kubernetes/admin.conf -o -e /etc/kubernetes/kubelet.conf && echo joined || echo reset")).trim().split("\n").pop(), "reset");
    }
    const recorded = readLabState((paths as LabPaths).stateDir);
    assert.ok(recorded);
    await takeLabDown(paths as LabPaths);
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
    assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
    assert.ok(recorded.processes.some((p) => p.label === "vm k-master") && recorded.processes.some((p) => p.label === "depot"), "the VMs and the depot were recorded");
    assert.equal(fs.existsSync((paths as LabPaths).stateDir), false);
    paths = undefined;
  });
});
