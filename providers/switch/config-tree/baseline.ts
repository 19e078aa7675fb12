// What a device had, before kube-fabric, where a resource's lines now sit: the lines it already ran (kept
// forever) and the single values ours replaced (typed back when we let go). Pure.
//
// The baseline is kept in the resource's state and, so that it survives a lost state or a half-applied
// run, on the device itself: an unreferenced route-map `kube-fabric-baseline-<id>` whose entries are
// descriptions, e.g. `description was interface Ethernet2 :: description legacy-server`. Both dialects
// print it in their running (and saved) config; it is inert (nothing refers to it) and goes with the
// resource's last line.

import { createHash } from "crypto";
import { checkConfigLine } from "../../../model/cli-safe";
import { configText } from "./config-text";
import { holdsSecret, scrubDeviceText } from "../ssh/secrets";
import { syntaxOf } from "../../dialects/registry";
import type { ConfigLine, DialectSyntax, LinePath, OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import { findLine, isContextLine, normalizeConfig } from "./tree";
import { TOP_LEVEL, canonicalText, classify, contextKind, isHidden, lineKey, sameKeyBehaviour, sharedKey } from "./syntax";

export interface Baseline {
  /** Owned lines the device already ran before kube-fabric owned them: never removed. */
  kept: LinePath[];
  /** Values ours replaced, as the device had them: the enclosing contexts, then the old line. Typed back when ours goes. */
  replaced: LinePath[];
}

export const EMPTY_BASELINE: Baseline = { kept: [], replaced: [] };

/** A problem with a value we would have to put back: refused before anything is typed. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(`kube-fabric: ${message}`);
    this.name = "BaselineError";
  }
}

const RECORD_PREFIX = "kube-fabric-baseline-";
const SEPARATOR = " :: ";

export function recordName(resourceShortId: string): string {
  return `${RECORD_PREFIX}${resourceShortId}`;
}

function samePathIn(syntax: DialectSyntax, paths: readonly LinePath[], path: LinePath): boolean {
  const key = (p: LinePath) => p.map((t) => canonicalText(syntax, t)).join("\u0000");
  const wanted = key(path);
  return paths.some((p) => key(p) === wanted);
}

function kindAt(syntax: DialectSyntax, parent: LinePath): string {
  return parent.reduce((kind, text) => contextKind(syntax, kind, text), TOP_LEVEL);
}

/** The replaced value (if any) recorded for the setting `text` sets inside `parent`. */
export function replacedValueFor(syntax: DialectSyntax, replaced: readonly LinePath[], parent: LinePath, text: string): string | null {
  const kind = kindAt(syntax, parent);
  const key = sharedKey(syntax, kind, text);
  if (key === null) return null;
  for (const path of replaced) {
    if (path.length !== parent.length + 1) continue;
    if (!path.slice(0, -1).every((t, i) => canonicalText(syntax, t) === canonicalText(syntax, parent[i]))) continue;
    const was = path[path.length - 1];
    if (lineKey(syntax, kind, was) === key) return was;
  }
  return null;
}

/**
 * The baseline after a change from `before` to `after` on a device running `running`: what `previous` knew
 * about lines still owned, and, for lines owned from now on, what the device has there now. With
 * `everyOwnedLineKnown` (the device holds our record, so a lost or half-applied run of ours came before), a
 * line the record does not keep is ours, even when the device runs it already.
 */
export function takeBaseline(
  dialect: DialectName,
  running: readonly ConfigLine[],
  before: OwnedConfig,
  after: OwnedConfig,
  previous: Baseline,
  everyOwnedLineKnown = false,
): Baseline {
  const syntax = syntaxOf(dialect);
  const kept: LinePath[] = [];
  const replaced: LinePath[] = [];
  // Another value of a setting we owned already is ours too (a changed value), never a baseline.
  const ownedSetting = (list: readonly ConfigLine[], kind: string, key: string | null) =>
    key !== null && list.some((line) => lineKey(syntax, kind, line.text) === key);
  const walk = (runningList: readonly ConfigLine[] | null, beforeList: readonly ConfigLine[], afterList: readonly ConfigLine[], parent: LinePath, kind: string) => {
    for (const owned of afterList) {
      const path = [...parent, owned.text];
      const wasOwned = everyOwnedLineKnown || findLine(syntax, beforeList, owned.text) !== undefined;
      const onDevice = runningList ? findLine(syntax, runningList, owned.text) : undefined;
      const visible = (runningList ?? []).filter((line) => !isHidden(syntax, kind, line.text));
      const key = sharedKey(syntax, kind, owned.text);
      const other =
        onDevice || key === null ? undefined : visible.find((line) => lineKey(syntax, kind, line.text) === key);
      const inEffect = runningList !== null && isHidden(syntax, kind, owned.text) && other === undefined;
      if (samePathIn(syntax, previous.kept, path) || (!wasOwned && (onDevice !== undefined || inEffect))) kept.push(path);
      const isContext = isContextLine(syntax, kind, owned);
      if (!isContext) {
        const earlier = replacedValueFor(syntax, previous.replaced, parent, owned.text);
        if (earlier !== null) replaced.push([...parent, earlier]);
        else if (!wasOwned && other && sameKeyBehaviour(syntax, kind, owned.text) !== "add" && !ownedSetting(beforeList, kind, key)) {
          replaced.push([...parent, other.text.trim()]);
        }
      }
      if (isContext) {
        const beforeLine = findLine(syntax, beforeList, owned.text);
        walk(onDevice?.children ?? null, beforeLine?.children ?? [], owned.children, path, contextKind(syntax, kind, owned.text));
      }
    }
  };
  walk(normalizeConfig(syntax, running), before, after, [], TOP_LEVEL);
  for (const path of replaced) {
    if (holdsSecret(path[path.length - 1])) {
      throw new BaselineError(
        `the device runs '${scrubDeviceText(path.join(" / "))}', which kube-fabric would replace, and the old value holds a secret it will not keep in its record; change it by hand first`,
      );
    }
    const safety = checkConfigLine(path[path.length - 1]);
    if (!safety.ok) {
      throw new BaselineError(
        `the device runs '${path.join(" / ")}', which kube-fabric would replace but could not type back later (the line ${safety.reason}); change it by hand first`,
      );
    }
  }
  return { kept, replaced };
}

/** Names the owned lines a record was written with (a digest of their text), so a later run can tell them. */
export function ownedConfigDigest(dialect: DialectName, owned: OwnedConfig): string {
  return createHash("sha256").update(configText(dialect, owned)).digest("hex").slice(0, 12);
}

const FOR_CONFIG = / \(for config ([0-9a-f]{12})\)$/;

/**
 * The record of a baseline as owned lines: one marker entry (naming, by digest, the owned lines it was written
 * with), then one entry per kept or replaced line.
 */
export function baselineRecord(resourceShortId: string, label: string, baseline: Baseline, configDigest: string): OwnedConfig {
  const name = recordName(resourceShortId);
  const entry = (seq: number, text: string): ConfigLine => ({
    text: `route-map ${name} deny ${seq}`,
    children: [{ text: `description ${text}`, children: [] }],
  });
  return [
    entry(1, `kube-fabric ${label} found these lines before it (for config ${configDigest})`),
    ...baseline.kept.map((path, i) => entry(10 + i, `kept ${path.join(SEPARATOR)}`)),
    ...baseline.replaced.map((path, i) => entry(10 + baseline.kept.length + i, `was ${path.join(SEPARATOR)}`)),
  ];
}

/** This resource's record as the device runs it (the route-map entries), for the change that replaces it. */
export function recordOnDevice(dialect: DialectName, running: readonly ConfigLine[], resourceShortId: string): OwnedConfig {
  const syntax = syntaxOf(dialect);
  const prefix = `route-map ${recordName(resourceShortId)} `;
  return normalizeConfig(syntax, running)
    .filter((line) => canonicalText(syntax, line.text).startsWith(prefix) && classify(syntax, TOP_LEVEL, line.text) !== null)
    .map((line) => ({ text: canonicalText(syntax, line.text), children: line.children.map((c) => ({ text: canonicalText(syntax, c.text), children: [] })) }));
}

/**
 * The digest of the owned lines the device's record of this resource was written with, or null (no record, or
 * one from before records named it). The record changes in the same change as the lines: when it names the
 * lines a run wants, an earlier run of that very change went through, even if its answer never came back.
 */
export function recordedConfigDigest(record: OwnedConfig): string | null {
  for (const entry of record) {
    for (const child of entry.children) {
      const match = FOR_CONFIG.exec(child.text);
      if (child.text.startsWith("description kube-fabric ") && match) return match[1];
    }
  }
  return null;
}

/** The baseline the device keeps for this resource, or null when it holds no record of it. */
export function readBaselineRecord(dialect: DialectName, running: readonly ConfigLine[], resourceShortId: string): Baseline | null {
  return baselineOfRecord(recordOnDevice(dialect, running, resourceShortId));
}

/** The baseline a record (recordOnDevice) holds, or null when it is empty. */
export function baselineOfRecord(entries: OwnedConfig): Baseline | null {
  if (entries.length === 0) return null;
  const baseline: Baseline = { kept: [], replaced: [] };
  for (const entry of entries) {
    for (const child of entry.children) {
      const match = /^description (kept|was) (.+)$/.exec(child.text);
      if (!match) continue;
      const path = match[2].split(SEPARATOR);
      (match[1] === "kept" ? baseline.kept : baseline.replaced).push(path);
    }
  }
  return baseline;
}
