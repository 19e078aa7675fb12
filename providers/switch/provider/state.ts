// What the provider keeps in the state: ids, inputs read back from stored properties, outputs, the baseline.

import { createHash } from "crypto";
import type { OwnedConfig } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import type { Baseline } from "../config-tree/baseline";
import { scrubDeviceText } from "../ssh/secrets";
import type { ChangeOutcome } from "./device";
import { configTextOf, ownedConfigOf } from "./config-property";
import { asRecord } from "./props";
import type { LastChange, SwitchConfigInputs, SwitchConfigOutputs, SwitchCredentials, SwitchOptions } from "./types";

/** Short id of a resource, for EOS config-session names. */
export function resourceShortId(device: string, phase: string): string {
  return createHash("sha256").update(`${device}/${phase}`).digest("hex").slice(0, 8);
}

export function resourceId(device: string, phase: string): string {
  return `${device}/${phase}`;
}

export function lastChangeOf(outcome: ChangeOutcome): LastChange | null {
  if (!outcome.report && outcome.notes.length === 0) return null;
  // Device text (the session diff's context lines, values typed back) can hold a neighbour's password.
  return {
    lines: outcome.report ? outcome.planned.lines.map(scrubDeviceText) : [],
    deviceDiff: outcome.report?.deviceDiff ? scrubDeviceText(outcome.report.deviceDiff) : null,
    savedToStartup: outcome.report?.saved ?? outcome.settledSaved,
    warnings: [...outcome.notes, ...(outcome.report?.warnings ?? [])].map(scrubDeviceText),
  };
}


/** The owned lines the properties hold, as a tree (what the config-tree core works on). */
export function ownedOf(inputs: SwitchConfigInputs): OwnedConfig {
  return ownedConfigOf(inputs.config);
}

/** Inputs as check() produced them (or as the state keeps them). */
export function inputsOf(props: Record<string, unknown>): SwitchConfigInputs {
  const connection = asRecord(props.connection);
  const dialect = props.dialect as DialectName;
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
    config: configTextOf(props.config) ?? "",
    options: asRecord(props.options) as SwitchOptions,
  };
}

export function outputsOf(inputs: SwitchConfigInputs, extra: Pick<SwitchConfigOutputs, "baseline" | "drift" | "lastChange">): SwitchConfigOutputs {
  return { ...inputs, ...extra };
}

/** The baseline stored by the last create/update. */
export function baselineOf(props: Record<string, unknown>): Baseline {
  const paths = (value: unknown) => (Array.isArray(value) ? value : []).map((p) => (p as string[]).map(String));
  const stored = asRecord(props.baseline);
  return { kept: paths(stored.kept), replaced: paths(stored.replaced) };
}
