// The Calico stage through the real engine on the stack lab of Pulumi.calico.yaml (one spine, two FRR
// leaves, a node on each, a client): a real kube-apiserver/etcd/controller-manager, Calico 3.28.5's
// own confd rendering for Debian's BIRD in each node namespace, FRR leaves, the Kubernetes provider
// plugin. A fresh stack (calico.start fresh, routing tor): one `pulumi up` installs Calico straight
// into tor; pods get their node's pinned block; no mesh, no tunnel; the client reaches every pod;
// destroy removes Calico and every switch line; lab:down leaves nothing.
// Stand-ins (README "The Calico lab"): kubelet, calico-node's startup, Felix, the CNI plugin and IPAM
// (lab/stack-lab/calico-agent.ts).
import { strict as assert } from "assert";
import { labPods, nodeBirdc, nodePaths } from "../../lab/stack-lab/calico-paths";
import { waitForCalicoPods } from "../../lab/stack-lab";
import { requireEngine } from "../../tools/engine/engine-env";
import { requireKubernetesPlugin } from "../support/kubernetes-plugin";
import { CalicoLab, calicoLabDown, calicoLabUp, destroyAndDown, nodeAddresses, verifyOk } from "../support/calico-lab";

describe("lab: the Calico stage through the real engine, a fresh stack (real apiserver, Calico's confd + BIRD, FRR leaves)", function () {
  this.timeout(1_800_000);

  before(() => {
    requireEngine();
    requireKubernetesPlugin();
  });

  describe("a fresh stack, routing tor", () => {
    let lab: CalicoLab | undefined;
    before(async () => {
      lab = await calicoLabUp("fresh", "fresh");
    });
    after(async () => calicoLabDown(lab));

    it("one pulumi up installs Calico straight into tor: pods get the pinned blocks, no mesh, no tunnel, the client reaches every pod", async () => {
      const { stack, plan, paths } = lab as CalicoLab;
      const up = await stack.up();
      assert.equal(up.summary.result, "succeeded");
      await waitForCalicoPods(paths.stateDir, plan.nodes.map((n) => n.name), 300_000);
      for (const pod of labPods(paths.stateDir)) {
        assert.equal(pod.block, plan.nodes.find((n) => n.name === pod.node)?.podBlock, `${pod.node}'s pods are in its pinned pool`);
      }
      await verifyOk(lab as CalicoLab);
      for (const node of plan.nodes) {
        const protocols = await nodeBirdc(paths.stateDir, node.name)("show protocols");
        assert.doesNotMatch(protocols, /Mesh_/, `${node.name}: no mesh session`);
        assert.match(protocols, /Node_\S+\s+BGP\s+\S+\s+up\s+\S+\s+Established/, `${node.name}: its leaf session Established`);
      }
      const kinds = await nodePaths(paths.stateDir, nodeAddresses(plan));
      assert.ok(kinds.length > 0 && kinds.every((p) => p.kind === "native" || p.kind === "default"), `no route goes through the tunnel: ${JSON.stringify(kinds)}`);
    });

    it("destroy removes Calico and every switch line; lab:down leaves nothing", async () => {
      await destroyAndDown(lab as CalicoLab, true);
      lab = undefined;
    });
  });

});
