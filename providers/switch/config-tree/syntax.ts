// Reads a dialect's rule table: what a line is, what it is keyed by, how it is removed.

import { DialectSyntax, LineRule } from "../../dialects/types";

/** The kind of a context we have no rule for (lines inside it are unknown too). */
export const UNKNOWN_CONTEXT = "unknown";
export const TOP_LEVEL = "top";

export interface ClassifiedLine {
  rule: LineRule;
  match: RegExpMatchArray;
}

/** Single spaces, no indentation, the dialect's canonical spellings. Equal settings compare equal. */
export function canonicalText(syntax: DialectSyntax, text: string): string {
  return syntax.canonical(text.trim().replace(/\s+/g, " "));
}

export function classify(syntax: DialectSyntax, parentKind: string, text: string): ClassifiedLine | null {
  const canonical = canonicalText(syntax, text);
  for (const rule of syntax.rules) {
    if (rule.parent !== parentKind) continue;
    const match = rule.pattern.exec(canonical);
    if (match) return { rule, match };
  }
  return null;
}

/** The kind of context `text` opens inside `parentKind` (unknown contexts are still contexts). */
export function contextKind(syntax: DialectSyntax, parentKind: string, text: string): string {
  return classify(syntax, parentKind, text)?.rule.opens ?? UNKNOWN_CONTEXT;
}

export function opensContext(syntax: DialectSyntax, parentKind: string, text: string): boolean {
  return classify(syntax, parentKind, text)?.rule.opens !== undefined;
}

/** Two lines with the same key are two values of one setting. Unknown lines are their own key. */
export function lineKey(syntax: DialectSyntax, parentKind: string, text: string): string {
  const found = classify(syntax, parentKind, text);
  if (!found) return canonicalText(syntax, text);
  return found.rule.key ? found.rule.key(found.match) : canonicalText(syntax, text);
}

/** The command that removes the line: the rule's own, else `no <line>`, else the positive form of a `no` line. */
/** The key a line shares with other values of its setting, or null when the line is only itself. */
export function sharedKey(syntax: DialectSyntax, parentKind: string, text: string): string | null {
  const found = classify(syntax, parentKind, text);
  return found?.rule.key ? found.rule.key(found.match) : null;
}

export function negationOf(syntax: DialectSyntax, parentKind: string, text: string): string {
  const found = classify(syntax, parentKind, text);
  if (found?.rule.negate) return found.rule.negate(found.match);
  const canonical = canonicalText(syntax, text);
  return canonical.startsWith("no ") ? canonical.slice(3) : `no ${canonical}`;
}

export function sameKeyBehaviour(syntax: DialectSyntax, parentKind: string, text: string): "replace" | "negate-first" | "add" {
  return classify(syntax, parentKind, text)?.rule.sameKey ?? "add";
}

export function cascadePrefix(syntax: DialectSyntax, parentKind: string, text: string): string | null {
  const found = classify(syntax, parentKind, text);
  return found?.rule.cascade ? found.rule.cascade(found.match) : null;
}

export function isHidden(syntax: DialectSyntax, parentKind: string, text: string): boolean {
  return classify(syntax, parentKind, text)?.rule.hidden === true;
}

export function isRemovableContext(syntax: DialectSyntax, parentKind: string, text: string): boolean {
  return classify(syntax, parentKind, text)?.rule.removable === true;
}
