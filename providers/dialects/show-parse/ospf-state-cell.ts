// "FULL/DR", "Full/-", "2-Way/DROther", "FULL": the state cell both dialects print, split in two.

import { OspfNeighbor } from "../show-types";
import { ospfRoleFromText, ospfStateFromText } from "./states";

export type OspfStateCell = Pick<OspfNeighbor, "state" | "role" | "stateText">;

/** The state and role in a cell, or a reason it is not one. */
export function ospfStateCell(text: string): OspfStateCell | string {
  const slash = text.indexOf("/");
  const stateWord = slash < 0 ? text : text.slice(0, slash);
  const roleWord = slash < 0 ? "" : text.slice(slash + 1);
  const state = ospfStateFromText(stateWord);
  if (!state) return `unknown OSPF state ${JSON.stringify(stateWord)}`;
  const role = ospfRoleFromText(roleWord);
  if (role === undefined) return `unknown OSPF DR role ${JSON.stringify(roleWord)}`;
  return { state, stateText: text, ...(role !== null ? { role } : {}) };
}
