// The Calico objects kube-fabric writes for a plan, on the dev stack's nodes, for each routing.
import assert from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { bgpConfiguration, fabricAutodetection, leafPeer, routingObjects } from "../../../components/calico/objects";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

const topology = devTopology() as { kubernetes: Record<string, unknown>; calico: Record<string, unknown> };
topology.kubernetes.provision = "existing";
topology.calico.routing = "tor";
const plan = buildPlan({ topology, secrets: { ...ALL_SECRETS, kubeconfig: true } });
const stage = plan.calico.stage;
const [first] = plan.nodes;

describe("Calico objects for a plan", () => {
  it("pins one pool per node to that node, one block each, no encapsulation, no NAT (fresh, tor)", () => {
    assert.ok(stage);
    const { pools } = routingObjects(stage, plan.nodes, "tor");
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

  it("at tor: each node's own AS, its leaf as its only peer; at overlay: no AS annotation, no peer", () => {
    assert.ok(stage);
    const tor = routingObjects(stage, plan.nodes, "tor");
    assert.deepStrictEqual(tor.nodeAnnotations[first.name], { "projectcalico.org/ASNumber": String(first.asn) });
    assert.deepStrictEqual(tor.peers[0], leafPeer(first));
    assert.deepStrictEqual(leafPeer(first).spec, { node: first.name, peerIP: first.leafPeerAddress, asNumber: first.leafAsn });
    const overlay = routingObjects(stage, plan.nodes, "overlay");
    assert.deepStrictEqual(overlay.nodeAnnotations[first.name], {});
    assert.deepStrictEqual(overlay.peers, []);
    assert.strictEqual(overlay.pools[0].spec.ipipMode, "Always");
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
