// Address ranges no fabric can use (RFC 6890): an interface, pool, pod or service prefix in one
// of them is accepted by nothing downstream, or silently misroutes. Checked before anything runs.

import { Prefix, formatPrefix, overlaps, parsePrefix } from "./ipv4";
import { ProblemList } from "../../model/problems";

const UNUSABLE: readonly { prefix: Prefix; what: string }[] = [
  ["0.0.0.0/8", "'this network'"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved, incl. broadcast"],
].map(([text, what]) => {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new Error(`internal: ${text} is not a prefix`);
  return { prefix: parsed.prefix, what };
});

/** The unusable range a prefix (or a /32 address) touches, if any. */
export function unusableRange(prefix: Prefix): { prefix: Prefix; what: string } | undefined {
  return UNUSABLE.find((range) => overlaps(range.prefix, prefix));
}

/** Records one problem if the prefix touches an unusable range; true when it is usable. */
export function checkUsable(prefix: Prefix, path: string, example: string, problems: ProblemList): boolean {
  const range = unusableRange(prefix);
  if (!range) return true;
  const subject = prefix.length === 32 ? `${formatPrefix(prefix).replace(/\/32$/, "")} lies in` : `${formatPrefix(prefix)} overlaps`;
  problems.add(path, `${subject} ${formatPrefix(range.prefix)} (${range.what}), which cannot be routed on a fabric`, `use a private ${prefix.length === 32 ? "address" : "prefix"}, e.g. ${example}`);
  return false;
}
