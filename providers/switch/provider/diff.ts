// diff(): whether the owned lines or other properties change, and whether the change means another device
// (replace). What `pulumi preview --diff` prints is the engine's own diff of the properties (the Node
// dynamic-provider host of Pulumi 3.260 drops detailedDiff), which for `config` is a row-by-row text diff.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ownedConfigOf } from "./config-property";
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

type DiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";
export interface PropertyDiff {
  kind: DiffKind;
  inputDiff: boolean;
}

export interface SwitchDiff extends dynamic.DiffResult {
  /** Per changed property; the Node dynamic-provider host of Pulumi 3.260 does not forward it. */
  detailedDiff: Record<string, PropertyDiff>;
}

export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): SwitchDiff {
  const replaces = identityChanges(olds, news);
  const detailed: Record<string, PropertyDiff> = {};
  for (const path of replaces) detailed[path] = { kind: "update-replace", inputDiff: true };
  // Compared as lines in order (the typing order), not as text: a trailing space is no change.
  if (isUnknown(news.config) || !same(ownedConfigOf(olds.config), ownedConfigOf(news.config))) detailed.config = { kind: "update", inputDiff: true };
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
