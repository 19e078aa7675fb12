// Plans the CLI lines that move a device's owned lines from `before` to `after` without touching lines we
// do not own, and the lines that undo exactly that. Pure: the running config comes in as a tree.
//
// How: build the whole config the device should run afterwards (running, minus owned lines we drop, plus
// owned lines we want), then steer the dialect model from the running config to it, line by line; every
// planned line is replayed on the model, so the script provably reaches the target in the model. The
// rollback is the same walk from the result back to the running config.

import { syntaxOf } from "../../dialects/registry";
import { ConfigLine, DialectSyntax, LinePath, OwnedConfig, PlannedChange } from "../../dialects/types";
import { DialectName } from "../../../model/device-plan";
import { cloneConfig, findLine, isContextLine, normalizeConfig, pathText, sameConfig } from "./tree";
import { replacedValueFor } from "./baseline";
import { assertValidOwnedConfig } from "./check";
import { ConfigSession, ModelledCliError } from "./model";
import {
  TOP_LEVEL,
  canonicalText,
  cascadePrefix,
  classify,
  contextKind,
  isHidden,
  isRemovableContext,
  lineKey,
  negationOf,
  opensContext,
  sameKeyBehaviour,
  sharedKey,
} from "./syntax";

/** A change that cannot be made without touching lines we do not own (or that the device would refuse). */
export class ChangePlanError extends Error {
  constructor(message: string) {
    super(`kube-fabric: ${message}`);
    this.name = "ChangePlanError";
  }
}

export interface ChangeOptions {
  /** The `adopted` paths returned by the previous change of this resource (empty on create). */
  adopted?: readonly LinePath[];
  /** Values our lines replaced (the baseline's `replaced`): typed back when the line replacing them goes. */
  replaced?: readonly LinePath[];
}

/**
 * The lines to type in configuration mode (after `configure session …` / `configure terminal`) to move the
 * owned lines from `ownedBefore` to `ownedAfter` on a device running `running`, ending at the top config level.
 * Create: `before` = []. Delete: `after` = []. Lines already as wanted are not typed (an applied config plans
 * an empty script). Owned lines that were on the device before we owned them (`adopted`) are left in place
 * when dropped; a `router bgp`/`router ospf` we created is removed only once nothing else is left in it.
 */
export function changeScript(
  dialect: DialectName,
  running: readonly ConfigLine[],
  ownedBefore: OwnedConfig,
  ownedAfter: OwnedConfig,
  options: ChangeOptions = {},
): PlannedChange {
  const syntax = syntaxOf(dialect);
  assertValidOwnedConfig(dialect, ownedAfter);
  const adopted = new PathSet(syntax, options.adopted ?? []);
  const desired = normalizeConfig(syntax, running);
  removeOwned(syntax, desired, ownedBefore, ownedAfter, [], TOP_LEVEL, adopted, options.replaced ?? []);
  addOwned(syntax, desired, ownedAfter, TOP_LEVEL);
  const forward = transition(syntax, running, desired);
  const rollback = transition(syntax, forward.result, running);
  return {
    lines: forward.lines,
    rollback: rollback.lines,
    adopted: adoptedAfter(syntax, normalizeConfig(syntax, running), ownedBefore, ownedAfter, adopted),
  };
}

/**
 * The lines that bring a device from `current` back to `target` (both whole running configs): after a failed
 * FRR change, read the running config again and type these to restore the config read before the change.
 */
export function restoreScript(dialect: DialectName, current: readonly ConfigLine[], target: readonly ConfigLine[]): string[] {
  return transition(syntaxOf(dialect), current, target).lines;
}

// ------------------------------------------------------------------------------------ target config

class PathSet {
  private readonly keys: Set<string>;
  constructor(
    private readonly syntax: DialectSyntax,
    paths: readonly LinePath[],
  ) {
    this.keys = new Set(paths.map((p) => this.key(p)));
  }
  key(path: LinePath): string {
    return path.map((text) => canonicalText(this.syntax, text)).join("\u0000");
  }
  has(path: LinePath): boolean {
    return this.keys.has(this.key(path));
  }
}

