// `npm run clab`: the plan as a containerlab topology that containerlab's own schema accepts, with the
// planned cabling (cEOS ports as ethN), kinds, images and management addresses.

import { strict as assert } from "assert";
import { parse } from "yaml";
import { buildPlan } from "../../../components/plan/build-plan";
import { FabricPlan } from "../../../components/plan/plan-types";
import { containerlabTopology, ContainerlabTopology, DEFAULT_IMAGES } from "../../../lab/containerlab/topology";
import { containerlabYaml } from "../../../lab/containerlab/to-yaml";
import { clabSchemaErrors } from "../../support/containerlab-schema";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";
import { pooledTopology } from "../../support/generated-topology";

/** What containerlab would read: the YAML text parsed back. */
function written(plan: FabricPlan, stack: string, images = DEFAULT_IMAGES): { text: string; topology: ContainerlabTopology } {
  const text = containerlabYaml(containerlabTopology(plan, stack, images));
  return { text, topology: parse(text) as ContainerlabTopology };
}

const kinds = (t: ContainerlabTopology) => Object.fromEntries(Object.entries(t.topology.nodes).map(([n, v]) => [n, v.kind]));
const mgmt = (t: ContainerlabTopology) =>
  Object.fromEntries(Object.entries(t.topology.nodes).flatMap(([n, v]) => (v["mgmt-ipv4"] ? [[n, v["mgmt-ipv4"]]] : [])));

