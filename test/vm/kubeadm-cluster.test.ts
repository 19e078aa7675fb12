// The real cluster tier (CI): the nodes of Pulumi.vm.yaml (a control plane on leaf1, a worker on
// leaf2) are Debian 12 VMs under QEMU (TCG), cabled to FRR leaves in namespaces; one `pulumi up` on
// the built engine configures the fabric and bootstraps the VMs with the program's own node steps,
// unmodified (OS check, hostname, netplan apply, swap, modules, sysctl, containerd from the site's
// Debian mirror, kubeadm/kubelet/kubectl from the stack's packageRepository, images through its
// registryMirrors), then runs kubeadm init and kubeadm join for real. No CNI is installed here, so
// the nodes are NotReady for that reason only (Calico on VMs: test/vm/calico-cluster.vm.ts).
// A second `pulumi up` changes nothing; destroy resets both nodes; lab:down leaves nothing.
import { strict as assert } from "assert";
import { PINGER_IMAGE } from "../../lab/vm/calico-images";
import { sshExec } from "../support/lab-ssh";
import { assertNodeStepsRan, containerdPulled, destroyResetsAndDownLeavesNothing, upAndRegisteredNodes, VmLab, vmLabCleanup, vmLabUp } from "../support/vm-lab";

describe("VM tier: the program's node steps and kubeadm for real on Debian 12 VMs (QEMU TCG), FRR fabric", function () {
  this.timeout(3_600_000);
  let lab: VmLab | undefined;

  before(async () => {
    lab = await vmLabUp("vm");
  });
  after(async () => vmLabCleanup(lab));

  it("one pulumi up bootstraps both VMs and forms the cluster with kubeadm init and join", async () => {
    const nodes = await upAndRegisteredNodes(lab as VmLab);
    for (const node of (lab as VmLab).plan.nodes) {
      const found = nodes.get(node.name)!;
      const ready = found.status.conditions.find((c) => c.type === "Ready");
      assert.match(`${ready?.reason} ${ready?.message}`, /cni|network plugin/i, `${node.name} is NotReady only for want of a CNI: ${JSON.stringify(ready)}`);
    }
  });

  it("ran the steps for real: netplan apply, containerd and the Kubernetes packages from the depot, an image pulled through the mirror", async () => {
    const { state } = lab as VmLab;
    const worker = "k-w1";
    await assertNodeStepsRan(lab as VmLab, worker);
    // The node image already holds the depot's images (as a site's template does); the pinger's is
    // left out, so pulling it goes through containerd's hosts.toml to the stack's registry mirror.
    assert.match(await sshExec(state, "k-master", "crictl images -o json"), /registry\.k8s\.io\/kube-apiserver:v1\.28\.15/, "kubeadm's images on the control plane");
    assert.doesNotMatch(await sshExec(state, worker, "crictl images -o json"), /kube-fabric\/pinger/);
    await sshExec(state, worker, `crictl pull ${PINGER_IMAGE}`);
    assert.ok(await containerdPulled(lab as VmLab, worker, PINGER_IMAGE), "containerd pulled it");
    assert.match(await sshExec(state, worker, "crictl images -o json"), /kube-fabric\/pinger/, "through the mirror: no other registry is reachable");
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
