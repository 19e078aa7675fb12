// Names and labels reach DOT and Mermaid as text, never as syntax.

import { strict as assert } from "assert";
import { dotString, renderDot } from "../../../lab/diagram/dot";
import { TopologyGraph } from "../../../lab/diagram/graph";
import { mermaidText, renderMermaid } from "../../../lab/diagram/mermaid";

describe("diagram escaping", () => {
  it("quotes DOT strings, escaping quotes and backslashes, joining lines with \\n", () => {
    assert.equal(dotString('a "b"', "c\\d"), '"a \\"b\\"\\nc\\\\d"');
  });

  it("turns Mermaid's markup characters into entity codes", () => {
    assert.equal(mermaidText('say "hi" <b> #1'), "say #quot;hi#quot; #lt;b#gt; #35;1");
  });

  it("gives Mermaid ids that are identifiers, unique, and never the keyword end", () => {
    const graph: TopologyGraph = {
      title: "t",
      tiers: [[{ name: "sw-1", kind: "spine", details: [] }, { name: "sw_1", kind: "spine", details: [] }, { name: "end", kind: "leaf", details: [] }]],
      edges: [{ kind: "fabric", from: "sw-1", to: "end", fromLabel: "a", toLabel: "b", label: "c" }],
      footer: [],
    };
    const md = renderMermaid(graph);
    assert.match(md, /\n  sw_1\["<b>sw-1<\/b>"\]\n  sw_1_2\["<b>sw_1<\/b>"\]\n  end_\["<b>end<\/b>"\]\n/);
    assert.match(md, /\n  sw_1 ---\|"a · c · b"\| end_\n/);
    assert.match(renderDot(graph), /\n  "sw-1" -- "end" /);
  });
});
