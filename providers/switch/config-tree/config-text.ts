// The owned lines as CLI text, the one form a switch resource's `config` property holds: device order, one
// line per line, children indented as the device's `show running-config` indents them (EOS 3 spaces, FRR 1).
// A reviewer reads it as config; `pulumi preview --diff` diffs it line by line. Pure.

import { syntaxOf } from "../../dialects/registry";
import type { ConfigLine, OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";

/** The lines as text, one per row, indented by depth; every row ends with a line break. */
export function configText(dialect: DialectName, owned: readonly ConfigLine[]): string {
  const indent = syntaxOf(dialect).indent;
  const rows: string[] = [];
  const print = (lines: readonly ConfigLine[], depth: number) => {
    for (const line of lines) {
      rows.push(`${" ".repeat(indent * depth)}${line.text}`);
      print(line.children, depth + 1);
    }
  };
  print(owned, 0);
  return rows.map((row) => `${row}\n`).join("");
}

export class ConfigTextError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
    this.name = "ConfigTextError";
  }
}

/**
 * The tree back from the text: a row indented deeper than the row before it is that row's child; blank rows
 * are ignored. Every row is kept as written (no `!`, `exit` or folding: this is our text, not a device's).
 */
export function parseConfigText(text: string): OwnedConfig {
  const root: ConfigLine[] = [];
  const open: { indent: number; line: ConfigLine }[] = [];
  text.split("\n").forEach((raw, index) => {
    const row = raw.replace(/\r$/, "");
    if (row.trim() === "") return;
    if (/\t/.test(row)) throw new ConfigTextError(index + 1, "indent with spaces, not tabs");
    const indent = row.length - row.trimStart().length;
    while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
    if (open.length === 0 && indent > 0) throw new ConfigTextError(index + 1, `'${row.trim()}' is indented but no line above it opens a context`);
    const line: ConfigLine = { text: row.trim(), children: [] };
    (open.length > 0 ? open[open.length - 1].line.children : root).push(line);
    open.push({ indent, line });
  });
  return root;
}
