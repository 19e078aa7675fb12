// The dev stack's diagram through Graphviz's real `dot -Tsvg` (Debian's graphviz, from setup.sh):
// it fails loudly when dot is missing, never skips.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { renderDot } from "../../../lab/diagram/dot";
import { topologyGraph } from "../../../lab/diagram/graph";
import { svgFromDot } from "../../../lab/diagram/svg";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

describe("diagram SVG (real Graphviz)", () => {
  it("renders the dev stack: every box, every cable and their addresses", function () {
    this.timeout(60_000);
    const svg = svgFromDot(renderDot(topologyGraph(buildPlan({ topology: devTopology(), secrets: ALL_SECRETS }), "dev")));
    assert.match(svg, /<svg [^>]*width="\d+pt" height="\d+pt"/);
    const text = (escaped: string) => escaped.replace(/&#45;/g, "-");
    const titles = [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => text(m[1]));
    assert.deepEqual(titles.sort(), ["Leaf-1", "Leaf-2", "Leaf-3", "Spine-1", "client", "internet", "k-master", "k-w1", "k-w2", "k-w3"]);
    const edges = [...svg.matchAll(/<g id="edge\d+" class="edge">\s*<title>([^<]*)<\/title>/g)].map((m) => text(m[1]));
    assert.equal(edges.length, 9);
    assert.ok(edges.includes("Spine-1--Leaf-2"), edges.join(", "));
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => text(m[1]));
    for (const expected of ["10.22.99.0/31", "Et2 .0", "AS 65013", "pods 10.66.3.0/24", "ens3 10.4.44.1/31", "Et4 dhcp"]) {
      assert.ok(texts.includes(expected), `the SVG shows ${expected}`);
    }
  });

  it("says how to install Graphviz when dot is missing", () => {
    assert.throws(() => svgFromDot("graph {}", "/nonexistent/dot"), /Graphviz's \/nonexistent\/dot is not installed: run `sh scripts\/setup\.sh`/);
  });
});
