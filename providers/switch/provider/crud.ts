// create, read, update, delete: each one SSH session to the device, returning what the state keeps.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { findOwned, formatDrift, parseRunningConfig, readOwned } from "../config-tree/tree";
import { changeDevice, readRunningConfig } from "./device";
import { providerHooks } from "./hooks";
import { ownedLineView } from "./line-view";
import { adoptedOf, inputsOf, lastChangeOf, mergeAdopted, outputsOf, resourceId } from "./state";
import type { LastChange, SwitchConfigInputs, SwitchConfigOutputs } from "./types";

export async function create(props: Record<string, unknown>): Promise<dynamic.CreateResult<SwitchConfigOutputs>> {
  const inputs = inputsOf(props);
  const outcome = await changeDevice(inputs, [], inputs.ownedConfig, []);
  return {
    id: resourceId(inputs.device, inputs.phase),
    outs: outputsOf(inputs, { adopted: mergeAdopted([], outcome.planned.adopted, inputs.ownedConfig), drift: [], lastChange: lastChangeOf(outcome) }),
  };
}

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<dynamic.UpdateResult<SwitchConfigOutputs>> {
  const previous = inputsOf(olds);
  const inputs = inputsOf(news);
  const adopted = adoptedOf(olds);
  const outcome = await changeDevice(inputs, previous.ownedConfig, inputs.ownedConfig, adopted);
  return {
    outs: outputsOf(inputs, {
      adopted: mergeAdopted(adopted, outcome.planned.adopted, inputs.ownedConfig),
      drift: [],
      lastChange: lastChangeOf(outcome) ?? ((olds.lastChange ?? null) as LastChange | null),
    }),
  };
}

export async function remove(_id: string, props: Record<string, unknown>): Promise<void> {
  const inputs = inputsOf(props);
  await changeDevice(inputs, inputs.ownedConfig, [], adoptedOf(props));
}

export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult<SwitchConfigOutputs | SwitchConfigInputs>> {
  const stored = inputsOf(props);
  const runningText = await readRunningConfig(stored);
  const running = parseRunningConfig(stored.dialect, runningText);
  const actual = readOwned(stored.dialect, running, stored.ownedConfig);
  const drift = formatDrift(findOwned(stored.dialect, running, stored.ownedConfig));
  for (const line of drift) providerHooks().log?.(`switch ${stored.device} (${stored.phase}): drift: ${line}`);
  const refreshed: SwitchConfigInputs = { ...stored, ownedConfig: actual, ownedConfigLines: ownedLineView(stored.dialect, actual) };
  const outs = outputsOf(refreshed, {
    adopted: adoptedOf(props),
    drift,
    lastChange: (props.lastChange ?? null) as LastChange | null,
  });
  return { id, props: outs, inputs: refreshed };
}
