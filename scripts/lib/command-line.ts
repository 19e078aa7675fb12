// The one command-line reader of the scripts: node:util parseArgs, strict, so every script treats
// flags the same way: an unknown flag, a flag without its value, a value outside its list or one
// positional too many is an error naming what the script accepts. `--flag value` and `--flag=value`
// both work.

import { parseArgs } from "node:util";

export type OptionSpec =
  | { type: "string"; /** Shown in errors, e.g. LABSTACK. */ valueName: string; values?: readonly string[] }
  | { type: "boolean" };

export type OptionValues<T extends Record<string, OptionSpec>> = {
  [K in keyof T]?: T[K] extends { type: "boolean" } ? boolean : string;
};

export interface CommandLine<T extends Record<string, OptionSpec>> {
  values: OptionValues<T>;
  positionals: string[];
}

function describeOption(name: string, spec: OptionSpec): string {
  if (spec.type === "boolean") return `--${name}`;
  return `--${name} ${spec.values ? spec.values.join("|") : spec.valueName}`;
}

/** Parses argv; `positionals` names what the positionals are (e.g. ["stack"]): more of them is an error. */
export function parseCommandLine<T extends Record<string, OptionSpec>>(argv: readonly string[], options: T, positionals: readonly string[]): CommandLine<T> {
  const known = Object.entries(options).map(([name, spec]) => describeOption(name, spec));
  const accepts = `${positionals.map((p) => `[${p}]`).join(" ")}${known.length ? ` ${known.map((k) => `[${k}]`).join(" ")}` : ""}`.trim() || "no arguments";
  const parserOptions = Object.fromEntries(Object.entries(options).map(([name, spec]) => [name, { type: spec.type }]));
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: parserOptions, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const flag = /'(-[^' ]+)/.exec(error instanceof Error ? error.message : "")?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new Error(`unknown option ${flag}: this command takes ${accepts}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = flag.replace(/^--?/, "");
      const spec = options[name];
      throw new Error(spec?.type === "boolean" ? `--${name} takes no value` : `--${name} needs a value (${spec ? describeOption(name, spec) : flag})`);
    }
    throw error;
  }
  for (const [name, spec] of Object.entries(options)) {
    const value = parsed.values[name];
    if (spec.type !== "string" || value === undefined) continue;
    if (value === "") throw new Error(`--${name} needs a value (${describeOption(name, spec)})`);
    if (spec.values && !spec.values.includes(value as string)) throw new Error(`--${name} ${String(value)}: use one of ${spec.values.join(", ")}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new Error(`unexpected argument ${parsed.positionals.slice(positionals.length).join(" ")}: this command takes ${accepts}`);
  }
  return { values: parsed.values as OptionValues<T>, positionals: parsed.positionals };
}
