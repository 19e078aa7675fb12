// The whole mission on real nodes (not yet in npm test, see README "Real nodes: the VM lab"):
// Pulumi.vm-calico.yaml's nodes as Debian 12 VMs, one `pulumi up` bootstraps them, runs kubeadm, and
// installs Calico's release manifest (images of Calico's own code built here) straight into eBGP with
// the FRR leaves. Then: nodes Ready, real pods (scheduled by Kubernetes) in their node's pinned block,
// reachable from the client through the fabric and from each other, no route through an IPIP tunnel.
// Run: npm run test:vm:calico
import { strict as assert } from "assert";
import { PINGER_IMAGE } from "../../lab/vm/calico-images";
import { sshExec } from "../support/lab-ssh";
import { destroyResetsAndDownLeavesNothing, kubectl, kubeNodes, VmLab, vmLabCleanup, vmLabUp } from "../support/vm-lab";

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

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toNumber = (a: string) => a.split(".").reduce((v, o) => v * 256 + Number(o), 0);
const inBlock = (address: string, block: string) => {
  const [network, length] = block.split("/");
  const size = 2 ** (32 - Number(length));
  return Math.floor(toNumber(address) / size) === Math.floor(toNumber(network) / size);
};

describe("VM tier: kubeadm and Calico in eBGP with the leaves, real pods pinged through the fabric", function () {
  this.timeout(5_400_000);
  let lab: VmLab | undefined;

  before(async () => {
    lab = await vmLabUp("vm-calico");
  });
  after(async () => vmLabCleanup(lab));

  it("one pulumi up: nodes Ready with Calico's own calico-node, every leaf session Established", async () => {
    let output = "";
    const up = await (lab as VmLab).stack.up({ onOutput: (out) => (output += out) });
    assert.equal(up.summary.result, "succeeded", output.slice(-4000));
    for (const [name, node] of await kubeNodes(lab as VmLab)) {
      assert.equal(node.status.conditions.find((c) => c.type === "Ready")?.status, "True", `${name} is Ready`);
    }
  });

  it("real pods get their node's pinned block and answer pings from the client and from each other", async () => {
    const v = lab as VmLab;
    await sshExec(v.state, v.plan.kubernetes.controlPlaneNode, `cat > /tmp/pingers.json <<'EOF'\n${pingerPods(v.plan.nodes.map((n) => n.name))}\nEOF`);
    await kubectl(v, "apply -f /tmp/pingers.json");
    let pods: KubePod[] = [];
    for (let i = 0; i < 120; i++) {
      pods = (JSON.parse(await kubectl(v, "get pods -l app=pinger -o json")) as { items: KubePod[] }).items;
      if (pods.length === v.plan.nodes.length && pods.every((pod) => pod.status.phase === "Running" && pod.status.podIP)) break;
      await delay(5000);
    }
    assert.ok(pods.length === v.plan.nodes.length && pods.every((pod) => pod.status.phase === "Running"), `pods running: ${JSON.stringify(pods.map((pod) => pod.status))}`);
    for (const pod of pods) {
      const block = v.plan.nodes.find((n) => n.name === pod.spec.nodeName)?.podBlock as string;
      assert.ok(inBlock(pod.status.podIP as string, block), `${pod.metadata.name} ${pod.status.podIP} is in ${pod.spec.nodeName}'s pinned block ${block}`);
      assert.match(await sshExec(v.state, "client", `ping -c 3 -W 2 ${pod.status.podIP}`), / 3 received/, `the client reaches ${pod.metadata.name} through the fabric`);
      for (const other of pods.filter((o) => o !== pod)) {
        assert.match(await kubectl(v, `exec ${pod.metadata.name} -- ping -c 3 -W 2 ${other.status.podIP}`), / 3 packets received/, `${pod.metadata.name} reaches ${other.metadata.name}`);
      }
    }
    assert.doesNotMatch(await sshExec(v.state, "k-w1", "ip -4 route"), /dev tunl0/, "no route through an IPIP tunnel: routing is eBGP with the leaves");
  });

  it("destroy resets both nodes; lab:down leaves no namespace, process or file", async () => {
    await destroyResetsAndDownLeavesNothing(lab as VmLab);
    lab = undefined;
  });
});
