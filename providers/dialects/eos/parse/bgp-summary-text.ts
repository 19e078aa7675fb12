// EOS `show ip bgp summary [vrf …]` as text: old (State/PfxRcd) and newer layouts (State PfxRcd
// PfxAcc [PfxAdv], Description column) read by their header, with or without the VRF/router-id lines.

import { BgpNeighbor, BgpSummary, BgpVrfSummary } from "../../show-types";
import { isIpAddress, isIpv4 } from "../../show-parse/addresses";
import { asnFromText } from "../../show-parse/asn";
import { durationSeconds } from "../../show-parse/durations";
import { Cell, OutputLine, cells, collapsed, lineError, requireContent, unexpectedLine } from "../../show-parse/output-lines";
import { bgpStateFromText } from "../../show-parse/states";

interface Layout {
  description: boolean;
  /** Cells after Up/Down: "State/PfxRcd" (one cell, old layout) or State then the named count columns. */
  counts: "inState" | string[];
}

const FIXED = "Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down";

/**
 * The column header, read by name: optional Description, the fixed columns, then State/PfxRcd (old)
 * or State followed by whatever count columns the release prints (PfxRcd, PfxAcc, PfxAdv, …).
 */
function headerLayout(text: string): Layout | undefined {
  const words = collapsed(text);
  const description = words.startsWith("Description ");
  const rest = description ? words.slice("Description ".length) : words;
  if (!rest.startsWith(`${FIXED} `)) return undefined;
  const tail = rest.slice(FIXED.length + 1).split(" ");
  if (tail.length === 1 && tail[0] === "State/PfxRcd") return { description, counts: "inState" };
  if (tail[0] !== "State" || !tail.slice(1).every((name) => /^[A-Za-z][A-Za-z/-]*$/.test(name))) return undefined;
  return { description, counts: tail.slice(1) };
}

const VRF_LINE = /^BGP summary information for VRF (\S+)$/;
const ROUTER_LINE = /^(?:BGP router identifier|Router identifier) (\S+), local AS number (\S+)$/;

export function parseEosBgpSummaryText(output: string, command = "show ip bgp summary"): BgpSummary {
  const vrfs: BgpVrfSummary[] = [];
  let layout: Layout | undefined;
  const current = (): BgpVrfSummary => {
    if (vrfs.length === 0) vrfs.push({ vrf: "default", neighbors: [] });
    return vrfs[vrfs.length - 1];
  };

  for (const line of requireContent(output, command)) {
    const text = line.text.trim();
    if (text === "") continue;
    const vrf = VRF_LINE.exec(text);
    const router = ROUTER_LINE.exec(text);
    const header = headerLayout(text);
    if (vrf) {
      vrfs.push({ vrf: vrf[1], neighbors: [] });
      layout = undefined;
    } else if (router) {
      const localAs = asnFromText(router[2]);
      if (!isIpv4(router[1]) || !localAs) throw lineError(command, line, "the router identifier line has no valid router id and AS number");
      Object.assign(current(), { routerId: router[1], localAs });
    } else if (text.startsWith("Neighbor Status Codes:")) {
      current();
    } else if (header) {
      current();
      layout = header;
    } else if (layout) {
      current().neighbors.push(neighborRow(line, layout, command));
    } else {
      throw unexpectedLine(command, line, "a BGP summary header or the neighbor column header");
    }
  }
  return { vrfs };
}

const INTEGER = /^\d+$/;

/** Count columns by header name; a column this program does not use is read and left out. */
const COUNT_FIELDS: Record<string, "prefixesReceived" | "prefixesAccepted" | "prefixesAdvertised" | undefined> = {
  PfxRcd: "prefixesReceived",
  PfxAcc: "prefixesAccepted",
  PfxAdv: "prefixesAdvertised",
};

/** Where the Neighbor column starts: 0, or after a free-text description. */
function neighborIndex(row: Cell[], layout: Layout): number {
  const fits = (i: number) =>
    i + 8 <= row.length &&
    isIpAddress(row[i].text) &&
    /^[46]$/.test(row[i + 1].text) &&
    asnFromText(row[i + 2].text) !== undefined &&
    row.slice(i + 3, i + 7).every((c) => INTEGER.test(c.text)) &&
    durationSeconds(row[i + 7].text) !== undefined;
  if (!layout.description) return fits(0) ? 0 : -1;
  for (let i = 0; i + 8 <= row.length; i++) if (fits(i)) return i;
  return -1;
}

function neighborRow(line: OutputLine, layout: Layout, command: string): BgpNeighbor {
  const row = cells(line.text);
  const at = neighborIndex(row, layout);
  if (at < 0) throw unexpectedLine(command, line, "a neighbor row (address, version, AS, counters, up/down, state)");
  const tail = row.slice(at + 8).map((c) => c.text);
  const upDownText = row[at + 7].text;
  const upDown = durationSeconds(upDownText);
  const neighbor: BgpNeighbor = {
    address: row[at].text,
    remoteAs: asnFromText(row[at + 2].text)!,
    state: "Idle",
    stateText: "",
    upDownText,
    ...(typeof upDown === "number" ? { upDownSeconds: upDown } : {}),
  };
  const description = line.text.slice(0, row[at].start).trim();
  if (description !== "") neighbor.description = description;

  if (tail.length === 0) throw lineError(command, line, "the neighbor row has no state");
  if (layout.counts === "inState") {
    // Old layout: a number in State/PfxRcd means Established with that many prefixes.
    if (tail.length !== 1) throw lineError(command, line, "expected one State/PfxRcd cell");
    if (INTEGER.test(tail[0])) return { ...neighbor, state: "Established", stateText: tail[0], prefixesReceived: Number(tail[0]) };
    return withState(neighbor, tail[0], line, command);
  }
  const counts = tail.slice(1);
  const names = layout.counts;
  if (counts.length > names.length || !counts.every((c) => INTEGER.test(c))) {
    throw lineError(command, line, `expected a state and at most ${names.length} count(s) (${names.join(", ")}) after Up/Down`);
  }
  const withStateSet = withState(neighbor, tail[0], line, command);
  if (withStateSet.state === "Established") {
    counts.forEach((count, i) => {
      const field = COUNT_FIELDS[names[i]];
      if (field) withStateSet[field] = Number(count);
    });
  }
  return withStateSet;
}

function withState(neighbor: BgpNeighbor, stateText: string, line: OutputLine, command: string): BgpNeighbor {
  const state = bgpStateFromText(stateText);
  if (!state) throw lineError(command, line, `unknown BGP state ${JSON.stringify(stateText)}`);
  return { ...neighbor, state, stateText };
}
