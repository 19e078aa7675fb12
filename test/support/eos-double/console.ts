// A person at an EOS double's console: configuration typed outside any SSH session (a hand edit).

import { EosCli } from "./cli";
import type { EosDoubleHandle } from "./server";

/** Types `lines` in configure mode at the double's console; a refused line throws with the double's message. */
export function typeAtConsole(double: EosDoubleHandle, lines: readonly string[]): void {
  const cli = new EosCli(double.device, { user: "console", privileged: true, terminal: "console", invalidInputStyle: "token" });
  for (const line of ["configure", ...lines, "end"]) {
    const refused = cli.execute(line).output.find((l) => l.startsWith("%"));
    if (refused) throw new Error(`console: '${line}' refused: ${refused}`);
  }
}
