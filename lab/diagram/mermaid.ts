// TopologyGraph → a Mermaid flowchart in a Markdown fence (GitHub draws it in the README), with the
// cluster-wide facts as a list under it. Mermaid ids are the names made identifier-safe.

import { Edge, TopologyGraph, Vertex, VertexKind } from "./graph";

const CLASS_STYLE: Record<VertexKind, string> = {
  internet: "fill:#eeeeee,stroke:#999999",
  spine: "fill:#cfe2f3,stroke:#3d85c6",
  leaf: "fill:#d9ead3,stroke:#6aa84f",
  node: "fill:#fff2cc,stroke:#bf9000",
  host: "fill:#f4cccc,stroke:#cc0000",
};

/** Text inside a quoted Mermaid label: its own markup characters as entity codes. */
export function mermaidText(text: string): string {
  return text.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

/** Identifier-safe, unique ids: Spine-1 → Spine_1 (a second Spine_1 becomes Spine_1_2). */
function mermaidIds(vertices: Vertex[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const v of vertices) {
    // "end" closes a subgraph in Mermaid: never an id.
    const safe = v.name.replace(/[^A-Za-z0-9_]/g, "_");
    const base = safe.toLowerCase() === "end" ? `${safe}_` : safe;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(v.name, id);
  }
  return ids;
}

function edgeLabel(e: Edge): string {
  return [e.fromLabel, e.label, e.toLabel].filter(Boolean).map(mermaidText).join(" · ");
}

export function renderMermaid(graph: TopologyGraph): string {
  const vertices = graph.tiers.flat();
  const ids = mermaidIds(vertices);
  const id = (name: string) => ids.get(name) ?? name;
  const label = (v: Vertex) => [`<b>${mermaidText(v.name)}</b>`, ...v.details.map(mermaidText)].join("<br/>");
  const kinds = [...new Set(vertices.map((v) => v.kind))];
  return [
    "```mermaid",
    "flowchart TB",
    ...vertices.map((v) => `  ${id(v.name)}${v.kind === "internet" ? `(("${label(v)}"))` : `["${label(v)}"]`}`),
    ...graph.edges.map((e) => `  ${id(e.from)} ${e.kind === "uplink" ? "-.-" : "---"}|"${edgeLabel(e)}"| ${id(e.to)}`),
    ...kinds.map((k) => `  classDef ${k}Box ${CLASS_STYLE[k]}`),
    ...kinds.map((k) => `  class ${vertices.filter((v) => v.kind === k).map((v) => id(v.name)).join(",")} ${k}Box`),
    "```",
    "",
    ...graph.footer.map((line) => `- ${line}`),
    "",
  ].join("\n");
}
