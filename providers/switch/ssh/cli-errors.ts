// How a dialect recognises a refusal in what the CLI printed after a line. The patterns live with
// each dialect (providers/dialects/<name>/errors.ts); the matching is shared.

export interface CliErrorPattern {
  /** What kind of refusal, for messages and tests, e.g. "invalid input". */
  kind: string;
  pattern: RegExp;
}

export interface CliRefusal {
  kind: string;
  /** The device's own words (all it printed for that line). */
  message: string;
}

/** The first pattern that matches the output, with the whole output as the device's message. */
export function findCliRefusal(output: string, patterns: readonly CliErrorPattern[]): CliRefusal | null {
  for (const { kind, pattern } of patterns) {
    if (pattern.test(output)) return { kind, message: output.trim() };
  }
  return null;
}
