// What a create's `pulumi preview` prints: every line the create types on the switch, once, in the order it
// types them and indented as the switch prints them, so the first deployment can be reviewed as CLI. The
// `config` property cannot carry that alone: the engine prints a create's multi-line string cut after three
// rows (a list prints whole, but diffs by index on update, and updates must keep their -/+ rows).

import { PREVIEW_FLAG, SwitchConfigInputs } from "./types";
import { recordName } from "../config-tree/baseline";
import { scrubDeviceText } from "../ssh/secrets";
import { resourceShortId } from "./state";

/** True for the check() of a create during `pulumi preview` (also the preview `pulumi up` shows first). */
export function isCreatePreview(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  return news[PREVIEW_FLAG] === true && Object.keys(olds).length === 0;
}

/** `Leaf-1 underlay: the create types these 23 lines, …:` and the lines, one per row, ending in a newline. */
export function createPreviewMessage(inputs: SwitchConfigInputs): string {
  const rows = inputs.config.split("\n").filter((row) => row.trim() !== "");
  const record = recordName(resourceShortId(inputs.device, inputs.phase));
  const header = `${inputs.device} ${inputs.phase}: the create types these ${rows.length} lines, and kube-fabric's record of what they replace (route-map ${record}):`;
  return [header, ...rows.map(scrubDeviceText), ""].join("\n");
}
