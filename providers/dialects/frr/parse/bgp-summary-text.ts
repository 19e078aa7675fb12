// FRR `show ip bgp [vrf …] summary` as text (vtysh 7.x–10.x): the header block, the neighbor
// table (State/PfxRcd, PfxSnt, Desc), and the `%` answers for no BGP / no neighbors.

import { BgpNeighbor, BgpSummary, BgpVrfSummary } from "../../show-types";
import { isIpAddress, isIpv4 } from "../../show-parse/addresses";
import { asnFromText } from "../../show-parse/asn";
import { durationSeconds } from "../../show-parse/durations";
import { Cell, OutputLine, cells, collapsed, lineError, requireContent, unexpectedLine } from "../../show-parse/output-lines";
import { bgpStateFromText } from "../../show-parse/states";

interface Layout {
  pfxSnt: boolean;
  desc: boolean;
}

const FIXED = "Neighbor V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd";
const LAYOUTS = new Map<string, Layout>([
  [FIXED, { pfxSnt: false, desc: false }],
  [`${FIXED} PfxSnt`, { pfxSnt: true, desc: false }],
  [`${FIXED} PfxSnt Desc`, { pfxSnt: true, desc: true }],
]);

const AFI_LINE = /^IPv4 Unicast Summary(?: \(VRF (\S+)\))?:$/;
const OTHER_AFI_LINE = /^(?:IPv6|L2VPN|IPv4 (?:Multicast|VPN|Flowspec|Labeled)).* Summary/;
const ROUTER_LINE = /^BGP router identifier (\S+), local AS number (\S+)(?: VRF (\S+))?(?: vrf-id -?\d+)?$/;
const NO_NEIGHBORS = [/^% No BGP neighbors found(?: in VRF (\S+))?$/, /^No IPv4 Unicast neighbor is configured$/];
const INFO_LINES = [
  /^BGP table version \d+$/,
  /^RIB entries \d+, using .+ of memory$/,
  /^Peers \d+, using .+ of memory$/,
  /^Peer groups \d+, using .+ of memory$/,
  /^Total number of neighbors \d+$/,
  /^Displayed neighbors \d+$/,
  /^\* - dynamic neighbor$/,
  /^\d+ dynamic neighbor\(s\), limit \d+$/,
  /^BGP (?:view|instance) name: .+$/,
  /^Default local pref \d+, local AS \d+$/,
];

export function parseFrrBgpSummaryText(output: string, command = "show ip bgp summary"): BgpSummary {
  const vrfs: BgpVrfSummary[] = [];
  let layout: Layout | undefined;
  let wrapped: OutputLine | undefined; // a neighbor name too long for its column, continued on the next line
  const current = (): BgpVrfSummary => {
    if (vrfs.length === 0) vrfs.push({ vrf: "default", neighbors: [] });
    return vrfs[vrfs.length - 1];
  };
  const lines = requireContent(output, command);
  if (lines.length === 1 && lines[0].text.trim() === "% BGP instance not found") return { vrfs: [] };

  for (const line of lines) {
    const text = line.text.trim();
    if (text === "") continue;
    const afi = AFI_LINE.exec(text);
    const router = ROUTER_LINE.exec(text);
    const noNeighbors = NO_NEIGHBORS.map((re) => re.exec(text)).find((m) => m !== null);
    const header = LAYOUTS.get(collapsed(text));
    if (wrapped) {
      current().neighbors.push(neighborRow(joinWrapped(wrapped, line), layout!, command));
      wrapped = undefined;
    } else if (afi) {
      vrfs.push({ vrf: afi[1] ?? "default", neighbors: [] });
      layout = undefined;
    } else if (OTHER_AFI_LINE.test(text)) {
      throw lineError(command, line, "only the IPv4 unicast summary is read (use `show ip bgp summary`)");
    } else if (router) {
      const localAs = asnFromText(router[2]);
      if (!isIpv4(router[1]) || !localAs) throw lineError(command, line, "the router identifier line has no valid router id and AS number");
      Object.assign(current(), { routerId: router[1], localAs, ...(router[3] ? { vrf: router[3] } : {}) });
    } else if (noNeighbors) {
      const vrf = current();
      if (noNeighbors[1]) vrf.vrf = noNeighbors[1];
    } else if (INFO_LINES.some((re) => re.test(text))) {
      current();
    } else if (header) {
      current();
      layout = header;
    } else if (layout && cells(text).length === 1 && isIpAddress(text)) {
      wrapped = line;
    } else if (layout) {
      current().neighbors.push(neighborRow(line, layout, command));
    } else {
      throw unexpectedLine(command, line, "a BGP summary header or the neighbor column header");
    }
  }
  if (wrapped) throw lineError(command, wrapped, "the neighbor row ends after the address");
  return { vrfs };
}

