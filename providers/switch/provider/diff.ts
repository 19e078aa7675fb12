// diff(): which properties and owned lines change, and whether the change means another device (replace).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { DialectName, OwnedConfig } from "../../dialects/types";
import { ownedLinesDetailedDiff, PropertyDiff } from "./line-view";
import { asRecord, isUnknown, UNKNOWN } from "./props";
import { IDENTITY_PROPERTIES } from "./types";

function identityChanges(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const get = (props: Record<string, unknown>, path: string) => path.split(".").reduce<unknown>((value, key) => asRecord(value)[key], props);
  return IDENTITY_PROPERTIES.filter((path) => {
    const oldValue = get(olds, path);
    const newValue = get(news, path);
    return oldValue !== undefined && newValue !== UNKNOWN && oldValue !== newValue;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface SwitchDiff extends dynamic.DiffResult {
  /** Per owned line (and per other changed property); the Node dynamic-provider host of Pulumi 3.260 does not forward it. */
  detailedDiff: Record<string, PropertyDiff>;
}

export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): SwitchDiff {
  const replaces = identityChanges(olds, news);
  const detailed: Record<string, PropertyDiff> = {};
  for (const path of replaces) detailed[path] = { kind: "update-replace", inputDiff: true };
  const dialect = (news.dialect === "frr" || news.dialect === "eos" ? news.dialect : "eos") as DialectName;
  if (isUnknown(news.ownedConfig)) detailed.ownedConfig = { kind: "update", inputDiff: true };
  else if (!same(olds.ownedConfig, news.ownedConfig)) {
    Object.assign(detailed, ownedLinesDetailedDiff(dialect, (olds.ownedConfig ?? []) as OwnedConfig, news.ownedConfig as OwnedConfig));
    if (Object.keys(detailed).length === replaces.length) detailed.ownedConfig = { kind: "update", inputDiff: true }; // reordered only
  }
  const oldConnection = asRecord(olds.connection);
  const newConnection = asRecord(news.connection);
  for (const field of ["host", "port", "username", "hostKey"]) {
    if (!same(oldConnection[field], newConnection[field])) detailed[`connection.${field}`] = { kind: "update", inputDiff: true };
  }
  // Compared, never shown: the value is secret.
  if (!same(olds.credentials, news.credentials)) detailed.credentials = { kind: "update", inputDiff: true };
  if (!same(olds.options, news.options)) detailed.options = { kind: "update", inputDiff: true };
  if (!same(olds.phase, news.phase)) detailed.phase = { kind: "update", inputDiff: true };
  // A refresh found owned lines changed or gone on the device: the update types them back.
  if (Array.isArray(olds.drift) && olds.drift.length > 0) detailed.drift = { kind: "update", inputDiff: false };
  const changes = Object.keys(detailed).length > 0;
  return {
    changes,
    replaces,
    deleteBeforeReplace: replaces.length > 0,
    detailedDiff: detailed,
  };
}