/** Takes the lines we stop owning out of the target, where we put them there and the device still has them. */
function removeOwned(
  syntax: DialectSyntax,
  target: ConfigLine[] | null,
  before: readonly ConfigLine[],
  after: readonly ConfigLine[],
  parent: LinePath,
  kind: string,
  adopted: PathSet,
  replaced: readonly LinePath[],
): void {
  for (const owned of before) {
    const path = [...parent, owned.text];
    const kept = findLine(syntax, after, owned.text);
    const current = target ? findLine(syntax, target, owned.text) : undefined;
    if (isContextLine(syntax, kind, owned)) {
      const childKind = contextKind(syntax, kind, owned.text);
      removeOwned(syntax, current?.children ?? null, owned.children, kept?.children ?? [], path, childKind, adopted, replaced);
      const emptied = current !== undefined && normalizeConfig(syntax, current.children, childKind).length === 0;
      if (target && current && !kept && emptied && !adopted.has(path) && isRemovableContext(syntax, kind, owned.text)) {
        target.splice(target.indexOf(current), 1);
      }
      continue;
    }
    if (kept || adopted.has(path) || !target) continue;
    const hidden = isHidden(syntax, kind, owned.text);
    // Gone already, or changed by hand: that value is not ours to remove. (A hidden line is never printed.)
    if (!current && !hidden) continue;
    const was = replacedValueFor(syntax, replaced, parent, owned.text);
    if (was !== null) {
      // Ours replaced a value the device had: put that value back.
      upsert(syntax, target, kind, was);
      continue;
    }
    const negation = negationOf(syntax, kind, owned.text);
    if (classify(syntax, kind, negation) && !isHidden(syntax, kind, negation)) {
      // The device prints the negation itself (`no ip routing`, FRR `no ip forwarding`).
      upsert(syntax, target, kind, negation);
      continue;
    }
    if (!current) continue;
    target.splice(target.indexOf(current), 1);
    const prefix = cascadePrefix(syntax, kind, owned.text);
    if (prefix) removeWithPrefix(syntax, target, prefix);
  }
}

function removeWithPrefix(syntax: DialectSyntax, list: ConfigLine[], prefix: string): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (canonicalText(syntax, list[i].text).startsWith(prefix)) list.splice(i, 1);
    else removeWithPrefix(syntax, list[i].children, prefix);
  }
}

/** The line with the same key as `text` in `list` (another value of the same setting), if the key is shared. */
function sameKeyIn(syntax: DialectSyntax, list: readonly ConfigLine[], kind: string, text: string): ConfigLine | undefined {
  const key = sharedKey(syntax, kind, text);
  if (key === null) return undefined;
  return list.find((line) => lineKey(syntax, kind, line.text) === key && canonicalText(syntax, line.text) !== canonicalText(syntax, text) && !isHidden(syntax, kind, line.text));
}

function upsert(syntax: DialectSyntax, list: ConfigLine[], kind: string, text: string): ConfigLine {
  const existing = findLine(syntax, list, text);
  if (existing) return existing;
  const same = sameKeyIn(syntax, list, kind, text);
  if (same && sameKeyBehaviour(syntax, kind, text) !== "add") {
    same.text = text;
    return same;
  }
  const line = { text, children: [] };
  list.push(line);
  return line;
}

/** Puts the owned lines into the target, replacing other values of single-valued settings. */
function addOwned(syntax: DialectSyntax, target: ConfigLine[], after: readonly ConfigLine[], kind: string): void {
  for (const owned of after) {
    const isContext = isContextLine(syntax, kind, owned);
    const other = findLine(syntax, target, owned.text) ? undefined : sameKeyIn(syntax, target, kind, owned.text);
    if (isContext && other && sameKeyBehaviour(syntax, kind, owned.text) === "negate-first") {
      throw new ChangePlanError(
        `cannot add '${owned.text}': the device runs '${other.text}', which holds lines kube-fabric does not own ` +
          `and must be removed before '${owned.text}' can exist — remove it by hand or make the plan match it`,
      );
    }
    const line = upsert(syntax, target, kind, owned.text);
    if (isContext) addOwned(syntax, line.children, owned.children, contextKind(syntax, kind, owned.text));
  }
}

// ------------------------------------------------------------------------------------ adoption

function adoptedAfter(
  syntax: DialectSyntax,
  running: readonly ConfigLine[],
  before: OwnedConfig,
  after: OwnedConfig,
  adopted: PathSet,
): LinePath[] {
  const result: LinePath[] = [];
  const walk = (runningList: readonly ConfigLine[] | null, beforeList: readonly ConfigLine[], afterList: readonly ConfigLine[], parent: LinePath, kind: string) => {
    for (const owned of afterList) {
      const path = [...parent, owned.text];
      const wasOwned = findLine(syntax, beforeList, owned.text);
      const onDevice = runningList ? findLine(syntax, runningList, owned.text) : undefined;
      const inEffect =
        runningList !== null && isHidden(syntax, kind, owned.text) && !sameKeyIn(syntax, runningList, kind, owned.text);
      if (wasOwned ? adopted.has(path) : onDevice !== undefined || inEffect) result.push(path);
      if (isContextLine(syntax, kind, owned)) {
        walk(onDevice?.children ?? null, wasOwned?.children ?? [], owned.children, path, contextKind(syntax, kind, owned.text));
      }
    }
  };
  walk(running, before, after, [], TOP_LEVEL);
  return result;
}

// ------------------------------------------------------------------------------------ transition

interface Transition {
  lines: string[];
  result: ConfigLine[];
}

function transition(syntax: DialectSyntax, from: readonly ConfigLine[], to: readonly ConfigLine[]): Transition {
  const target = normalizeConfig(syntax, to);
  const session = new ConfigSession(syntax, from);
  try {
    // One pass reaches the target; a second covers lines a cascading negation took along.
    for (let pass = 0; pass < 3 && !sameConfig(syntax, session.tree, target); pass++) walk(syntax, session, target);
  } catch (error) {
    if (error instanceof ModelledCliError) throw new ChangePlanError(`the device would refuse ${error.message}`);
    throw error;
  }
  if (!sameConfig(syntax, session.tree, target)) {
    throw new ChangePlanError(`no ${syntax.name} script reaches the wanted config (planned: ${session.typed.join(" / ")})`);
  }
  return { lines: [...session.typed], result: cloneConfig(session.tree) };
}

