// Running configs as trees of lines: parse `show running-config`, print it back, and compare owned lines
// with what a device runs (drift for `pulumi refresh`, line diffs for `pulumi preview --diff`). Pure.

import { syntaxOf } from "../../dialects/registry";
import { ConfigLine, DialectSyntax, LinePath, OwnedConfig } from "../../dialects/types";
import { DialectName } from "../../../model/device-plan";
import {
  TOP_LEVEL,
  canonicalText,
  classify,
  contextKind,
  isHidden,
  lineKey,
  sameKeyBehaviour,
  sharedKey,
} from "./syntax";

// ---------------------------------------------------------------------------------------------- parse

/** Lines that carry no configuration: comments, separators, mode exits, banners around the output. */
const NOT_CONFIG = /^(!.*|exit|exit-address-family|exit-vrf|end|Building configuration\.\.\.|Current configuration:.*)$/;

/**
 * Parses `show running-config` output into a tree by indentation (EOS: 3 spaces a level, FRR: 1).
 * Starts at the output's header when there is one (so an echoed prompt or command before it is ignored)
 * and stops at the top-level `end`.
 */
export function parseRunningConfig(dialect: DialectName, text: string): ConfigLine[] {
  const syntax = syntaxOf(dialect);
  const rows = text.replace(/\r/g, "").split("\n");
  const header = rows.findIndex((row) => /^(! Command: |Building configuration|Current configuration)/.test(row));
  const root: ConfigLine[] = [];
  const stack: { indent: number; line: ConfigLine }[] = [];
  for (const row of rows.slice(Math.max(header, 0))) {
    if (row.trimEnd() === "end") break;
    const content = row.trim();
    if (content === "" || NOT_CONFIG.test(content)) continue;
    const indent = row.length - row.trimStart().length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const line: ConfigLine = { text: content, children: [] };
    const parent = stack.length > 0 ? stack[stack.length - 1].line.children : root;
    parent.push(line);
    stack.push({ indent, line });
  }
  return foldOldForms(syntax, root);
}

function foldOldForms(syntax: DialectSyntax, root: ConfigLine[]): ConfigLine[] {
  if (!syntax.foldTopLevel) return root;
  const folded: ConfigLine[] = [];
  for (const line of root) {
    const parts = line.children.length === 0 ? syntax.foldTopLevel(line.text) : null;
    if (!parts) {
      folded.push(line);
      continue;
    }
    let context = folded.find((l) => l.text === parts.context);
    if (!context) {
      context = { text: parts.context, children: [] };
      folded.push(context);
    }
    context.children.push({ text: parts.child, children: [] });
  }
  return folded;
}

// ---------------------------------------------------------------------------------------------- print

