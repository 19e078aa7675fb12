// Command line of the scripts that write a file from a stack's plan (clab, diagram):
// `[stack] [--flag value]…`, every flag taking one value. Unknown flags are errors naming the known ones.

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
