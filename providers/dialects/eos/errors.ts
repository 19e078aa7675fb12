// What Arista EOS prints when it refuses a line. EOS marks refusals with a leading `%`; warnings
// start with `!` and do not stop a change. Sources: the reference lab, Arista's EOS manual, and the public
// automation libraries that drive the EOS CLI.

import { CliErrorPattern, CliRefusal, findCliRefusal } from "../../switch/ssh/cli-errors";

export const EOS_ERROR_PATTERNS: readonly CliErrorPattern[] = [
  { kind: "invalid input", pattern: /^% ?Invalid input/im },
  { kind: "incomplete command", pattern: /^% ?Incomplete command/im },
  { kind: "ambiguous command", pattern: /^% ?Ambiguous command/im },
  { kind: "unavailable command", pattern: /^% ?Unavailable command/im },
  { kind: "address overlap", pattern: /^% ?(?:Address|Subnet) .* overlaps/im },
  { kind: "pending session limit", pattern: /^% ?.*maximum number of pending sessions|pending sessions has been reached/im },
  { kind: "session error", pattern: /^% ?(?:Cannot|Can't|Could not) .*session/im },
  { kind: "not supported", pattern: /^% ?.*\bnot supported\b/im },
  { kind: "error", pattern: /^% ?Error/im },
  // Anything else EOS marks with `%` is a refusal too: better to stop than to guess.
  { kind: "refused", pattern: /^% /m },
];

/** The refusal in the output of a configuration line, or null if EOS accepted it. */
export function findEosRefusal(output: string): CliRefusal | null {
  return findCliRefusal(output, EOS_ERROR_PATTERNS);
}

/** Warning lines (`! …`) EOS printed for an accepted line. */
export function eosWarnings(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("!") && line.length > 1);
}
