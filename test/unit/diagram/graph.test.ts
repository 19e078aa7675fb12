// `npm run diagram`: the plan drawn as boxes and cables, with addresses, ASNs and pod blocks, in DOT
// and Mermaid. Pure renderers: asserted on their text, no I/O.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { renderDot } from "../../../lab/diagram/dot";
import { INTERNET, topologyGraph } from "../../../lab/diagram/graph";
import { renderMermaid } from "../../../lab/diagram/mermaid";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";
import { pooledTopology } from "../../support/generated-topology";

const devPlan = () => buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });

describe("topology diagram of the dev stack (the reference lab)", () => {
  const graph = topologyGraph(devPlan(), "dev");
  const vertex = (name: string) => {
    const found = graph.tiers.flat().find((v) => v.name === name);
    assert.ok(found, `${name} is drawn`);
    return found;
  };

  it("draws internet, spine, leaves and servers in tiers from top to bottom", () => {
    assert.deepEqual(
      graph.tiers.map((t) => t.map((v) => v.name)),
      [[INTERNET], ["Spine-1"], ["Leaf-1", "Leaf-2", "Leaf-3"], ["k-master", "k-w1", "k-w2", "k-w3", "client"]],
    );
  });

  it("labels switches with role, dialect, ASN and router id, nodes with AS, fabric address and pod block", () => {
    assert.deepEqual(vertex("Spine-1").details, ["spine · eos", "router-id 10.11.99.0"]);
    assert.deepEqual(vertex("Leaf-2").details, ["leaf · eos", "AS 65012", "router-id 10.22.99.1"]);
    assert.deepEqual(vertex("k-master").details, ["control-plane", "AS 65000", "ens3 10.0.11.1/31", "pods 10.66.0.0/24"]);
    assert.deepEqual(vertex("k-w3").details, ["worker", "AS 65003", "ens3 10.3.33.1/31", "pods 10.66.3.0/24"]);
    assert.deepEqual(vertex("client").details, ["host", "ens3 10.4.44.1/31"]);
  });

  it("draws one edge per planned link with both ends' ports and addresses and the /31, plus the internet uplink", () => {
    assert.deepEqual(
      graph.edges.map((e) => [e.from, e.fromLabel, e.label, e.toLabel, e.to]),
      [
        [INTERNET, "", "default via 10.0.137.1", "Et4 dhcp", "Spine-1"],
        ["Spine-1", "Et1 .0", "10.11.99.0/31", "Et1 .1", "Leaf-1"],
        ["Spine-1", "Et2 .0", "10.22.99.0/31", "Et1 .1", "Leaf-2"],
        ["Spine-1", "Et3 .0", "10.33.99.0/31", "Et1 .1", "Leaf-3"],
        ["Leaf-1", "Et2 .0", "10.0.11.0/31", "ens3 .1", "k-master"],
        ["Leaf-1", "Et3 .0", "10.1.11.0/31", "ens3 .1", "k-w1"],
        ["Leaf-2", "Et2 .0", "10.2.22.0/31", "ens3 .1", "k-w2"],
        ["Leaf-3", "Et2 .0", "10.3.33.0/31", "ens3 .1", "k-w3"],
        ["Leaf-3", "Et3 .0", "10.4.44.0/31", "ens3 .1", "client"],
      ],
    );
  });

  it("states the cluster-wide facts under the drawing", () => {
    assert.deepEqual(graph.footer, [
      "pods 10.66.0.0/16 (a /24 per node), services 10.96.0.0/12, API 10.0.11.1:6443 on k-master",
      "OSPF area 0.0.0.0, redistributing static by the spines, bgp by the leaves",
      "leaves peer eBGP with their nodes",
      "nodes route 10.0.0.0/8 via their leaf",
      "Kubernetes 1.28.15, Calico 3.28.5",
    ]);
  });

  it("writes DOT with one rank per tier, a labelled node per box and an edge per cable", () => {
    const dot = renderDot(graph);
    assert.match(dot, /^graph "kube-fabric stack dev" \{\n/);
    assert.match(dot, /\n  \{ rank=same; "Leaf-1"; "Leaf-2"; "Leaf-3"; \}\n/);
    assert.match(dot, /\n  "k-w2" \[label="k-w2\\nworker\\nAS 65002\\nens3 10\.2\.22\.1\/31\\npods 10\.66\.2\.0\/24", shape=box, fillcolor="#fff2cc"\];\n/);
    assert.match(dot, /\n  "Spine-1" -- "Leaf-3" \[label="10\.33\.99\.0\/31", taillabel="Et3 \.0", headlabel="Et1 \.1"\];\n/);
    assert.match(dot, /\n  "internet" -- "Spine-1" \[label="default via 10\.0\.137\.1", headlabel="Et4 dhcp", style=dashed\];\n/);
    assert.equal(dot.match(/ -- /g)?.length, 9);
  });

  it("writes Mermaid with identifier-safe ids, the same labels, and the facts as a list", () => {
    const md = renderMermaid(graph);
    assert.match(md, /^```mermaid\nflowchart TB\n/);
    assert.match(md, /\n  Leaf_1\["<b>Leaf-1<\/b><br\/>leaf · eos<br\/>AS 65011<br\/>router-id 10\.11\.99\.1"\]\n/);
    assert.match(md, /\n  Leaf_1 ---\|"Et2 \.0 · 10\.0\.11\.0\/31 · ens3 \.1"\| k_master\n/);
    assert.match(md, /\n  internet -\.-\|"default via 10\.0\.137\.1 · Et4 dhcp"\| Spine_1\n/);
    assert.match(md, /\n```\n\n- pods 10\.66\.0\.0\/16 \(a \/24 per node\)/);
    assert.equal(md.match(/ (---|-\.-)\|/g)?.length, 9);
  });
});

describe("topology diagram of a pooled fabric with two spines", () => {
  const plan = buildPlan({ topology: pooledTopology({ spines: 2, leaves: 3, nodes: 5 }), secrets: ALL_SECRETS });
  const graph = topologyGraph(plan, "pooled");

  it("has no internet tier when no spine has an uplink, and every leaf cabled to both spines", () => {
    assert.deepEqual(graph.tiers.map((t) => t.length), [2, 3, 5]);
    for (const leaf of ["leaf1", "leaf2", "leaf3"]) {
      assert.deepEqual(graph.edges.filter((e) => e.to === leaf).map((e) => e.from).sort(), ["spine1", "spine2"]);
    }
    assert.equal(graph.edges.length, plan.links.length);
  });

  it("labels each node with its pooled AS and pod block", () => {
    for (const n of plan.nodes) {
      const v = graph.tiers[2].find((x) => x.name === n.name);
      assert.ok(v?.details.includes(`AS ${n.asn}`) && v.details.includes(`pods ${n.podBlock}`), `${n.name}: ${v?.details.join(", ")}`);
    }
  });
});
