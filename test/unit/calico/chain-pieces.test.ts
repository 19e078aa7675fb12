// The chain's pure pieces: the node gate's judgement of `ip -4 route show`, the bridges typed and
// removed on EOS and FRR, the cluster state read from Calico's objects,
// and a gate that gives up naming what is missing.
import { strict as assert } from "assert";
import { nodeGateProblems, NodeGateExpectation } from "../../../components/calico/node-gate";
import { clusterStateOf } from "../../../components/calico/cluster-state";
import { calicoStepProvider, pollGate } from "../../../components/calico/steps/provider";
import { dialectOf } from "../../../providers/dialects/registry";
import { changeScript } from "../../../providers/switch/config-tree/change-script";
import { parseRunningConfig } from "../../../providers/switch/config-tree/tree";

const expectation = (expect: NodeGateExpectation["expect"]): NodeGateExpectation => ({
  node: "k-w1",
  remoteBlocks: [{ node: "k-w2", prefix: "10.244.95.0/26" }, { node: "k-w3", prefix: "10.244.52.0/26" }],
  expect,
});

// As a node on Calico's defaults prints them (IPIP Always, mesh), then after IPIP off, then at tor.
const MESH_IPIP = `default via 10.1.11.0 dev ens3
10.1.11.0/31 dev ens3 proto kernel scope link src 10.1.11.1
10.244.95.0/26 via 10.2.22.1 dev tunl0 proto bird onlink
10.244.52.0/26 via 10.3.33.1 dev tunl0 proto bird onlink
blackhole 10.244.111.0/26 proto bird
`;
const MESH_NATIVE = `default via 10.1.11.0 dev ens3
10.244.95.0/26 via 10.1.11.0 dev ens3 proto bird
10.244.52.0/26 via 10.1.11.0 dev ens3 proto bird
`;
const TOR = `default via 10.1.11.0 dev ens3
blackhole 10.244.111.0/26 proto bird
`;
// A link whose name merely holds "tunl0" is not the tunnel.
const LOOKALIKE = `10.244.95.0/26 via 10.2.22.1 dev tunl0x proto bird onlink
10.244.52.0/26 via 10.3.33.1 dev xtunl0 proto bird onlink
`;

describe("node gate", () => {
  it("tunnel: every other block from the mesh through tunl0; a native route is named", () => {
    assert.deepEqual(nodeGateProblems(expectation("tunnel"), MESH_IPIP), []);
    assert.deepEqual(nodeGateProblems(expectation("tunnel"), MESH_NATIVE), [
      "k-w1: 10.244.95.0/26 of k-w2 does not go through the IPIP tunnel from the mesh (has '10.244.95.0/26 via 10.1.11.0 dev ens3 proto bird')",
      "k-w1: 10.244.52.0/26 of k-w3 does not go through the IPIP tunnel from the mesh (has '10.244.52.0/26 via 10.1.11.0 dev ens3 proto bird')",
    ]);
  });

  it("native: no route through tunl0 (a mesh route or the fabric route), a tunnel route is named", () => {
    assert.deepEqual(nodeGateProblems(expectation("native"), MESH_NATIVE), []);
    assert.deepEqual(nodeGateProblems(expectation("native"), TOR), []);
    assert.equal(nodeGateProblems(expectation("native"), MESH_IPIP).length, 2);
    assert.match(nodeGateProblems(expectation("native"), MESH_IPIP)[0], /^k-w1: 10\.244\.95\.0\/26 of k-w2 still goes through the IPIP tunnel/);
  });

  it("mesh: every other block from BIRD; none at tor (the leaves announce nothing to nodes)", () => {
    assert.deepEqual(nodeGateProblems(expectation("mesh"), MESH_NATIVE), []);
    assert.deepEqual(nodeGateProblems(expectation("mesh"), TOR), [
      "k-w1: 10.244.95.0/26 of k-w2 is not from the mesh (has no route (the fabric route decides))",
      "k-w1: 10.244.52.0/26 of k-w3 is not from the mesh (has no route (the fabric route decides))",
    ]);
  });

  it("a black hole for another node's block fails every gate", () => {
    const text = "blackhole 10.244.95.0/26 proto bird\n10.244.52.0/26 via 10.1.11.0 dev ens3 proto bird\n";
    assert.deepEqual(nodeGateProblems(expectation("native"), text), ["k-w1: 10.244.95.0/26 of k-w2 is a black hole (has 'blackhole 10.244.95.0/26 proto bird')"]);
  });

  it("reads the tunnel from the route's link alone (tunl0), as Calico's BIRD writes it", () => {
    assert.equal(nodeGateProblems(expectation("tunnel"), LOOKALIKE).length, 2);
    assert.deepEqual(nodeGateProblems(expectation("native"), LOOKALIKE), []);
  });
});

