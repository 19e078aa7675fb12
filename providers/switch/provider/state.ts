// What the provider keeps in the state: ids, inputs read back from stored properties, outputs, adopted lines.

import { createHash } from "crypto";
import type { DialectName, LinePath, OwnedConfig } from "../../dialects/types";
import { lineDiff } from "../config-tree/tree";
import type { ChangeOutcome } from "./device";
import { ownedLineView } from "./line-view";
import { asRecord, normaliseOwned } from "./props";
import type { LastChange, SwitchConfigInputs, SwitchConfigOutputs, SwitchCredentials, SwitchOptions } from "./types";
import { samePath } from "./verify";

/** Short id of a resource, for EOS config-session names. */
export function resourceShortId(device: string, phase: string): string {
  return createHash("sha256").update(`${device}/${phase}`).digest("hex").slice(0, 8);
}

export function resourceId(device: string, phase: string): string {
  return `${device}/${phase}`;
}

export function lastChangeOf(outcome: ChangeOutcome): LastChange | null {
  if (!outcome.report) return null;
  return {
    lines: outcome.planned.lines,
    deviceDiff: outcome.report.deviceDiff,
    savedToStartup: outcome.report.saved,
    warnings: outcome.report.warnings,
  };
}

/** The adopted lines still owned after a change: the earlier ones and those this change found, once each. */
export function mergeAdopted(previous: readonly LinePath[], planned: readonly LinePath[], after: OwnedConfig): string[][] {
  const owned = lineDiff([], after).added;
  const all: string[][] = [];
  for (const path of [...previous, ...planned]) {
    if (!owned.some((p) => samePath(p, path))) continue; // no longer owned: no longer adopted
    if (!all.some((p) => samePath(p, path))) all.push([...path]);
  }
  return all;
}

/** Inputs as check() produced them, also from the state of an older provider version. */
export function inputsOf(props: Record<string, unknown>): SwitchConfigInputs {
  const connection = asRecord(props.connection);
  const dialect = props.dialect as DialectName;
  const ownedConfig = normaliseOwned((props.ownedConfig ?? []) as OwnedConfig);
  return {
    device: String(props.device),
    dialect,
    phase: String(props.phase),
    connection: {
      host: String(connection.host),
      port: Number(connection.port ?? 22),
      username: String(connection.username),
      hostKey: String(connection.hostKey),
    },
    credentials: asRecord(props.credentials) as SwitchCredentials,
    ownedConfig,
    ownedConfigLines: ownedLineView(dialect, ownedConfig),
    options: asRecord(props.options) as SwitchOptions,
  };
}

export function outputsOf(inputs: SwitchConfigInputs, extra: Pick<SwitchConfigOutputs, "adopted" | "drift" | "lastChange">): SwitchConfigOutputs {
  return { ...inputs, ...extra };
}

/** The adopted line paths stored by the last create/update (copies). */
export function adoptedOf(props: Record<string, unknown>): string[][] {
  return ((props.adopted ?? []) as string[][]).map((p) => [...p]);
}
