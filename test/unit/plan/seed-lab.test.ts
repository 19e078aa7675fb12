// The dev stack is the reference lab: every address, ASN and peer of ../shared/DESIGN.md's table.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { FabricPlan } from "../../../components/plan/plan-types";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

function device(plan: FabricPlan, name: string) {
  const found = plan.devices.find((d) => d.name === name);
  assert.ok(found, `device ${name} is in the plan`);
  return found;
}

function addresses(plan: FabricPlan, name: string): Record<string, string> {
  return Object.fromEntries(device(plan, name).underlay.interfaces.map((i) => [i.name, i.address]));
}

describe("plan of the dev stack (the reference lab)", () => {
  const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });

  it("gives Spine-1 the even end of every fabric /31 and its internet uplink", () => {
    assert.deepEqual(addresses(plan, "Spine-1"), {
      Ethernet1: "10.11.99.0/31",
      Ethernet2: "10.22.99.0/31",
      Ethernet3: "10.33.99.0/31",
      Ethernet4: "dhcp",
    });
    const spine = device(plan, "Spine-1");
    assert.deepEqual(spine.underlay.staticRoutes, [{ prefix: "0.0.0.0/0", nextHop: "10.0.137.1" }]);
    assert.deepEqual(spine.underlay.ospf.redistribute, ["static"], "the spine redistributes its static default into OSPF");
    assert.equal(spine.nodePeering, null);
  });

  it("gives each leaf the odd uplink address and the even end of every server /31", () => {
    assert.deepEqual(addresses(plan, "Leaf-1"), { Ethernet1: "10.11.99.1/31", Ethernet2: "10.0.11.0/31", Ethernet3: "10.1.11.0/31" });
    assert.deepEqual(addresses(plan, "Leaf-2"), { Ethernet1: "10.22.99.1/31", Ethernet2: "10.2.22.0/31" });
    assert.deepEqual(addresses(plan, "Leaf-3"), { Ethernet1: "10.33.99.1/31", Ethernet2: "10.3.33.0/31", Ethernet3: "10.4.44.0/31" });
  });

  it("uses the seed's router ids (each leaf's uplink address, as Spine-1's OSPF neighbour table shows)", () => {
    assert.equal(device(plan, "Leaf-1").routerId, "10.11.99.1");
    assert.equal(device(plan, "Leaf-2").routerId, "10.22.99.1");
    assert.equal(device(plan, "Leaf-3").routerId, "10.33.99.1");
  });

  it("runs OSPF area 0 point-to-point between switches and passive towards servers", () => {
    for (const d of plan.devices) {
      for (const i of d.underlay.interfaces) {
        if (i.address === "dhcp") {
          assert.equal(i.ospf, null, `${d.name} ${i.name}: no OSPF towards the internet`);
          continue;
        }
        assert.equal(i.ospf?.area, "0.0.0.0", `${d.name} ${i.name} in area 0`);
        const towardsSwitch = /^(Spine|Leaf)-/.test(i.description);
        assert.equal(i.ospf?.passive, !towardsSwitch, `${d.name} ${i.name} passive only towards servers`);
      }
    }
  });

  it("peers every node with its leaf over eBGP with the seed's ASNs", () => {
    const peers = plan.nodes.map((n) => [n.name, n.fabricAddress, n.asn, n.leaf, n.leafPeerAddress, n.leafAsn]);
    assert.deepEqual(peers, [
      ["k-master", "10.0.11.1/31", 65000, "Leaf-1", "10.0.11.0", 65011],
      ["k-w1", "10.1.11.1/31", 65001, "Leaf-1", "10.1.11.0", 65011],
      ["k-w2", "10.2.22.1/31", 65002, "Leaf-2", "10.2.22.0", 65012],
      ["k-w3", "10.3.33.1/31", 65003, "Leaf-3", "10.3.33.0", 65013],
    ]);
    assert.deepEqual(plan.asns, {
      leaves: { "Leaf-1": 65011, "Leaf-2": 65012, "Leaf-3": 65013 },
      nodes: { "k-master": 65000, "k-w1": 65001, "k-w2": 65002, "k-w3": 65003 },
    });
  });

  it("configures each leaf's BGP neighbours as the mirror of the node side, redistributed into OSPF", () => {
    const leaf1 = device(plan, "Leaf-1").nodePeering;
    assert.ok(leaf1);
    assert.equal(leaf1.bgp.asn, 65011);
    assert.deepEqual(
      leaf1.bgp.neighbors.map((n) => [n.address, n.remoteAsn, n.description]),
      [
        ["10.0.11.1", 65000, "k-master"],
        ["10.1.11.1", 65001, "k-w1"],
      ],
    );
    assert.deepEqual(leaf1.redistributeIntoOspf, ["bgp"]);
    assert.deepEqual(device(plan, "Leaf-2").nodePeering?.bgp.neighbors.map((n) => n.address), ["10.2.22.1"]);
    assert.deepEqual(device(plan, "Leaf-3").nodePeering?.bgp.neighbors.map((n) => n.address), ["10.3.33.1"]);
  });

  it("pins one /24 pod block per node inside 10.66.0.0/16, and only it and the services may be announced", () => {
    assert.deepEqual(
      plan.nodes.map((n) => n.podBlock),
      ["10.66.0.0/24", "10.66.1.0/24", "10.66.2.0/24", "10.66.3.0/24"],
    );
    const leaf3 = device(plan, "Leaf-3").nodePeering;
    assert.deepEqual(leaf3?.bgp.neighbors[0].allowedPrefixes, ["10.66.3.0/24", "10.96.0.0/12"]);
  });

  it("plans the client host behind Leaf-3 and the cluster's endpoint and CIDRs", () => {
    assert.deepEqual(plan.hosts, [{ name: "client", nic: "ens3", address: "10.4.44.1/31", gateway: "10.4.44.0", leaf: "Leaf-3", leafPort: "Ethernet3" }]);
    assert.equal(plan.kubernetes.controlPlaneEndpoint, "10.0.11.1");
    assert.equal(plan.kubernetes.controlPlaneNode, "k-master");
    assert.equal(plan.kubernetes.podCidr, "10.66.0.0/16");
    assert.equal(plan.kubernetes.serviceCidr, "10.96.0.0/12");
    assert.equal(plan.kubernetes.minor, "v1.28");
  });

  it("routes 10.0.0.0/8 from every node via its leaf, leaving the internet NIC alone", () => {
    for (const n of plan.nodes) {
      assert.equal(n.fabricRoute, "10.0.0.0/8");
      assert.equal(n.nic, "ens3");
    }
  });

  it("plans 8 links, all /31s, each with the upper device on the even address", () => {
    assert.equal(plan.links.length, 8);
    for (const link of plan.links) {
      const [network] = link.subnet.split("/");
      assert.equal(link.upper.address, `${network}/31`);
      assert.match(link.subnet, /\/31$/);
    }
  });
});