describe("bridges on the leaves", () => {
  const intent = { routes: [{ prefix: "10.244.111.0/26", nextHop: "10.0.11.1", distance: 250 }, { prefix: "10.244.95.0/26", nextHop: "10.1.11.1", distance: 250 }], ospfProcessId: 1 };

  const EOS_WITH_BRIDGES = [
    "ip routing", "!",
    "ip prefix-list KF-BRIDGES", "   seq 10 permit 10.244.111.0/26", "   seq 20 permit 10.244.95.0/26", "!",
    "route-map KF-BRIDGES permit 10", "   match ip address prefix-list KF-BRIDGES", "!",
    "ip route 10.244.111.0/26 10.0.11.1 250", "ip route 10.244.95.0/26 10.1.11.1 250", "!",
    "router ospf 1", "   router-id 10.11.99.1", "   redistribute static route-map KF-BRIDGES", "!", "end", "",
  ].join("\n");
  const FRR_WITH_BRIDGES = [
    "frr version 8.4.4", "!",
    "ip route 10.244.111.0/26 10.0.11.1 250", "ip route 10.244.95.0/26 10.1.11.1 250", "!",
    "router ospf", " ospf router-id 10.11.99.1", " redistribute static route-map KF-BRIDGES", "exit", "!",
    "ip prefix-list KF-BRIDGES seq 10 permit 10.244.111.0/26", "ip prefix-list KF-BRIDGES seq 20 permit 10.244.95.0/26", "!",
    "route-map KF-BRIDGES permit 10", " match ip address prefix-list KF-BRIDGES", "exit", "!", "end", "",
  ].join("\n");

  for (const [dialect, running, withBridges, removeRoute] of [
    ["eos", "ip routing\n!\nrouter ospf 1\n   router-id 10.11.99.1\n!\nend\n", EOS_WITH_BRIDGES, "no ip route 10.244.111.0/26 10.0.11.1"],
    ["frr", "frr version 8.4.4\n!\nrouter ospf\n ospf router-id 10.11.99.1\nexit\n!\nend\n", FRR_WITH_BRIDGES, "no ip route 10.244.111.0/26 10.0.11.1 250"],
  ] as const) {
    it(`${dialect}: static routes at distance 250, into OSPF only through the KF-BRIDGES prefix-list and route-map, and removed again`, () => {
      const lines = dialectOf(dialect).renderBridges(intent);
      const on = changeScript(dialect, parseRunningConfig(dialect, running), [], lines).lines;
      const at = (pattern: RegExp) => on.findIndex((l) => pattern.test(l.trim()));
      assert.ok(at(/^ip route 10\.244\.111\.0\/26 10\.0\.11\.1 250$/) >= 0, on.join("\n"));
      assert.ok(at(/permit 10\.244\.95\.0\/26$/) >= 0 && at(/^match ip address prefix-list KF-BRIDGES$/) >= 0, on.join("\n"));
      // what a line refers to exists before it: prefix-list, route-map, then the redistribution under it
      assert.ok(at(/permit 10\.244\.111\.0\/26$/) < at(/^route-map KF-BRIDGES permit 10$/), on.join("\n"));
      assert.ok(at(/^route-map KF-BRIDGES permit 10$/) < at(/^redistribute static route-map KF-BRIDGES$/), on.join("\n"));
      assert.equal(at(/^redistribute static$/), -1, "never every static route");
      const off = changeScript(dialect, parseRunningConfig(dialect, withBridges), lines, []).lines;
      assert.ok(off.includes(removeRoute), off.join("\n"));
      assert.ok(off.some((l) => /^no redistribute static/.test(l.trim())), off.join("\n"));
      assert.ok(off.some((l) => /^no route-map KF-BRIDGES/.test(l)) && off.some((l) => /^no ip prefix-list KF-BRIDGES/.test(l)), off.join("\n"));
      assert.ok(!off.some((l) => /^no router ospf/.test(l)), "the underlay's OSPF stays");
    });
  }

  it("renders nothing for a leaf without blocks", () => {
    assert.deepEqual(dialectOf("eos").renderBridges({ routes: [], ospfProcessId: 1 }), []);
  });
});