/**
 * Steers the session, inside its current context, until that context holds exactly `wanted`.
 * At the top, definitions (prefix-lists, route-maps) are added first, then what refers to them is changed,
 * then definitions no longer wanted are removed: a reference never points at a missing definition.
 */
function walk(syntax: DialectSyntax, session: ConfigSession, wanted: readonly ConfigLine[]): void {
  if (session.kind !== TOP_LEVEL) {
    removeUnwanted(syntax, session, wanted, () => true);
    addWanted(syntax, session, wanted, () => true);
    return;
  }
  const definition = (text: string) => syntax.additionRank(text) < 2;
  addWanted(syntax, session, wanted, definition);
  removeUnwanted(syntax, session, wanted, (text) => !definition(text));
  addWanted(syntax, session, wanted, (text) => !definition(text));
  removeUnwanted(syntax, session, wanted, definition);
}

/** Removes lines of the current context that are not wanted (and will not be replaced in place). */
function removeUnwanted(syntax: DialectSyntax, session: ConfigSession, wanted: readonly ConfigLine[], inScope: (text: string) => boolean): void {
  const kind = session.kind;
  const top = kind === TOP_LEVEL;
  // Top: references before what they refer to. Inside: a cascading negation (`no neighbor X`) first, so the
  // lines it takes along are not removed one by one, then other lines, then contexts.
  const weight = (line: ConfigLine) =>
    isContextLine(syntax, kind, line) ? 2 : cascadePrefix(syntax, kind, line.text) !== null ? 0 : 1;
  const order = session.children
    .filter((line) => !isHidden(syntax, kind, line.text) && inScope(line.text))
    .map((line, index) => ({ line, index }))
    .sort((p, q) =>
      top
        ? syntax.additionRank(q.line.text) - syntax.additionRank(p.line.text) || q.index - p.index
        : weight(p.line) - weight(q.line) || q.index - p.index,
    );
  for (const { line } of order) {
    if (!session.children.includes(line) || findLine(syntax, wanted, line.text)) continue;
    const replacedInPlace = wanted.some(
      (w) =>
        !findLine(syntax, session.children, w.text) &&
        sameKeyIn(syntax, [line], kind, w.text) !== undefined &&
        sameKeyBehaviour(syntax, kind, w.text) === "replace",
    );
    if (replacedInPlace) continue;
    if (!isContextLine(syntax, kind, line) || classify(syntax, kind, line.text)?.rule.removable !== false) {
      session.type(negationOf(syntax, kind, line.text));
      continue;
    }
    // A context that cannot be removed (physical interface, address family): empty it instead.
    if (normalizeConfig(syntax, line.children, contextKind(syntax, kind, line.text)).length === 0) continue;
    session.type(line.text);
    walk(syntax, session, []);
    session.exit();
  }
}

/** Adds wanted lines the context lacks and brings wanted contexts' insides in line. */
function addWanted(syntax: DialectSyntax, session: ConfigSession, wanted: readonly ConfigLine[], inScope: (text: string) => boolean): void {
  const kind = session.kind;
  const top = kind === TOP_LEVEL;
  // Top: definitions before references. Inside: plain lines before contexts (a neighbour exists before its
  // address family activates it).
  const contextLast = (line: ConfigLine) => (isContextLine(syntax, kind, line) ? 1 : 0);
  const order = wanted
    .filter((line) => inScope(line.text))
    .map((line, index) => ({ line, index }))
    .sort((p, q) => (top ? syntax.additionRank(p.line.text) - syntax.additionRank(q.line.text) : contextLast(p.line) - contextLast(q.line)) || p.index - q.index);
  for (const { line: want } of order) {
    const isContext = isContextLine(syntax, kind, want);
    const childKind = contextKind(syntax, kind, want.text);
    const existing = findLine(syntax, session.children, want.text);
    if (existing) {
      if (isContext && !sameConfig(syntax, existing.children, want.children, childKind)) {
        session.type(want.text);
        walk(syntax, session, want.children);
        session.exit();
      }
      continue;
    }
    if (isContext && !opensContext(syntax, kind, want.text)) {
      throw new ChangePlanError(`cannot re-create '${pathText([want.text])}': kube-fabric has no ${syntax.name} rule for that context`);
    }
    const visible = session.children.filter((line) => !isHidden(syntax, kind, line.text));
    const other = sameKeyIn(syntax, visible, kind, want.text);
    if (other && sameKeyBehaviour(syntax, kind, want.text) === "negate-first") session.type(negationOf(syntax, kind, other.text));
    session.type(want.text);
    if (isContext) {
      walk(syntax, session, want.children);
      session.exit();
    }
  }
}