describe("containerlab topology of the dev stack (the reference lab)", () => {
  const { text, topology } = written(buildPlan({ topology: devTopology(), secrets: ALL_SECRETS }), "dev");

  it("is valid under containerlab's JSON schema", () => {
    assert.deepEqual(clabSchemaErrors(topology), []);
  });

  it("makes EOS switches arista_ceos and nodes and the client linux, with the default images", () => {
    assert.equal(topology.name, "kube-fabric-dev");
    assert.deepEqual(kinds(topology), {
      "Spine-1": "arista_ceos",
      "Leaf-1": "arista_ceos",
      "Leaf-2": "arista_ceos",
      "Leaf-3": "arista_ceos",
      "k-master": "linux",
      "k-w1": "linux",
      "k-w2": "linux",
      "k-w3": "linux",
      client: "linux",
    });
    assert.equal(topology.topology.nodes["Leaf-2"].image, DEFAULT_IMAGES.ceos);
    assert.equal(topology.topology.nodes["k-w2"].image, DEFAULT_IMAGES.node);
    assert.equal(topology.topology.nodes["client"].image, DEFAULT_IMAGES.host);
  });

  it("cables every planned link, EthernetN as cEOS's ethN and the nodes' NICs by their planned names", () => {
    assert.deepEqual(
      topology.topology.links.map((l) => l.endpoints),
      [
        ["Spine-1:eth1", "Leaf-1:eth1"],
        ["Spine-1:eth2", "Leaf-2:eth1"],
        ["Spine-1:eth3", "Leaf-3:eth1"],
        ["Leaf-1:eth2", "k-master:ens3"],
        ["Leaf-1:eth3", "k-w1:ens3"],
        ["Leaf-2:eth2", "k-w2:ens3"],
        ["Leaf-3:eth2", "k-w3:ens3"],
        ["Leaf-3:eth3", "client:ens3"],
      ],
    );
  });

  it("notes each link's EOS port names and addresses beside it", () => {
    assert.match(text, /# fabric 10\.22\.99\.0\/31: Spine-1 Ethernet2 10\.22\.99\.0\/31 — Leaf-2 Ethernet1 10\.22\.99\.1\/31\n\s+- endpoints: \[ Spine-1:eth2, Leaf-2:eth1 \]/);
    assert.match(text, /# host 10\.4\.44\.0\/31: Leaf-3 Ethernet3 10\.4\.44\.0\/31 — client ens3 10\.4\.44\.1\/31\n/);
  });

  it("gives switches and nodes their planned management addresses on a management network holding them", () => {
    assert.deepEqual(mgmt(topology), {
      "Spine-1": "10.0.137.2",
      "Leaf-1": "10.0.137.3",
      "Leaf-2": "10.0.137.4",
      "Leaf-3": "10.0.137.5",
      "k-master": "10.0.137.12",
      "k-w1": "10.0.137.15",
      "k-w2": "10.0.137.112",
      "k-w3": "10.0.137.142",
    });
    assert.deepEqual(topology.mgmt, { network: "kube-fabric-dev-mgmt", "ipv4-subnet": "10.0.137.0/24" });
  });

  it("says in its header that the spine's internet uplink is not cabled", () => {
    assert.match(text, /^# Spine-1 Ethernet4 \(internet uplink, dhcp\) is not cabled/m);
  });

  it("takes the images it is given", () => {
    const images = { ceos: "ceos:4.33.1F", frr: "frr:x", node: "my/ubuntu:24.04", host: "alpine:3" };
    const custom = written(buildPlan({ topology: devTopology(), secrets: ALL_SECRETS }), "dev", images).topology;
    assert.equal(custom.topology.nodes["Spine-1"].image, "ceos:4.33.1F");
    assert.equal(custom.topology.nodes["k-master"].image, "my/ubuntu:24.04");
    assert.equal(custom.topology.nodes["client"].image, "alpine:3");
  });
});

describe("containerlab topology of a pooled fabric with two spines and an FRR leaf", () => {
  const config = pooledTopology({ spines: 2, leaves: 3, nodes: 5 }) as { leaves: Array<Record<string, unknown>> };
  config.leaves[1].dialect = "frr";
  const plan = buildPlan({ topology: config, secrets: ALL_SECRETS });
  const { text, topology } = written(plan, "pooled");

  it("is valid under containerlab's JSON schema", () => {
    assert.deepEqual(clabSchemaErrors(topology), []);
  });

  it("makes the FRR leaf a linux node with the FRR image", () => {
    assert.equal(topology.topology.nodes.leaf2.kind, "linux");
    assert.equal(topology.topology.nodes.leaf2.image, DEFAULT_IMAGES.frr);
    assert.equal(topology.topology.nodes.leaf1.kind, "arista_ceos");
    assert.equal(topology.topology.nodes.spine2.kind, "arista_ceos");
  });

  it("cables every leaf to both spines: cEOS ports as ethN, the FRR leaf's by their planned names", () => {
    const fabric = topology.topology.links.map((l) => l.endpoints).filter(([a]) => a.startsWith("spine"));
    assert.deepEqual(fabric.sort(), [
      ["spine1:eth1", "leaf1:eth49"],
      ["spine1:eth2", "leaf2:Ethernet49"],
      ["spine1:eth3", "leaf3:eth49"],
      ["spine2:eth1", "leaf1:eth50"],
      ["spine2:eth2", "leaf2:Ethernet50"],
      ["spine2:eth3", "leaf3:eth50"],
    ]);
    assert.equal(topology.topology.links.length, plan.links.length, "one containerlab link per planned link");
    const node3 = plan.nodes.find((n) => n.name === "node3");
    assert.ok(node3);
    assert.ok(topology.topology.links.some((l) => l.endpoints[0] === `leaf2:${node3.leafPort}` && l.endpoints[1] === "node3:ens3"), "node3 hangs off the FRR leaf's planned port");
  });

  it("sets mgmt-ipv4 only where the plan has a literal address, and says why the others have none", () => {
    assert.deepEqual(mgmt(topology), { spine1: "192.0.2.1", spine2: "192.0.2.2" });
    // spine1 holds 192.0.2.1, containerlab's default gateway: the gateway moves to the next free address
    assert.deepEqual(topology.mgmt, { network: "kube-fabric-pooled-mgmt", "ipv4-subnet": "192.0.2.0/24", "ipv4-gw": "192.0.2.3" });
    assert.match(text, /^# leaf1: management host 'leaf1\.mgmt\.example' is a name, not an IPv4 address; containerlab assigns one$/m);
    assert.match(text, /^# node5: management host 'node5\.mgmt\.example' is a name/m);
  });
});

describe("containerlab schema check", () => {
  it("rejects what containerlab would reject (the check can fail)", () => {
    const errors = clabSchemaErrors({ name: "x", topology: { nodes: { a: { kind: "arista-ceos", "mgmt-ipv4": "10.0.0.300" } }, links: [{ endpoints: ["a eth1", "b:eth1"] }] } });
    assert.ok(errors.some((e) => e.startsWith("/topology/nodes/a/kind ")), errors.join("\n"));
    assert.ok(errors.some((e) => e.startsWith("/topology/nodes/a/mgmt-ipv4 ")), errors.join("\n"));
    assert.ok(errors.some((e) => e.startsWith("/topology/links/0/endpoints/0 ")), errors.join("\n"));
  });
});
