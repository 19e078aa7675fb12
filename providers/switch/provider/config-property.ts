// The `config` property: the owned lines as CLI text (config-tree/config-text.ts), one string. The engine
// diffs a multi-line string row by row (`-`/`+` with two rows of context) in `pulumi preview --diff`, which is
// what a reviewer reads; the Node dynamic-provider host drops detailedDiff, so no other shape could do that.
// (A text asset would print whole on a create, but the engine elides asset text from displays and from what
// it sends a provider on diff, update and delete: `<contents elided>`.)

import type { OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import { configText, parseConfigText } from "../config-tree/config-text";

/** The property for a tree of owned lines: CLI text, one line per row, children indented as the device does. */
export function configPropertyOf(dialect: DialectName, owned: OwnedConfig): string {
  return configText(dialect, owned);
}

/** The text of a `config` value, or null when it is not text. */
export function configTextOf(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The owned lines a stored or checked `config` holds (empty when there is none). */
export function ownedConfigOf(value: unknown): OwnedConfig {
  const text = configTextOf(value);
  return text === null ? [] : parseConfigText(text);
}
