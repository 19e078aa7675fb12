// What FRR's vtysh prints when it refuses a line (checked on FRR 8.4 vtysh). Many refusals carry no
// `%` mark ("BGP is already running; AS is 65011", "Please remove all network commands first."),
// and an accepted configuration line prints nothing — so any output in config mode is a refusal.

import { CliErrorPattern, CliRefusal, findCliRefusal } from "../../switch/ssh/cli-errors";

export const FRR_ERROR_PATTERNS: readonly CliErrorPattern[] = [
  { kind: "unknown command", pattern: /^% ?Unknown command/im },
  { kind: "incomplete command", pattern: /^% ?Command incomplete/im },
  { kind: "ambiguous command", pattern: /^% ?Ambiguous command/im },
  { kind: "configuration failed", pattern: /^% ?Configuration failed/im },
  { kind: "not found", pattern: /^% ?Can't find|^% ?(?:There is )?no such/im },
  { kind: "precondition", pattern: /^% ?Specify remote-as|^Please remove|^% ?OSPF is not running|^% ?Please specify/im },
  { kind: "other process running", pattern: /^BGP is already running|already running/im },
  { kind: "deprecated", pattern: /deprecated/i },
  { kind: "warning", pattern: /^% ?Warning|^Warning/im },
  { kind: "refused", pattern: /^%/m },
  // vtysh prints nothing for a line it accepted; whatever it printed, the line did not do only what we asked.
  { kind: "unexpected output", pattern: /\S/ },
];

/** The refusal in the output of a configuration line, or null if vtysh accepted it silently. */
export function findFrrRefusal(output: string): CliRefusal | null {
  return findCliRefusal(output, FRR_ERROR_PATTERNS);
}

/** vtysh has no `write memory` (or not in this build): the change stays running-only. */
export const FRR_WRITE_UNSUPPORTED = /^% ?Unknown command|^% ?Command incomplete/im;
/** `write memory` reports each file it wrote, or `[OK]` with integrated config. */
export const FRR_WRITE_DONE = /Configuration saved to|\[OK\]/;
