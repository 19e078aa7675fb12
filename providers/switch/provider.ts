// The switch dynamic provider's implementation: check, diff, create, read, update, delete of the lines one
// resource owns on one device. Loaded at call time by the small serialised provider in switch-config.ts,
// so the state holds a path, not this code. Keep this file name: it is the entry point that path names.
//
//   provider/types.ts      the shapes (inputs, outputs, options)     provider/props.ts    Pulumi property bags
//   provider/check.ts      check(): inputs against the plan's rules   provider/diff.ts     diff(): changes, replace
//   provider/config-property.ts  `config`: the owned lines as CLI text  provider/crud.ts  create/read/update/delete
//   provider/device.ts     one SSH session per operation              provider/verify.ts   what must hold afterwards
//   provider/preview-read.ts  a create's preview: what it replaces on the device (one read-only session)
//   provider/create-preview.ts  a create's preview: every line it types   provider/engine-log.ts  messages to the engine
//   provider/state.ts      ids, inputs from the state, adopted lines  provider/hooks.ts    transcript/log observers
//   ssh/                   connect, shell, prompts, CLI steps         config-tree/         parse, diff, change scripts

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./provider/check";
import { create, read, remove, update } from "./provider/crud";
import { diffInputs, SwitchDiff } from "./provider/diff";
import { createPreviewMessage, isCreatePreview } from "./provider/create-preview";
import { logToEngine } from "./provider/engine-log";
import { previewReplaces, wantsPreviewRead } from "./provider/preview-read";
import { inputsOf } from "./provider/state";

export type {
  LastChange,
  SwitchConfigInputs,
  SwitchConfigOutputs,
  SwitchConnection,
  SwitchCredentials,
  SwitchOptions,
} from "./provider/types";
export { IDENTITY_PROPERTIES, PREVIEW_FLAG } from "./provider/types";
export { checkInputs } from "./provider/check";
export { diffInputs } from "./provider/diff";
export type { PropertyDiff, SwitchDiff } from "./provider/diff";
export { configPropertyOf, configTextOf, ownedConfigOf } from "./provider/config-property";
export { setProviderHooks } from "./provider/hooks";
export { PREVIEW_READS_ENV, replacedByCreate } from "./provider/preview-read";
export type { ProviderHooks } from "./provider/hooks";
export { ownedOf, resourceId, resourceShortId } from "./provider/state";
export { verifierFor } from "./provider/verify";
export { create, read, remove, update } from "./provider/crud";

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  const result = checkInputs(news);
  if (result.failures.length > 0 || !isCreatePreview(olds, news)) return result;
  const inputs = inputsOf(result.inputs);
  // The preview of a create: every line it types, printed whole (the `config` property prints cut).
  await logToEngine(createPreviewMessage(inputs));
  if (!wantsPreviewRead(olds, news)) return result;
  // And what the device has that these lines replace.
  const replaces = await previewReplaces(inputs);
  return replaces === null ? result : { ...result, inputs: { ...result.inputs, replaces } };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<SwitchDiff> {
  return diffInputs(olds, news);
}

/** The implementation switch-config.ts's serialised provider forwards to. */
export const switchProvider = { check, diff, create, read, update, delete: remove };
