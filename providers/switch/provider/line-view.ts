// The owned lines keyed by context and setting, and the per-line diff `pulumi preview --diff` shows.

import type { ConfigLine, DialectName, OwnedConfig } from "../../dialects/types";
import { syntaxOf } from "../../dialects/registry";
import { TOP_LEVEL, contextKind, lineKey } from "../config-tree/syntax";
import type { OwnedLineView } from "./types";

/** How a line is keyed in the view: context lines by their text, other lines by their setting. */
function viewKey(dialect: DialectName, kind: string, line: ConfigLine, taken: Set<string>): string {
  if (line.children.length > 0) return line.text;
  const key = lineKey(syntaxOf(dialect), kind, line.text);
  // Settings that take several values (static routes, secondary addresses) fall back to the whole line.
  return taken.has(key) ? line.text : key;
}

export function ownedLineView(dialect: DialectName, owned: readonly ConfigLine[], kind: string = TOP_LEVEL): OwnedLineView {
  const view: OwnedLineView = {};
  const taken = new Set<string>();
  for (const line of owned) {
    const key = viewKey(dialect, kind, line, taken);
    taken.add(key);
    view[key] = line.children.length > 0 ? ownedLineView(dialect, line.children, contextKind(syntaxOf(dialect), kind, line.text)) : line.text;
  }
  return view;
}

/** A property path into the view: `ownedConfigLines["interface Ethernet2"]["ip address"]`. */
function viewPath(keys: readonly string[]): string {
  return "ownedConfigLines" + keys.map((key) => `[${JSON.stringify(key)}]`).join("");
}

type DiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";
export interface PropertyDiff {
  kind: DiffKind;
  inputDiff: boolean;
}

/** Which owned lines change, keyed by where they sit in the view: a line whose setting stays is an update. */
export function ownedLinesDetailedDiff(dialect: DialectName, before: OwnedConfig, after: OwnedConfig): Record<string, PropertyDiff> {
  const detailed: Record<string, PropertyDiff> = {};
  const compare = (oldView: OwnedLineView | undefined, newView: OwnedLineView | undefined, keys: string[]) => {
    const names = new Set([...Object.keys(oldView ?? {}), ...Object.keys(newView ?? {})]);
    for (const name of names) {
      const oldValue = oldView?.[name];
      const newValue = newView?.[name];
      const path = [...keys, name];
      if (oldValue === undefined) detailed[viewPath(path)] = { kind: "add", inputDiff: true };
      else if (newValue === undefined) detailed[viewPath(path)] = { kind: "delete", inputDiff: true };
      else if (typeof oldValue === "string" || typeof newValue === "string") {
        if (oldValue !== newValue) detailed[viewPath(path)] = { kind: "update", inputDiff: true };
      } else compare(oldValue, newValue, path);
    }
  };
  compare(ownedLineView(dialect, before), ownedLineView(dialect, after), []);
  return detailed;
}
