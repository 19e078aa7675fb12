// The Calico objects kube-fabric writes for a plan, on the dev stack's nodes.
import assert from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { bgpConfiguration, fabricAutodetection, leafPeer, nodeBgpAnnotations, pinnedNodePools } from "../../../components/calico/objects";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });
const [first] = plan.nodes;

describe("Calico objects for a plan", () => {
  it("pins one pool per node to that node, one block each, no encapsulation, no NAT", () => {
    const pools = pinnedNodePools(plan.nodes);
    assert.strictEqual(pools.length, plan.nodes.length);
    assert.deepStrictEqual(pools[0], {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "IPPool",
      metadata: { name: `kube-fabric-${first.name}` },
      spec: {
        cidr: first.podBlock, ipipMode: "Never", vxlanMode: "Never", natOutgoing: false,
        blockSize: Number(first.podBlock.split("/")[1]), nodeSelector: `kubernetes.io/hostname == "${first.name}"`,
      },
    });
  });

  it("peers each node with its own leaf only, at the leaf's AS, from the node's own AS", () => {
    assert.deepStrictEqual(leafPeer(first).spec, { node: first.name, peerIP: first.leafPeerAddress, asNumber: first.leafAsn });
    assert.deepStrictEqual(nodeBgpAnnotations(first, true), { "projectcalico.org/IPv4Address": first.fabricAddress, "projectcalico.org/ASNumber": String(first.asn) });
    assert.strictEqual(nodeBgpAnnotations(first, false)["projectcalico.org/ASNumber"], null);
  });

  it("turns the mesh off or on at the cluster AS", () => {
    assert.deepStrictEqual(bgpConfiguration(false).spec, { nodeToNodeMeshEnabled: false, asNumber: 64512, logSeverityScreen: "Info" });
  });

  it("autodetects node addresses only on the fabric /31s", () => {
    const method = fabricAutodetection(plan.nodes);
    assert.match(method, /^cidr=(\d+\.\d+\.\d+\.\d+\/31,)*\d+\.\d+\.\d+\.\d+\/31$/);
    assert.strictEqual(method.split(",").length, plan.nodes.length);
    const firstNetwork = method.slice(4).split(",")[0].split("/")[0];
    assert.strictEqual(Number(firstNetwork.split(".")[3]) % 2, 0);
  });
});
