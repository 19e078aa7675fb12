// What must hold on the device after a change, checked against the running config read back.

import type { ConfigLine, LinePath, OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import { syntaxOf } from "../../dialects/registry";
import { findLine, findOwned, formatDrift, lineDiff, parseRunningConfig, pathText } from "../config-tree/tree";

/** Two line paths are the same when each line matches ignoring spacing. */
export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, i) => text.trim().replace(/\s+/g, " ") === b[i].trim().replace(/\s+/g, " "));
}

/** The leaf lines (no children) of a tree, by path. */
function leafPaths(tree: readonly ConfigLine[], parent: string[] = []): string[][] {
  return tree.flatMap((line) => {
    const path = [...parent, line.text];
    return line.children.length === 0 ? [path] : leafPaths(line.children, path);
  });
}

/** True when the running config has a line at this path (contexts and line compared as the device spells them). */
function runsAt(dialect: DialectName, running: readonly ConfigLine[], path: LinePath): boolean {
  const syntax = syntaxOf(dialect);
  let list: readonly ConfigLine[] = running;
  for (let i = 0; i < path.length; i++) {
    const found = findLine(syntax, list, path[i]);
    if (!found) return false;
    if (i === path.length - 1) return true;
    list = found.children;
  }
  return false;
}

/**
 * What must hold after a change: every line of `after` runs as owned, and every leaf line we removed
 * (owned before, not after, not adopted) is gone.
 */
export function verifierFor(dialect: DialectName, before: OwnedConfig, after: OwnedConfig, adopted: readonly LinePath[]): (runningText: string) => string[] {
  const stillOwned = lineDiff([], after).added;
  const removed = leafPaths(before).filter((path) => !stillOwned.some((p) => samePath(p, path)) && !adopted.some((p) => samePath(p, path)));
  return (runningText) => {
    const running = parseRunningConfig(dialect, runningText);
    const problems = formatDrift(findOwned(dialect, running, after));
    const leftovers = removed.filter((path) => runsAt(dialect, running, path)).map((path) => `${pathText(path)}: still present after its removal`);
    return [...problems, ...leftovers];
  };
}