/** Prints a tree the way the dialect's `show running-config` does (EOS `!` and `end`, FRR also `exit`). */
export function printRunningConfig(dialect: DialectName, tree: readonly ConfigLine[]): string {
  const syntax = syntaxOf(dialect);
  const out: string[] = ["!"];
  const print = (line: ConfigLine, kind: string, depth: number) => {
    const pad = " ".repeat(syntax.indent * depth);
    out.push(`${pad}${line.text}`);
    if (!isContextLine(syntax, kind, line)) return;
    const childKind = contextKind(syntax, kind, line.text);
    line.children.forEach((child, index) => {
      // A nested block is set off by `!` from the lines before it.
      if (child.children.length > 0 && index > 0) out.push(`${pad}${" ".repeat(syntax.indent)}!`);
      print(child, childKind, depth + 1);
    });
    if (syntax.printsExits) out.push(`${pad}${syntax.exitCommand(childKind)}`);
  };
  tree.forEach((line, index) => {
    print(line, TOP_LEVEL, 0);
    const next = tree[index + 1];
    const grouped =
      next !== undefined &&
      !isContextLine(syntax, TOP_LEVEL, line) &&
      !isContextLine(syntax, TOP_LEVEL, next) &&
      syntax.sameSection(line.text, next.text);
    if (!grouped) out.push("!");
  });
  out.push("end");
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------- paths

/** `router bgp 65011 > neighbor 10.0.11.1 remote-as 65000` */
export function pathText(path: LinePath): string {
  return path.join(" > ");
}

export function cloneConfig(tree: readonly ConfigLine[]): ConfigLine[] {
  return tree.map((line) => ({ text: line.text, children: cloneConfig(line.children) }));
}

/** Every line with its path, contexts before their children, in order. */
export function flattenConfig(tree: readonly ConfigLine[], parent: LinePath = []): LinePath[] {
  return tree.flatMap((line) => {
    const path = [...parent, line.text];
    return [path, ...flattenConfig(line.children, path)];
  });
}

export function findLine(syntax: DialectSyntax, list: readonly ConfigLine[], text: string): ConfigLine | undefined {
  const wanted = canonicalText(syntax, text);
  return list.find((line) => canonicalText(syntax, line.text) === wanted);
}

/** True when the line opens a context in this dialect, or carries children (a context we have no rule for). */
export function isContextLine(syntax: DialectSyntax, parentKind: string, line: ConfigLine): boolean {
  return line.children.length > 0 || classify(syntax, parentKind, line.text)?.rule.opens !== undefined;
}

// ------------------------------------------------------------------------------------------ normalize

/**
 * What the device would print: without lines it hides (defaults, FRR's `ip forwarding`) and without contexts
 * that vanish when empty (address families, FRR interfaces; EOS prints empty physical interfaces, but they
 * carry nothing, so comparisons drop them too). Removable contexts stay even when empty (`route-map X deny 10`).
 */
export function normalizeConfig(syntax: DialectSyntax, tree: readonly ConfigLine[], kind: string = TOP_LEVEL): ConfigLine[] {
  const out: ConfigLine[] = [];
  for (const line of tree) {
    if (isHidden(syntax, kind, line.text)) continue;
    const rule = classify(syntax, kind, line.text)?.rule;
    const children = normalizeConfig(syntax, line.children, contextKind(syntax, kind, line.text));
    if (children.length === 0 && rule?.opens !== undefined && rule.removable !== true) continue;
    out.push({ text: line.text, children });
  }
  return out;
}

function fingerprint(syntax: DialectSyntax, tree: readonly ConfigLine[], kind: string): string {
  return tree
    .map((line) => {
      const children = fingerprint(syntax, line.children, contextKind(syntax, kind, line.text));
      return canonicalText(syntax, line.text) + (children === "" ? "" : `{${children}}`);
    })
    .sort()
    .join("\n");
}

/** Same settings, whatever the order and spelling the device prints them in. */
export function sameConfig(syntax: DialectSyntax, a: readonly ConfigLine[], b: readonly ConfigLine[], kind: string = TOP_LEVEL): boolean {
  return fingerprint(syntax, normalizeConfig(syntax, a, kind), kind) === fingerprint(syntax, normalizeConfig(syntax, b, kind), kind);
}

// ------------------------------------------------------------------------------------------- findOwned

export type OwnedLineState = "present" | "missing" | "changed";

export interface OwnedLineStatus {
  path: LinePath;
  state: OwnedLineState;
  /** For "changed": the line the device runs in its place (same setting, another value). */
  actual?: string;
}

/**
 * Which owned lines the device runs as we left them, which are gone, and which were changed by hand
 * (the same setting with another value, e.g. another `ip address` on the interface). Interfaces and
 * address families are containers: only the lines inside them are reported.
 */
export function findOwned(dialect: DialectName, running: readonly ConfigLine[], owned: OwnedConfig): OwnedLineStatus[] {
  const syntax = syntaxOf(dialect);
  const statuses: OwnedLineStatus[] = [];
  const walk = (runningList: readonly ConfigLine[] | null, ownedList: readonly ConfigLine[], parent: LinePath, kind: string) => {
    for (const line of ownedList) {
      const path = [...parent, line.text];
      const found = runningList ? findLine(syntax, runningList, line.text) : undefined;
      if (isContextLine(syntax, kind, line)) {
        const rule = classify(syntax, kind, line.text)?.rule;
        const changed = found || !runningList ? undefined : sameKeyLine(syntax, kind, runningList, ownedList, line);
        const container = rule?.removable === false;
        if (!container) statuses.push(statusOf(path, found, changed));
        walk((found ?? changed)?.children ?? null, line.children, path, contextKind(syntax, kind, line.text));
        continue;
      }
      if (found) {
        statuses.push({ path, state: "present" });
        continue;
      }
      const changed = runningList ? sameKeyLine(syntax, kind, runningList, ownedList, line) : undefined;
      if (!changed && runningList && isHidden(syntax, kind, line.text)) {
        // In effect and not printed, unless another value of the setting is printed instead.
        statuses.push({ path, state: "present" });
        continue;
      }
      statuses.push(statusOf(path, undefined, changed));
    }
  };
  walk(normalizeConfig(syntax, running), owned, [], TOP_LEVEL);
  return statuses;
}

function statusOf(path: LinePath, found: ConfigLine | undefined, changed: ConfigLine | undefined): OwnedLineStatus {
  if (found) return { path, state: "present" };
  if (changed) return { path, state: "changed", actual: changed.text };
  return { path, state: "missing" };
}

/**
 * A running line that is another value of the owned line's setting (and not itself owned): ours changed by
 * hand. Never for a setting whose values coexist (a static route, an FRR address): another value there is
 * someone else's line beside ours, so ours is missing and theirs is never taken for it.
 */
function sameKeyLine(
  syntax: DialectSyntax,
  kind: string,
  runningList: readonly ConfigLine[],
  ownedList: readonly ConfigLine[],
  line: ConfigLine,
): ConfigLine | undefined {
  const key = sharedKey(syntax, kind, line.text);
  if (key === null || sameKeyBehaviour(syntax, kind, line.text) === "add") return undefined;
  return runningList.find((r) => lineKey(syntax, kind, r.text) === key && !findLine(syntax, ownedList, r.text));
}

/** Drift as a user reads it: `interface Ethernet2 > ip address 10.0.11.0/31: changed to ip address 10.9.9.9/31`. */
export function formatDrift(statuses: readonly OwnedLineStatus[]): string[] {
  return statuses
    .filter((s) => s.state !== "present")
    .map((s) => `${pathText(s.path)}: ${s.state === "changed" ? `changed to ${s.actual}` : "missing"}`);
}

/**
 * The owned lines as the device runs them: present lines, changed lines in their running form, missing lines
 * left out. This is what `read` reports, so Pulumi's diff against the inputs shows the drift.
 */
export function readOwned(dialect: DialectName, running: readonly ConfigLine[], owned: OwnedConfig): OwnedConfig {
  const syntax = syntaxOf(dialect);
  const walk = (runningList: readonly ConfigLine[] | null, ownedList: readonly ConfigLine[], kind: string): ConfigLine[] => {
    const out: ConfigLine[] = [];
    if (!runningList) return out;
    for (const line of ownedList) {
      const found = findLine(syntax, runningList, line.text);
      if (isContextLine(syntax, kind, line)) {
        const actual = found ?? sameKeyLine(syntax, kind, runningList, ownedList, line);
        if (!actual) continue;
        const children = walk(actual.children, line.children, contextKind(syntax, kind, line.text));
        const container = classify(syntax, kind, line.text)?.rule.removable === false;
        if (container && children.length === 0) continue;
        out.push({ text: actual.text, children });
        continue;
      }
      if (found) {
        out.push({ text: line.text, children: [] });
        continue;
      }
      const changed = sameKeyLine(syntax, kind, runningList, ownedList, line);
      if (changed) out.push({ text: changed.text, children: [] });
      else if (isHidden(syntax, kind, line.text)) out.push({ text: line.text, children: [] });
    }
    return out;
  };
  return walk(normalizeConfig(syntax, running), owned, TOP_LEVEL);
}

// -------------------------------------------------------------------------------------------- lineDiff

export interface LineDiff {
  added: LinePath[];
  removed: LinePath[];
  unchanged: LinePath[];
}

const plain = (path: LinePath) => path.map((text) => text.trim().replace(/\s+/g, " ")).join("\u0000");

/** Which owned lines a change adds and removes, by path (order inside a context does not matter). */
export function lineDiff(before: OwnedConfig, after: OwnedConfig): LineDiff {
  const beforePaths = flattenConfig(before);
  const afterPaths = flattenConfig(after);
  const beforeKeys = new Set(beforePaths.map(plain));
  const afterKeys = new Set(afterPaths.map(plain));
  return {
    added: afterPaths.filter((p) => !beforeKeys.has(plain(p))),
    removed: beforePaths.filter((p) => !afterKeys.has(plain(p))),
    unchanged: afterPaths.filter((p) => beforeKeys.has(plain(p))),
  };
}

/** `+ router bgp 65011 > neighbor 10.1.11.1 remote-as 65001`, removals first. */
export function formatLineDiff(diff: LineDiff): string[] {
  return [...diff.removed.map((p) => `- ${pathText(p)}`), ...diff.added.map((p) => `+ ${pathText(p)}`)];
}

