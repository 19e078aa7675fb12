// `npm run -s diagram -- [stack] [--format svg|dot|mermaid] [--out FILE]`: the stack's topology drawn
// from its plan (addresses, ASNs, pod blocks). SVG (Graphviz) by default; stdout unless --out.

import * as fs from "fs";
import { renderDot } from "../lab/diagram/dot";
import { topologyGraph } from "../lab/diagram/graph";
import { renderMermaid } from "../lab/diagram/mermaid";
import { svgFromDot } from "../lab/diagram/svg";
import { parseArtifactArgs } from "./artifact-args";
import { loadStackPlan } from "./stack-plan";

const FORMATS = ["svg", "dot", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

function main(): number {
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
  const text = render[format as Format]();
  const out = args.options.get("--out");
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    fs.writeFileSync(out, text);
    console.error(`wrote ${out}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
