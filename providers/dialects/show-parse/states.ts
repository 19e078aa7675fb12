// Normalising the state words both dialects print to the RFC state machines.

import { BgpState, OspfRole, OspfState } from "../show-types";

const BGP_STATES: Array<[RegExp, BgpState]> = [
  [/^estab/i, "Established"], // EOS "Estab", FRR/EOS json "Established"
  [/^idle/i, "Idle"], // "Idle", "Idle(NoIf)", "Idle (Admin)"
  [/^connect/i, "Connect"],
  [/^active/i, "Active"],
  [/^opensent/i, "OpenSent"],
  [/^openconfirm/i, "OpenConfirm"],
  // FRR's internal teardown states: the session is down, as in Idle.
  [/^(clearing|deleted)$/i, "Idle"],
];

export function bgpStateFromText(text: string): BgpState | undefined {
  return BGP_STATES.find(([re]) => re.test(text))?.[1];
}

const OSPF_STATES: Record<string, OspfState> = {
  full: "Full",
  "2way": "2Way",
  "2ways": "2Way", // EOS
  twoway: "2Way",
  twoways: "2Way",
  init: "Init",
  exstart: "ExStart",
  exchstart: "ExStart", // EOS json
  exchange: "Exchange",
  loading: "Loading",
  down: "Down",
  attempt: "Attempt",
  dependupon: "Down", // FRR before the interface is up
  deleted: "Down", // FRR while removing a neighbor
};

/** "FULL", "Full", "full", "2-Way", "2WAYS", "exchStart" → the RFC state. */
export function ospfStateFromText(text: string): OspfState | undefined {
  return OSPF_STATES[text.toLowerCase().replace(/[^a-z0-9]/g, "")];
}

const OSPF_ROLES: Record<string, OspfRole | null> = {
  dr: "DR",
  bdr: "BDR",
  backup: "BDR", // FRR "Full/Backup"
  drother: "DROther",
  "-": null, // FRR "Full/-": point-to-point, no election
  p2p: null,
  ptp: null,
  "": null,
};

/** The role part of "FULL/DR" or an EOS drState; null = no DR election; undefined = unknown word. */
export function ospfRoleFromText(text: string): OspfRole | null | undefined {
  const key = text === "-" ? "-" : text.toLowerCase().replace(/[^a-z0-9]/g, "");
  return OSPF_ROLES[key];
}
