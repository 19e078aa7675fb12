// Command line of the scripts that write a file from a stack's plan (clab, diagram):
// `[stack] [--flag value]…`, every flag taking one value (unknown flags are errors naming the known
// ones); the text goes to stdout or to --out; any error is one line on stderr and exit code 1.

import * as fs from "fs";

export interface ArtifactArgs {
  stack: string;
  options: Map<string, string>;
}

export function parseArtifactArgs(argv: string[], flags: string[], defaultStack = "dev"): ArtifactArgs {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!flags.includes(flag)) throw new Error(`unknown option ${flag}: use ${flags.join(", ")}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
    options.set(flag, value);
  }
  if (positional.length > 1) throw new Error(`one stack name at most, got: ${positional.join(" ")}`);
  return { stack: positional[0] ?? defaultStack, options };
}

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
