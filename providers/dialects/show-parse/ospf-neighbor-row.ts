// A row of an OSPF neighbor table, read by the column names of its layout: the cells every dialect
// prints (router id, priority, state, dead time, address) checked the same way for all of them.

import { OspfNeighbor } from "../show-types";
import { isIpv4 } from "./addresses";
import { durationSeconds } from "./durations";
import { ospfStateCell } from "./ospf-state-cell";
import { OutputLine, cells, lineError, unexpectedLine } from "./output-lines";

/** The columns every layout of the table has. */
export type OspfNeighborColumn = "routerId" | "priority" | "state" | "deadTime" | "address" | "interface";

export interface OspfNeighborRow<Column extends string> {
  /** The text of a cell, by its column in the layout. */
  cell(column: Column): string;
  /** The checked cells every layout has; the interface cell is left to the dialect, which spells it its own way. */
  neighbor: Pick<OspfNeighbor, "routerId" | "state" | "role" | "stateText" | "address" | "priority" | "deadTimeText" | "deadTimeSeconds">;
}

/** A dialect's check of its other cells, and what the row should hold for the error when it fails. */
export interface OspfNeighborRowCheck<Column extends string> {
  valid(cell: (column: Column) => string): boolean;
  expected: string;
}

export function readOspfNeighborRow<Column extends string>(
  line: OutputLine,
  columns: readonly (Column | OspfNeighborColumn)[],
  command: string,
  more?: OspfNeighborRowCheck<Column | OspfNeighborColumn>,
): OspfNeighborRow<Column | OspfNeighborColumn> {
  const row = cells(line.text).map((c) => c.text);
  if (row.length !== columns.length) throw unexpectedLine(command, line, `a neighbor row of ${columns.length} cells (${columns.join(", ")})`);
  const cell = (c: Column | OspfNeighborColumn) => row[columns.indexOf(c)];
  const state = ospfStateCell(cell("state"));
  if (typeof state === "string") throw lineError(command, line, state);
  const deadTime = durationSeconds(cell("deadTime"));
  const moreValid = more ? more.valid(cell) : true;
  if (!isIpv4(cell("routerId")) || !isIpv4(cell("address")) || !/^\d+$/.test(cell("priority")) || typeof deadTime !== "number" || !moreValid) {
    throw unexpectedLine(command, line, more?.expected ?? "router id, priority, dead time and address in a neighbor row");
  }
  return {
    cell,
    neighbor: {
      routerId: cell("routerId"),
      ...state,
      address: cell("address"),
      priority: Number(cell("priority")),
      deadTimeText: cell("deadTime"),
      deadTimeSeconds: deadTime,
    },
  };
}
