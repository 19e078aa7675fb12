// The real cluster tier (CI): the nodes of Pulumi.vm.yaml (a control plane on leaf1, a worker on
// leaf2) are Debian 12 VMs under QEMU (TCG), cabled to FRR leaves in namespaces; one `pulumi up` on
// the built engine configures the fabric and bootstraps the VMs with the program's own node steps,
// unmodified (OS check, hostname, netplan apply, swap, modules, sysctl, containerd from the site's
// Debian mirror, kubeadm/kubelet/kubectl from the stack's packageRepository, images through its
// registryMirrors), then runs kubeadm init and kubeadm join for real. No CNI is installed here, so
// the nodes are NotReady for that reason only (Calico on VMs: test/vm/calico-cluster.vm.ts).
// A second `pulumi up` changes nothing; destroy resets both nodes; lab:down leaves nothing.
import { strict as assert } from "assert";
import { pollUntil } from "../../lab/kube-client";
import { sshExec } from "../support/lab-ssh";
import { destroyResetsAndDownLeavesNothing, kubeNodes, VmLab, vmLabCleanup, vmLabUp } from "../support/vm-lab";

describe("VM tier: the program's node steps and kubeadm for real on Debian 12 VMs (QEMU TCG), FRR fabric", function () {
  this.timeout(3_600_000);
  let lab: VmLab | undefined;
  let upOutput = "";

  before(async () => {
    lab = await vmLabUp("vm");
  });
  after(async () => vmLabCleanup(lab));

  it("one pulumi up bootstraps both VMs and forms the cluster with kubeadm init and join", async () => {
    const { stack, plan } = lab as VmLab;
    const started = Date.now();
    const up = await stack.up({ onOutput: (out) => (upOutput += out) });
    assert.equal(up.summary.result, "succeeded", upOutput.slice(-4000));
    console.log(`    pulumi up: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const nodes = await kubeNodes(lab as VmLab);
    assert.deepEqual([...nodes.keys()].sort(), plan.nodes.map((n) => n.name).sort(), "every planned node registered with the API server");
    for (const node of plan.nodes) {
      const found = nodes.get(node.name)!;
      assert.equal(found.status.nodeInfo.kubeletVersion, "v1.28.15");
      assert.match(found.status.nodeInfo.osImage, /Debian GNU\/Linux 12/);
      assert.match(found.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.6/);
      assert.equal(found.status.addresses.find((a) => a.type === "InternalIP")?.address, node.fabricAddress.split("/")[0], `${node.name}'s InternalIP is its fabric address`);
      const ready = found.status.conditions.find((c) => c.type === "Ready");
      assert.match(`${ready?.reason} ${ready?.message}`, /cni|network plugin/i, `${node.name} is NotReady only for want of a CNI: ${JSON.stringify(ready)}`);
    }
  });

  it("ran the steps for real: netplan apply, containerd and the Kubernetes packages from the depot, images through the mirror", async () => {
    const { state } = lab as VmLab;
    const worker = "k-w1";
    assert.match(await sshExec(state, worker, "ip -4 route show 10.0.0.0/8"), /via \S+ dev ens3 proto static/, "netplan's route, installed by networkd (proto static), not by ip");
    const policy = await sshExec(state, worker, "apt-cache policy kubeadm containerd");
    assert.match(policy, /\*\*\* 1\.28\.15-1\.1 \d+\n\s+\d+ http:\/\/172\.31\.255\.1:8080\/kubernetes\/v1\.28\/deb/, "kubeadm from the stack's packageRepository");
    assert.match(policy, /containerd:\n\s+Installed: 1\.6/, "containerd installed by the containerd step");
    // kubeadm init pulled the control plane's images through the mirror before it returned; the
    // worker's kube-proxy is pulled by its kubelet once the DaemonSet controller places the pod, which
    // on a loaded control plane can come after join returns: wait for it, bounded.
    assert.match(await sshExec(state, "k-master", "crictl images -o json"), /registry\.k8s\.io\/kube-apiserver:v1\.28\.15/, "kubeadm's images pulled on the control plane");
    await pollUntil("kube-proxy's image pulled on the worker", 300_000, async () => /registry\.k8s\.io\/kube-proxy:v1\.28\.15/.test(await sshExec(state, worker, "crictl images -o json")) || undefined, 5_000);
    assert.match(await sshExec(state, worker, "cat /etc/containerd/certs.d/registry.k8s.io/hosts.toml"), /\[host\."http:\/\/172\.31\.255\.1:8080"\]/);
  });

  it("a second pulumi up changes nothing", async () => {
    const again = await (lab as VmLab).stack.up();
    assert.equal(again.summary.result, "succeeded");
    assert.deepEqual(Object.keys(again.summary.resourceChanges ?? {}).filter((k) => k !== "same"), [], JSON.stringify(again.summary.resourceChanges));
  });

  it("destroy resets both nodes; lab:down leaves no namespace, process or file", async () => {
    await destroyResetsAndDownLeavesNothing(lab as VmLab);
    lab = undefined;
  });
});
