// Observers of this process's provider: CLI transcript and operational messages (tests, the bench).

import type { TranscriptEntry } from "../ssh/shell";

export interface ProviderHooks {
  /** Every CLI command and its output (secrets excluded), e.g. for debugging. */
  onTranscript?: (entry: TranscriptEntry) => void;
  /** Operational messages (device diffs, warnings). */
  log?: (message: string) => void;
  /** For the fault sweep: the line typed in place of a command, e.g. one the device refuses. */
  alterCommand?: (command: string, device: string) => string;
}

let hooks: ProviderHooks = {};

/** For tests and the bench: observe the CLI traffic of this process's provider. */
export function setProviderHooks(next: ProviderHooks): void {
  hooks = next;
}

/** The hooks set last (none by default). */
export function providerHooks(): ProviderHooks {
  return hooks;
}
