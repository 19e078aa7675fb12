// TopologyGraph → Graphviz DOT (`dot -Tsvg` draws it): one rank per tier, ports and addresses at
// each end of an edge, the subnet in its middle.

import { Edge, TopologyGraph, Vertex, VertexKind } from "./graph";

const FILL: Record<VertexKind, string> = {
  internet: "#eeeeee",
  spine: "#cfe2f3",
  leaf: "#d9ead3",
  node: "#fff2cc",
  host: "#f4cccc",
};

/** A DOT double-quoted string; "\n" inside `lines` joins become DOT's centred line breaks. */
export function dotString(...lines: string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"/g, '\\"')).join("\\n")}"`;
}

function vertexLine(v: Vertex): string {
  const shape = v.kind === "internet" ? "ellipse" : "box";
  return `  ${dotString(v.name)} [label=${dotString(v.name, ...v.details)}, shape=${shape}, fillcolor=${dotString(FILL[v.kind])}];`;
}

function edgeLine(e: Edge): string {
  const attributes = [
    `label=${dotString(e.label)}`,
    ...(e.fromLabel ? [`taillabel=${dotString(e.fromLabel)}`] : []),
    ...(e.toLabel ? [`headlabel=${dotString(e.toLabel)}`] : []),
    ...(e.kind === "uplink" ? ["style=dashed"] : []),
  ];
  return `  ${dotString(e.from)} -- ${dotString(e.to)} [${attributes.join(", ")}];`;
}

export function renderDot(graph: TopologyGraph): string {
  return [
    `graph ${dotString(graph.title)} {`,
    `  graph [label=${dotString(graph.title, ...graph.footer)}, labelloc=b, fontname="Helvetica", fontsize=11, ranksep=1.1, nodesep=0.5];`,
    '  node [style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, labeldistance=2.2];',
    ...graph.tiers.map((tier) => `  { rank=same; ${tier.map((v) => dotString(v.name)).join("; ")}; }`),
    ...graph.tiers.flat().map(vertexLine),
    ...graph.edges.map(edgeLine),
    "}",
    "",
  ].join("\n");
}
