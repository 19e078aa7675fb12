// DOT → SVG with Graphviz's `dot` (Debian's graphviz, installed by scripts/setup.sh). The one I/O
// step of the diagram.

import { spawnSync } from "child_process";

export function svgFromDot(dot: string, dotBinary = "dot"): string {
  const run = spawnSync(dotBinary, ["-Tsvg"], { input: dot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(`Graphviz's ${dotBinary} is not installed: run \`sh scripts/setup.sh\` (it installs Debian's graphviz)`);
  }
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${dotBinary} -Tsvg failed (exit ${run.status}): ${run.stderr.trim()}`);
  return run.stdout;
}
