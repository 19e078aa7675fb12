// The whole mission on real nodes (`npm run test:vm:calico`; not yet in `npm test`: on this 2-core
// machine the control-plane VM is starved once Calico runs, see README "Real nodes: the VM lab"): the nodes of Pulumi.vm-calico.yaml (a control plane on leaf1, a worker
// on leaf2) are Debian 12 VMs under QEMU (TCG), cabled to FRR leaves in namespaces. One `pulumi up` on
// the built engine configures the fabric, bootstraps the VMs with the program's own node steps,
// unmodified (OS check, hostname, netplan apply, swap, modules, sysctl, containerd from the site's
// Debian mirror, kubeadm/kubelet/kubectl from the stack's packageRepository, images through its
// registryMirrors), runs kubeadm init and join for real, and installs Calico's release manifest
// (Calico's own calico-node, CNI plugin, IPAM and kube-controllers, built here) straight into eBGP
// with the leaves. Then: nodes Ready, real pods scheduled by Kubernetes in their node's pinned block,
// reachable from the client through the fabric and from each other with no tunnel; a second
// `pulumi up` changes nothing; destroy resets both nodes; lab:down leaves nothing.
import { strict as assert } from "assert";
import { pollUntil } from "../../lab/kube-client";
import { PINGER_IMAGE } from "../../lab/vm/calico-images";
import { sshExec } from "../support/lab-ssh";
import { assertNodeStepsRan, containerdPulled, destroyResetsAndDownLeavesNothing, kubectl, upAndRegisteredNodes, VmLab, vmLabCleanup, vmLabUp } from "../support/vm-lab";

interface KubePod {
  metadata: { name: string };
  spec: { nodeName: string };
  status: { phase: string; podIP?: string };
}

/** One pod per node (pinned by nodeName), the lab's busybox image, sleeping: what the pings go to. */
function pingerPods(nodes: readonly string[]): string {
  return nodes
    .map((node) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `pinger-${node}`, namespace: "default", labels: { app: "pinger" } },
        spec: { nodeName: node, containers: [{ name: "pinger", image: PINGER_IMAGE, command: ["/bin/sh", "-c", "sleep 86400"] }], terminationGracePeriodSeconds: 1 },
      }),
    )
    .join("\n");
}

const toNumber = (a: string) => a.split(".").reduce((v, o) => v * 256 + Number(o), 0);
const inBlock = (address: string, block: string) => {
  const [network, length] = block.split("/");
  const size = 2 ** (32 - Number(length));
  return Math.floor(toNumber(address) / size) === Math.floor(toNumber(network) / size);
};

describe("VM tier: one pulumi up from bare Debian VMs to kubeadm and Calico in eBGP with FRR leaves, real pods pinged through the fabric", function () {
  this.timeout(5_400_000);
  let lab: VmLab | undefined;

  before(async () => {
    lab = await vmLabUp("vm-calico");
  });
  after(async () => vmLabCleanup(lab));

  it("one pulumi up: both nodes registered and Ready with Calico's own calico-node", async () => {
    for (const [name, found] of await upAndRegisteredNodes(lab as VmLab)) {
      assert.equal(found.status.conditions.find((c) => c.type === "Ready")?.status, "True", `${name} is Ready`);
    }
  });

  it("ran the node steps for real: netplan apply, containerd and the Kubernetes packages from the depot's repositories", async () => {
    const { state } = lab as VmLab;
    const worker = "k-w1";
    await assertNodeStepsRan(lab as VmLab, worker);
    assert.match(await sshExec(state, worker, "cat /etc/containerd/certs.d/docker.io/hosts.toml"), /\[host\."http:\/\/172\.31\.255\.1:8080"\]/);
  });

  it("every node's calico-node peers with its leaf only (no mesh) and every leaf routes each node's pinned block over eBGP", async () => {
    const v = lab as VmLab;
    const { state, plan } = v;
    for (const node of plan.nodes) {
      const pod = (await kubectl(v, `-n kube-system get pod -l k8s-app=calico-node --field-selector spec.nodeName=${node.name} -o name`)).trim();
      const protocols = await kubectl(v, `-n kube-system exec ${pod} -c calico-node -- birdcl -s /var/run/calico/bird.ctl show protocols`);
      assert.doesNotMatch(protocols, /Mesh_/, `${node.name}: no mesh session`);
      assert.match(protocols, /Node_\S+\s+BGP\s+\S+\s+up\s+\S+\s+Established/, `${node.name}: its leaf session Established:\n${protocols}`);
    }
    for (const node of plan.nodes) {
      const own = await sshExec(state, node.leaf, `show ip route ${node.podBlock}`);
      assert.match(own, /Known via "bgp"/, `${node.leaf} learns ${node.name}'s block ${node.podBlock} over eBGP: ${own}`);
      assert.match(own, new RegExp(node.fabricAddress.split("/")[0].replace(/\./g, "\\.")), `${node.leaf} routes ${node.podBlock} to ${node.name} itself`);
      for (const leaf of [...new Set(plan.nodes.map((n) => n.leaf))].filter((l) => l !== node.leaf)) {
        assert.match(await sshExec(state, leaf, `show ip route ${node.podBlock}`), /Routing entry for/, `${leaf} routes ${node.name}'s block ${node.podBlock} through the fabric`);
      }
    }
  });

  it("real pods get their node's pinned block, their image through the mirror, and answer pings from the client and each other", async () => {
    const v = lab as VmLab;
    await sshExec(v.state, v.plan.kubernetes.controlPlaneNode, `cat > /tmp/pingers.json <<'EOF'\n${pingerPods(v.plan.nodes.map((n) => n.name))}\nEOF`);
    await kubectl(v, "apply -f /tmp/pingers.json");
    const pods = await pollUntil("a running pinger pod with an address on every node", 900_000, async () => {
      const items = (JSON.parse(await kubectl(v, "get pods -l app=pinger -o json")) as { items: KubePod[] }).items;
      return items.length === v.plan.nodes.length && items.every((pod) => pod.status.phase === "Running" && pod.status.podIP) ? items : undefined;
    }, 5_000);
    assert.ok(await containerdPulled(v, "k-w1", PINGER_IMAGE), "the pods' image was pulled through the stack's registryMirrors");
    for (const pod of pods) {
      const block = v.plan.nodes.find((n) => n.name === pod.spec.nodeName)?.podBlock as string;
      assert.ok(inBlock(pod.status.podIP as string, block), `${pod.metadata.name} ${pod.status.podIP} is in ${pod.spec.nodeName}'s pinned block ${block}`);
      assert.match(await sshExec(v.state, "client", `ping -c 3 -W 2 ${pod.status.podIP}`), / 3 received/, `the client reaches ${pod.metadata.name} through the fabric`);
      for (const other of pods.filter((o) => o !== pod)) {
        assert.match(await kubectl(v, `exec ${pod.metadata.name} -- ping -c 3 -W 2 ${other.status.podIP}`), / 3 packets received/, `${pod.metadata.name} reaches ${other.metadata.name}`);
      }
    }
    for (const node of v.plan.nodes) {
      assert.doesNotMatch(await sshExec(v.state, node.name, "ip -4 route"), /dev tunl0/, `${node.name}: no route through an IPIP tunnel, routing is eBGP with the leaves`);
    }
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
