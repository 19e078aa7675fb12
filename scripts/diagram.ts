// `npm run -s diagram -- [stack] [--format svg|dot|mermaid] [--out FILE]`: the stack's topology drawn
// from its plan (addresses, ASNs, pod blocks). SVG (Graphviz) by default; stdout unless --out.

import { renderDot } from "../lab/diagram/dot";
import { topologyGraph } from "../lab/diagram/graph";
import { renderMermaid } from "../lab/diagram/mermaid";
import { svgFromDot } from "../lab/diagram/svg";
import { emitArtifact, runArtifactScript } from "./artifact-cli";
import { parseCommandLine } from "./lib/command-line";
import { loadStackPlan } from "./stack-plan";

const FORMATS = ["svg", "dot", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

function main(): void {
  const options = { format: { type: "string", valueName: "FORMAT", values: FORMATS }, out: { type: "string", valueName: "FILE" } } as const;
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, ["stack"]);
  const format = (values.format ?? "svg") as Format;
  const { stack, plan } = loadStackPlan(positionals[0] ?? "dev");
  const graph = topologyGraph(plan, stack);
  const render: Record<Format, () => string> = {
    svg: () => svgFromDot(renderDot(graph)),
    dot: () => renderDot(graph),
    mermaid: () => renderMermaid(graph),
  };
  emitArtifact(render[format](), values.out);
}

runArtifactScript(main);
