// A create's preview reads the device once (read-only) and shows, as the `replaces` property, the values on the
// device that the create's lines replace, one per row with their contexts: a port's `description
// legacy-server`, EOS's one `ip address`, a `no ip routing`. Destroy types those back (the baseline); the
// reviewer sees them before anything is typed. (A list, not text: the engine prints a create's multi-line
// string cut after three rows, a list whole.)
//
// Only in `pulumi preview` (the program marks its registrations with PREVIEW_FLAG) and only for a create: an
// update's preview reads nothing, and `pulumi up` reads at create time anyway. KUBE_FABRIC_PREVIEW_READS=off
// turns the read off (npm run preview:dev sets it: the dev stack's hosts are placeholders).

import type { LinePath } from "../../dialects/types";
import { BaselineError, EMPTY_BASELINE, readBaselineRecord, takeBaseline } from "../config-tree/baseline";
import { parseRunningConfig, pathText } from "../config-tree/tree";
import { SecretScrubber, scrubDeviceText } from "../ssh/secrets";
import { readRunningConfig } from "./device";
import { isUnknown } from "./props";
import { ownedOf, resourceShortId } from "./state";
import { isCreatePreview } from "./create-preview";
import type { SwitchConfigInputs } from "./types";

export const PREVIEW_READS_ENV = "KUBE_FABRIC_PREVIEW_READS";

/** True for the check() of a create during `pulumi preview`, with every connection value known. */
export function wantsPreviewRead(olds: Record<string, unknown>, news: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): boolean {
  return isCreatePreview(olds, news) && !isUnknown(news.connection) && env[PREVIEW_READS_ENV] !== "off";
}

/**
 * What creating the inputs' lines on a device running `runningText` replaces: each old value with its
 * contexts (empty when nothing). A device holding this resource's record (a run whose state was lost)
 * answers with the record's values.
 */
export function replacedByCreate(inputs: SwitchConfigInputs, runningText: string): LinePath[] {
  const running = parseRunningConfig(inputs.dialect, runningText);
  const recorded = readBaselineRecord(inputs.dialect, running, resourceShortId(inputs.device, inputs.phase));
  return (recorded ?? takeBaseline(inputs.dialect, running, [], ownedOf(inputs), EMPTY_BASELINE)).replaced;
}

/**
 * The `replaces` property of a create's preview: `interface Ethernet2 > description legacy-server`, one row
 * per replaced value; null when nothing is replaced; one note when the device could not be read (the
 * preview still runs).
 */
export async function previewReplaces(inputs: SwitchConfigInputs): Promise<string[] | null> {
  try {
    const runningText = await readRunningConfig({ ...inputs, options: { ...inputs.options, connectAttempts: 1 } });
    const replaced = replacedByCreate(inputs, runningText);
    return replaced.length === 0 ? null : replaced.map((path) => scrubDeviceText(pathText(path)));
  } catch (error) {
    if (error instanceof BaselineError) return [`(the create will be refused: ${error.message})`];
    const c = inputs.credentials;
    const reason = new SecretScrubber([c.password, c.privateKey, c.passphrase, c.enablePassword]).scrub(error instanceof Error ? error.message : String(error));
    return [`(not read: ${scrubDeviceText(reason).split("\n")[0]}) — the create may replace values this preview cannot show`];
  }
}
