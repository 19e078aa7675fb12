// FRR `show ip ospf [vrf all] neighbor` as text: 8.x layout (with Up Time) and 7.x layout,
// `OSPF Instance:`/`VRF Name:` section lines, and `% OSPF is not enabled` for no OSPF.

import { OspfNeighbor, OspfNeighborTable } from "../../show-types";
import { splitInterfaceAddress } from "../../show-parse/interface-address";
import { readOspfNeighborRow } from "../../show-parse/ospf-neighbor-row";
import { OutputLine, collapsed, requireContent, unexpectedLine } from "../../show-parse/output-lines";

type Column = "routerId" | "priority" | "state" | "upTime" | "deadTime" | "address" | "interface" | "rxmtl" | "rqstl" | "dbsml";

const LAYOUTS = new Map<string, Column[]>([
  [
    "Neighbor ID Pri State Up Time Dead Time Address Interface RXmtL RqstL DBsmL",
    ["routerId", "priority", "state", "upTime", "deadTime", "address", "interface", "rxmtl", "rqstl", "dbsml"],
  ],
  ["Neighbor ID Pri State Dead Time Address Interface RXmtL RqstL DBsmL", ["routerId", "priority", "state", "deadTime", "address", "interface", "rxmtl", "rqstl", "dbsml"]],
]);

const NOT_ENABLED = [/^% OSPF is not enabled(?: in vrf \S+)?$/, /^% OSPF instance not found$/];

export function parseFrrOspfNeighborsText(output: string, command = "show ip ospf neighbor"): OspfNeighborTable {
  const lines = requireContent(output, command);
  const meaningful = lines.filter((l) => l.text.trim() !== "");
  if (meaningful.length === 1 && NOT_ENABLED.some((re) => re.test(meaningful[0].text.trim()))) return { ospfConfigured: false, neighbors: [] };

  const neighbors: OspfNeighbor[] = [];
  let columns: Column[] | undefined;
  let instance: string | undefined;
  let vrf: string | undefined;
  for (const line of meaningful) {
    const text = line.text.trim();
    const header = LAYOUTS.get(collapsed(text));
    const instanceLine = /^OSPF Instance: (\d+)$/.exec(text);
    const vrfLine = /^VRF Name: (\S+)$/.exec(text);
    if (header) columns = header;
    else if (instanceLine) instance = instanceLine[1];
    else if (vrfLine) vrf = vrfLine[1];
    else if (columns) neighbors.push({ ...neighborRow(line, columns, command), ...(vrf ? { vrf } : {}), ...(instance ? { instance } : {}) });
    else throw unexpectedLine(command, line, "the OSPF neighbor column header");
  }
  return { ospfConfigured: true, neighbors };
}

/** FRR's rows also carry the retransmit, request and database-summary counters. */
const COUNTERS = {
  valid: (cell: (c: Column) => string) => [cell("rxmtl"), cell("rqstl"), cell("dbsml")].every((c) => /^\d+$/.test(c)),
  expected: "router id, priority, dead time, address and counters in a neighbor row",
};

function neighborRow(line: OutputLine, columns: Column[], command: string): OspfNeighbor {
  const { cell, neighbor } = readOspfNeighborRow(line, columns, command, COUNTERS);
  return { ...neighbor, ...splitInterfaceAddress(cell("interface")) };
}
