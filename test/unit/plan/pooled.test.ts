// Pooled addressing: deterministic, and growth never renumbers what exists.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { FabricPlan } from "../../../components/plan/plan-types";
import { ALL_SECRETS } from "../../support/dev-stack";
import { pooledTopology } from "../../support/generated-topology";

type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const plan = (topology: unknown): FabricPlan => buildPlan({ topology, secrets: ALL_SECRETS });
const linkKey = (p: FabricPlan) => new Map(p.links.map((l) => [`${l.upper.device}:${l.upper.interface}`, l.subnet]));

describe("pooled addressing", () => {
  it("yields the same plan for the same input", () => {
    const topology = pooledTopology({ spines: 2, leaves: 4, nodes: 10 });
    assert.deepEqual(plan(topology), plan(structuredClone(topology)));
  });

  it("cuts the pool into /31s: fabric links first by (leaf, spine), then server links by (leaf, port)", () => {
    const p = plan(pooledTopology({ spines: 2, leaves: 2, nodes: 3 }));
    const uplink = p.links.find((l) => l.upper.device === "spine2" && l.lower.device === "leaf2");
    // leaf 2, spine 2 with maxSpines 4: slot (2-1)*4 + (2-1) = 5 → 10.0.0.10/31
    assert.deepEqual([uplink?.subnet, uplink?.upper.address, uplink?.lower.address], ["10.0.0.10/31", "10.0.0.10/31", "10.0.0.11/31"]);
    const node3 = p.nodes.find((n) => n.name === "node3");
    // server base 32*4 = 128; leaf 2 port 1: 128 + 48 + 0 = 176 → 10.0.1.96/31
    assert.equal(node3?.fabricAddress, "10.0.1.97/31");
    assert.equal(node3?.leafPeerAddress, "10.0.1.96");
  });

  it("gives loopbacks by id and uses them as router ids", () => {
    const p = plan(pooledTopology({ spines: 2, leaves: 2, nodes: 2 }));
    assert.deepEqual(
      p.devices.map((d) => [d.name, d.loopback, d.routerId]),
      [
        ["spine1", "10.255.0.1/32", "10.255.0.1"],
        ["spine2", "10.255.0.2/32", "10.255.0.2"],
        ["leaf1", "10.255.0.5/32", "10.255.0.5"],
        ["leaf2", "10.255.0.6/32", "10.255.0.6"],
      ],
    );
  });

  it("never renumbers existing links when a node is added, even in the middle of the list", () => {
    const topology = pooledTopology({ spines: 2, leaves: 3, nodes: 6 }) as Tree;
    const before = linkKey(plan(topology));
    topology.nodes.splice(2, 0, { ...structuredClone(topology.nodes[1]), name: "newnode", leafPort: "Ethernet40", ssh: { ...topology.nodes[1].ssh, host: "newnode.mgmt.example" } });
    const after = linkKey(plan(topology));
    for (const [key, subnet] of before) assert.equal(after.get(key), subnet, `${key} kept its /31`);
    assert.equal(after.size, before.size + 1);
  });

  it("keeps every node's AS and pod block when a node is appended (ids default to list position)", () => {
    const topology = pooledTopology({ spines: 2, leaves: 3, nodes: 6 }) as Tree;
    const before = plan(topology);
    topology.nodes.push({ ...structuredClone(topology.nodes[1]), name: "node7", leafPort: "Ethernet41", ssh: { ...topology.nodes[1].ssh, host: "node7.mgmt.example" } });
    const after = plan(topology);
    for (const n of before.nodes) {
      const same = after.nodes.find((x) => x.name === n.name);
      assert.deepEqual([same?.asn, same?.podBlock, same?.fabricAddress], [n.asn, n.podBlock, n.fabricAddress], n.name);
    }
  });

  it("never renumbers existing links or loopbacks when a leaf is appended", () => {
    const topology = pooledTopology({ spines: 2, leaves: 3, nodes: 6 }) as Tree;
    const before = plan(topology);
    topology.leaves.push({ ...structuredClone(topology.leaves[2]), name: "leaf4", mgmt: { host: "leaf4.mgmt.example", hostKey: topology.leaves[2].mgmt.hostKey } });
    topology.leaves[3].uplinks = topology.leaves[3].uplinks.map((u: Tree, s: number) => ({ ...u, spinePort: `Ethernet${10 + s}` }));
    topology.asns.leaves.last += 1;
    const after = plan(topology);
    const afterLinks = linkKey(after);
    for (const [key, subnet] of linkKey(before)) assert.equal(afterLinks.get(key), subnet, `${key} kept its /31`);
    for (const d of before.devices) assert.equal(after.devices.find((x) => x.name === d.name)?.loopback, d.loopback);
  });

  it("keeps every link of a large fabric distinct and inside the pool", () => {
    const p = plan(pooledTopology({ spines: 4, leaves: 32, nodes: 512 }));
    assert.equal(p.links.length, 4 * 32 + 512);
    assert.equal(new Set(p.links.map((l) => l.subnet)).size, p.links.length);
    for (const l of p.links) assert.match(l.subnet, /^10\.0\.\d+\.\d+\/31$/);
    assert.equal(new Set(p.nodes.map((n) => n.podBlock)).size, 512);
  });
});