describe("the cluster's Calico state", () => {
  it("counts confirmed, not deleted block affinities, and a pool's default block size", () => {
    const state = clusterStateOf(
      [{ metadata: { name: "default-ipv4-ippool" }, spec: { cidr: "10.244.0.0/16" } }],
      [
        { spec: { node: "k-w1", cidr: "10.244.95.0/26", state: "confirmed", deleted: "false" } },
        { spec: { node: "k-w2", cidr: "10.244.217.0/26", state: "pending" } },
        { spec: { node: "k-w3", cidr: "10.244.52.0/26", state: "confirmed", deleted: "true" } },
      ],
    );
    assert.deepEqual(state, { pools: [{ name: "default-ipv4-ippool", cidr: "10.244.0.0/16", blockSize: 26 }], blocks: [{ node: "k-w1", cidr: "10.244.95.0/26" }] });
  });
});

describe("a gate that does not pass", () => {
  it("stops after its bound, naming what is still missing", async () => {
    let polls = 0;
    await assert.rejects(
      pollGate("every node session Established", 0.05, async () => {
        polls++;
        return ["Leaf-1: session with k-w1 (10.1.11.1) is Active, not Established"];
      }, 10),
      /gate 'every node session Established' did not pass within 0\.05 s; the chain stops here:\n {2}Leaf-1: session with k-w1 \(10\.1\.11\.1\) is Active, not Established/,
    );
    assert.ok(polls >= 2, `polled again before giving up (${polls})`);
  });

  it("passes as soon as nothing is missing, a read error counting as missing until then", async () => {
    let polls = 0;
    await pollGate("x", 5, async () => {
      polls++;
      if (polls === 1) throw new Error("ssh: connection refused");
      return polls < 3 ? ["not yet"] : [];
    }, 1);
    assert.equal(polls, 3);
  });
});

describe("a step's diff", () => {
  const gate = { kind: "leaf-gate", what: "every leaf session Established", timeoutSeconds: 300, leaves: [{ target: { device: "Leaf-1" }, expect: { blocks: ["10.244.95.0/26"] } }] };

  it("re-runs nothing when only the gate's bound changed (a settled stack's gate would find a later step's work undone)", async () => {
    const diff = await calicoStepProvider.diff("id", gate, { ...gate, timeoutSeconds: 60 });
    assert.equal(diff.changes, false);
  });

  it("re-runs the step when what it checks changed (another block allocated)", async () => {
    const diff = await calicoStepProvider.diff("id", gate, { ...gate, leaves: [{ target: { device: "Leaf-1" }, expect: { blocks: ["10.244.95.0/26", "10.244.95.64/26"] } }] });
    assert.equal(diff.changes, true);
  });
});
