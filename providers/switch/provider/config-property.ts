// The `config` property: the owned lines as CLI text (config-tree/config-text.ts), carried as a Pulumi text
// asset. An asset because that is the one value the engine prints whole and in rows on a create
// (`asset(text:…) {` then each line) and diffs row by row on an update (`-`/`+` with two rows of context);
// a plain string would print as one quoted, escaped line cut after three rows. The Node dynamic provider
// host hands properties over as raw JSON, so the asset arrives and leaves in Pulumi's wire form.

import { createHash } from "crypto";
import type { DialectName, OwnedConfig } from "../../dialects/types";
import { configText, parseConfigText } from "../config-tree/config-text";
import { asRecord } from "./props";

/** Pulumi's wire markers: the key naming a special value, and the value that says "asset". */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIGNATURE = "c44067f5952c0a294b673a41bacd8c17";

/** A text asset on the wire. `hash` is the SHA-256 of the text, as the engine computes it. */
export interface ConfigTextProperty {
  [SIGNATURE_KEY]: typeof ASSET_SIGNATURE;
  hash: string;
  text: string;
}

export function configProperty(text: string): ConfigTextProperty {
  return { [SIGNATURE_KEY]: ASSET_SIGNATURE, hash: createHash("sha256").update(text, "utf8").digest("hex"), text };
}

/** The property for a tree of owned lines. */
export function configPropertyOf(dialect: DialectName, owned: OwnedConfig): ConfigTextProperty {
  return configProperty(configText(dialect, owned));
}

/** The text of a `config` value: a text asset on the wire, or (as tests and older callers give it) a string. */
export function configTextOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  const record = asRecord(value);
  if (record[SIGNATURE_KEY] === ASSET_SIGNATURE && typeof record.text === "string") return record.text;
  return null;
}

/** The owned lines a stored or checked `config` holds (empty when there is none). */
export function ownedConfigOf(value: unknown): OwnedConfig {
  const text = configTextOf(value);
  return text === null ? [] : parseConfigText(text);
}
