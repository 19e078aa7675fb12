// The calico-node stand-in on the cluster lab: Calico 3.28's own confd, reading a real apiserver in
// Kubernetes-datastore mode, renders BIRD's configuration and Calico's BIRD runs it in each node
// namespace: the full mesh comes up, its routes go through tunl0 and carry pod traffic across a leaf
// that knows no pod route, a change of the IPPool or a BGPPeer reaches BIRD, the leaf sees the node
// sessions, and stop() leaves nothing behind.
import assert from "assert";
import { run } from "../../lab/exec";
import { CalicoClusterLab, startCalicoClusterLab, TWO_NODES_ON_DEFAULTS } from "../../lab/calico-cluster-lab";
import { gateLeafSessions, gatePaths, pathKinds, setEncapsulation, setLeafPeers, setMesh, setNodeAsNumbers } from "../../lab/calico-lab-ops";
import { listNamespaces } from "../../lab/netns";
import { identify, isRunning, ProcessIdentity } from "../../lab/processes";

const POOL = TWO_NODES_ON_DEFAULTS.poolCidr;
const LEAF_AS = TWO_NODES_ON_DEFAULTS.leafAs;

describe("cluster tier: calico-node stand-in (Calico 3.28 confd + Calico's BIRD) on a real apiserver", function () {
  this.timeout(600_000);
  let lab: CalicoClusterLab | undefined;
  let identities: ProcessIdentity[] = [];

  before(async () => {
    lab = await startCalicoClusterLab(TWO_NODES_ON_DEFAULTS);
    identities = [...lab.plane.pids, ...lab.nodes.flatMap((n) => n.calico.pids)].map(identify).filter((id): id is ProcessIdentity => id !== undefined);
  });

  after(async () => {
    await lab?.stop();
  });

  it("confd renders Calico's full mesh for each node and BIRD brings it up", async () => {
    const l = lab as CalicoClusterLab;
    const node1 = l.node("node1");
    assert.match(node1.calico.birdConfig(), /^protocol bgp Mesh_10_10_2_1 from bgp_template \{$/m);
    assert.match(node1.calico.birdConfig(), /^ {2}local as 64512;$/m);
    await gatePaths(l, "every block through the tunnel to its node", 60_000, (p) => p.kind === "tunnel-to-node");
    for (const node of l.nodes) {
      const sessions = await node.calico.bgpSessions();
      assert.deepStrictEqual([...sessions.values()], ["Established"], `${node.spec.name}: ${[...sessions].join(" ")}`);
    }
  });

  it("the tunnel carries pod to pod: a reply comes back though the leaf has no route to any pod", async () => {
    const l = lab as CalicoClusterLab;
    const leafRoutes = await l.leaf.vtysh("show ip route");
    for (const node of l.nodes) assert.ok(!leafRoutes.includes(node.spec.block), `the leaf has no route to ${node.spec.block}:\n${leafRoutes}`);
    const [from, to] = [l.node("node1").pods[0], l.node("node2").pods[0]];
    const ping = await run("ip", ["netns", "exec", from.namespace, "ping", "-c", "3", "-i", "0.2", "-W", "2", to.address]);
    assert.match(ping.stdout, / 3 received/, ping.stdout);
  });

  it("IPIP Never reaches the kernel: the mesh routes leave tunl0", async () => {
    const l = lab as CalicoClusterLab;
    await setEncapsulation(l, "Never", POOL);
    await gatePaths(l, "every block native", 30_000, (p) => p.kind === "native" && (p.protocol ?? "").startsWith("Mesh_"));
  });

  it("per-node AS and a BGPPeer per node bring up each node's session with the leaf", async () => {
    const l = lab as CalicoClusterLab;
    await setNodeAsNumbers(l, true);
    await setLeafPeers(l, true, LEAF_AS);
    await setMesh(l, false);
    await gateLeafSessions(l, 60_000);
    await gatePaths(l, "every block from the leaf", 30_000, (p) => p.kind === "native" && (p.protocol ?? "").startsWith("Node_"));
    assert.match(l.node("node2").calico.birdConfig(), /^protocol bgp Node_10_10_2_0 from bgp_template \{$/m);
    assert.doesNotMatch(l.node("node2").calico.birdConfig(), /Mesh_/);
    assert.strictEqual((await pathKinds(l)).length, 2);
  });

  it("stop() ends every process and removes every namespace it made", async () => {
    const l = lab as CalicoClusterLab;
    const namespaces = [...l.frr.namespaces, ...l.nodes.map((n) => n.namespace), ...l.nodes.flatMap((n) => n.pods.map((p) => p.namespace)), l.client.namespace];
    await l.stop();
    for (const identity of identities) assert.ok(!isRunning(identity), `pid ${identity.pid} still runs`);
    const left = listNamespaces().filter((ns) => namespaces.includes(ns));
    assert.deepStrictEqual(left, []);
  });
});
