// A create's preview reads the device once (read-only) and shows, as the `replaces` property, the values on the
// device that the create's lines replace: a port's `description legacy-server`, EOS's one `ip address`, a
// `no ip routing`. Destroy types those back (the baseline); the reviewer sees them before anything is typed.
//
// Only in `pulumi preview` (the program marks its registrations with PREVIEW_FLAG) and only for a create: an
// update's preview reads nothing, and `pulumi up` reads at create time anyway. KUBE_FABRIC_PREVIEW_READS=off
// turns the read off (npm run preview:dev sets it: the dev stack's hosts are placeholders).

import type { ConfigLine, LinePath, OwnedConfig } from "../../dialects/types";
import { BaselineError, EMPTY_BASELINE, readBaselineRecord, takeBaseline } from "../config-tree/baseline";
import { configText } from "../config-tree/config-text";
import { parseRunningConfig } from "../config-tree/tree";
import { SecretScrubber, scrubDeviceText } from "../ssh/secrets";
import { configProperty, ConfigTextProperty } from "./config-property";
import { readRunningConfig } from "./device";
import { isUnknown } from "./props";
import { ownedOf, resourceShortId } from "./state";
import { PREVIEW_FLAG, SwitchConfigInputs } from "./types";

export const PREVIEW_READS_ENV = "KUBE_FABRIC_PREVIEW_READS";

/** True for the check() of a create during `pulumi preview`, with every connection value known. */
export function wantsPreviewRead(olds: Record<string, unknown>, news: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): boolean {
  return news[PREVIEW_FLAG] === true && Object.keys(olds).length === 0 && !isUnknown(news.connection) && env[PREVIEW_READS_ENV] !== "off";
}

/** Paths (contexts, then the line) as a tree, contexts shared, in the order first seen. */
function treeOfPaths(paths: readonly LinePath[]): OwnedConfig {
  const root: ConfigLine[] = [];
  for (const path of paths) {
    let list = root;
    for (const text of path) {
      let line = list.find((l) => l.text === text);
      if (!line) {
        line = { text, children: [] };
        list.push(line);
      }
      list = line.children;
    }
  }
  return root;
}

/**
 * What creating `owned` on a device running `runningText` replaces, as owned-config lines (empty when nothing).
 * A device that holds this resource's record (a run whose state was lost) answers with the record's values.
 */
export function replacedByCreate(inputs: SwitchConfigInputs, runningText: string): OwnedConfig {
  const running = parseRunningConfig(inputs.dialect, runningText);
  const recorded = readBaselineRecord(inputs.dialect, running, resourceShortId(inputs.device, inputs.phase));
  const baseline = recorded ?? takeBaseline(inputs.dialect, running, [], ownedOf(inputs), EMPTY_BASELINE);
  return treeOfPaths(baseline.replaced);
}

/**
 * The `replaces` property of a create's preview: the replaced lines as config text, null when nothing is
 * replaced, or a one-line note when the device could not be read (the preview still runs).
 */
export async function previewReplaces(inputs: SwitchConfigInputs): Promise<ConfigTextProperty | string | null> {
  try {
    const runningText = await readRunningConfig({ ...inputs, options: { ...inputs.options, connectAttempts: 1 } });
    const replaced = replacedByCreate(inputs, runningText);
    return replaced.length === 0 ? null : configProperty(scrubDeviceText(configText(inputs.dialect, replaced)));
  } catch (error) {
    if (error instanceof BaselineError) return `(the create will be refused: ${error.message})`;
    const c = inputs.credentials;
    const reason = new SecretScrubber([c.password, c.privateKey, c.passphrase, c.enablePassword]).scrub(error instanceof Error ? error.message : String(error));
    return `(not read: ${scrubDeviceText(reason).split("\n")[0]}) — the create may replace values this preview cannot show`;
  }
}
