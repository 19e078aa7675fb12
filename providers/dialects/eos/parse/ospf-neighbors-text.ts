// EOS `show ip ospf neighbor [vrf all]` as text: the old layout with a VRF column and the newer one
// with Instance and VRF columns. Cells are read by position in the row, not by column offset.

import { OspfNeighbor, OspfNeighborTable } from "../../show-types";
import { isIpv4 } from "../../show-parse/addresses";
import { durationSeconds } from "../../show-parse/durations";
import { OutputLine, cells, collapsed, lineError, requireContent, unexpectedLine } from "../../show-parse/output-lines";
import { ospfStateCell } from "../../show-parse/ospf-state-cell";

type Column = "routerId" | "instance" | "vrf" | "priority" | "state" | "deadTime" | "address" | "interface";

const LAYOUTS = new Map<string, Column[]>([
  ["Neighbor ID VRF Pri State Dead Time Address Interface", ["routerId", "vrf", "priority", "state", "deadTime", "address", "interface"]],
  [
    "Neighbor ID Instance VRF Pri State Dead Time Address Interface",
    ["routerId", "instance", "vrf", "priority", "state", "deadTime", "address", "interface"],
  ],
]);

export function parseEosOspfNeighborsText(output: string, command = "show ip ospf neighbor"): OspfNeighborTable {
  const neighbors: OspfNeighbor[] = [];
  let columns: Column[] | undefined;
  for (const line of requireContent(output, command)) {
    if (line.text.trim() === "") continue;
    const header = LAYOUTS.get(collapsed(line.text));
    if (header) columns = header;
    else if (columns) neighbors.push(neighborRow(line, columns, command));
    else throw unexpectedLine(command, line, "the OSPF neighbor column header");
  }
  return { ospfConfigured: true, neighbors };
}

function neighborRow(line: OutputLine, columns: Column[], command: string): OspfNeighbor {
  const row = cells(line.text).map((c) => c.text);
  if (row.length !== columns.length) throw unexpectedLine(command, line, `a neighbor row of ${columns.length} cells (${columns.join(", ")})`);
  const cell = (c: Column) => row[columns.indexOf(c)];
  const state = ospfStateCell(cell("state"));
  if (typeof state === "string") throw lineError(command, line, state);
  const deadTime = durationSeconds(cell("deadTime"));
  if (!isIpv4(cell("routerId")) || !isIpv4(cell("address")) || !/^\d+$/.test(cell("priority")) || typeof deadTime !== "number") {
    throw unexpectedLine(command, line, "router id, priority, dead time and address in a neighbor row");
  }
  return {
    routerId: cell("routerId"),
    ...state,
    address: cell("address"),
    interface: cell("interface"),
    priority: Number(cell("priority")),
    vrf: cell("vrf"),
    ...(columns.includes("instance") ? { instance: cell("instance") } : {}),
    deadTimeText: cell("deadTime"),
    deadTimeSeconds: deadTime,
  };
}
