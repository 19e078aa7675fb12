// EOS `show ip ospf neighbor [vrf all]` as text: the old layout with a VRF column and the newer one
// with Instance and VRF columns. Cells are read by position in the row, not by column offset.

import { OspfNeighbor, OspfNeighborTable } from "../../show-types";
import { readOspfNeighborRow } from "../../show-parse/ospf-neighbor-row";
import { OutputLine, collapsed, requireContent, unexpectedLine } from "../../show-parse/output-lines";

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
  const { cell, neighbor } = readOspfNeighborRow(line, columns, command);
  return {
    ...neighbor,
    interface: cell("interface"),
    vrf: cell("vrf"),
    ...(columns.includes("instance") ? { instance: cell("instance") } : {}),
  };
}
