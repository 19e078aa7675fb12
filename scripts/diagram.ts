// `npm run -s diagram -- [stack] [--format svg|dot|mermaid] [--out FILE]`: the stack's topology drawn
// from its plan (addresses, ASNs, pod blocks). SVG (Graphviz) by default; stdout unless --out.

import { renderDot } from "../lab/diagram/dot";
import { topologyGraph } from "../lab/diagram/graph";
import { renderMermaid } from "../lab/diagram/mermaid";
import { svgFromDot } from "../lab/diagram/svg";
import { emitArtifact, parseArtifactArgs, runArtifactScript } from "./artifact-cli";
import { loadStackPlan } from "./stack-plan";

const FORMATS = ["svg", "dot", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

function main(): void {
  const args = parseArtifactArgs(process.argv.slice(2), ["--format", "--out"]);
  const format = args.options.get("--format") ?? "svg";
  if (!(FORMATS as readonly string[]).includes(format)) throw new Error(`--format ${format}: use one of ${FORMATS.join(", ")}`);
  const { stack, plan } = loadStackPlan(args.stack);
  const graph = topologyGraph(plan, stack);
  const render: Record<Format, () => string> = {
    svg: () => svgFromDot(renderDot(graph)),
    dot: () => renderDot(graph),
    mermaid: () => renderMermaid(graph),
  };
  emitArtifact(render[format as Format](), args.options.get("--out"));
}

runArtifactScript(main);