function joinWrapped(first: OutputLine, rest: OutputLine): OutputLine {
  return { number: rest.number, text: `${first.text.trim()} ${rest.text.trim()}` };
}

const INTEGER = /^\d+$/;

function neighborRow(line: OutputLine, layout: Layout, command: string): BgpNeighbor {
  const row = cells(line.text);
  const fixed = row.slice(0, 9).map((c) => c.text);
  const remoteAs = fixed.length === 9 ? asnFromText(fixed[2]) : undefined;
  const upDown = fixed.length === 9 ? durationSeconds(fixed[8]) : undefined;
  if (!isIpAddress(fixed[0] ?? "") || !/^[46]$/.test(fixed[1] ?? "") || !remoteAs || !fixed.slice(3, 8).every((c) => INTEGER.test(c)) || upDown === undefined) {
    throw unexpectedLine(command, line, "a neighbor row (address, version, AS, counters, up/down, state)");
  }
  const { stateCells, rest } = splitState(row.slice(9));
  if (stateCells.length === 0) throw lineError(command, line, "the neighbor row has no State/PfxRcd");
  const stateText = stateCells.map((c) => c.text).join(" ");
  const neighbor: BgpNeighbor = {
    address: fixed[0],
    remoteAs,
    ...established(stateText, line, command),
    upDownText: fixed[8],
    ...(typeof upDown === "number" ? { upDownSeconds: upDown } : {}),
  };
  let next = 0;
  if (layout.pfxSnt) {
    if (rest[next] === undefined || !(INTEGER.test(rest[next].text) || rest[next].text === "(Policy)")) {
      throw lineError(command, line, "expected a PfxSnt count after State/PfxRcd");
    }
    if (neighbor.state === "Established" && INTEGER.test(rest[next].text)) neighbor.prefixesAdvertised = Number(rest[next].text);
    next++;
  }
  if (layout.desc && rest[next] !== undefined) {
    const desc = line.text.slice(rest[next].start).trim();
    if (desc !== "N/A") neighbor.description = desc; // FRR prints N/A for a neighbor without description
  } else if (rest[next] !== undefined) {
    throw lineError(command, line, "unexpected cells after the last column");
  }
  return neighbor;
}

/** "Idle (Admin)" spans two cells; everything else one. */
function splitState(after: Cell[]): { stateCells: Cell[]; rest: Cell[] } {
  if (after.length >= 2 && /^Idle$/i.test(after[0].text) && /^\(\S+\)$/.test(after[1].text)) return { stateCells: after.slice(0, 2), rest: after.slice(2) };
  return { stateCells: after.slice(0, 1), rest: after.slice(1) };
}

/** State/PfxRcd: a count, `(Policy)` or `NoNeg` mean Established; anything else is the state. */
function established(text: string, line: OutputLine, command: string): Pick<BgpNeighbor, "state" | "stateText" | "prefixesReceived" | "policyBlocked"> {
  if (INTEGER.test(text)) return { state: "Established", stateText: text, prefixesReceived: Number(text) };
  if (text === "(Policy)") return { state: "Established", stateText: text, policyBlocked: true };
  if (text === "NoNeg") return { state: "Established", stateText: text };
  const state = bgpStateFromText(text);
  if (!state) throw lineError(command, line, `unknown BGP state ${JSON.stringify(text)}`);
  return { state, stateText: text };
}
