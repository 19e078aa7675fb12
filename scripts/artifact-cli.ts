// What the scripts that write a file from a stack's plan (clab, diagram) share: the text goes to
// stdout or to --out; any error is one line on stderr and exit code 1. Their command line is read by
// lib/command-line.ts like every script's.

import * as fs from "fs";

/** Writes the text to stdout, or to `out` with a line on stderr saying where (and what next). */
export function emitArtifact(text: string, out: string | undefined, next = ""): void {
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    fs.writeFileSync(out, text);
    console.error(`wrote ${out}${next}`);
  }
}

/** Runs a script's main: an error becomes its message on stderr and exit code 1. */
export function runArtifactScript(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
