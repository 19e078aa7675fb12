// FRR `show ip ospf [vrf all] neighbor json`: {"neighbors": {routerId: [adjacency, …]}}, or a map of
// VRF names to that; `{}` when OSPF is not running. Accepts the 7.x keys (state, address, priority)
// next to the 8.x+ ones (nbrState, ifaceAddress, nbrPriority).

import { OspfNeighbor, OspfNeighborTable } from "../../show-types";
import { isIpv4 } from "../../show-parse/addresses";
import { durationSeconds } from "../../show-parse/durations";
import { splitInterfaceAddress } from "../../show-parse/interface-address";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { ospfStateCell } from "../../show-parse/ospf-state-cell";

export function parseFrrOspfNeighborsJson(output: string, command = "show ip ospf neighbor json"): OspfNeighborTable {
  const top = parseJsonOutput(output, command);
  if (top.keys().length === 0) return { ospfConfigured: false, neighbors: [] };
  if (top.has("neighbors")) return { ospfConfigured: true, neighbors: neighbors(top.object("neighbors"), undefined) };
  return {
    ospfConfigured: true,
    neighbors: top.entries().flatMap(([vrf, perVrf]) => {
      if (!perVrf.has("neighbors")) perVrf.fail("expected neighbors (a VRF of `vrf all`) or a top-level neighbors map");
      return neighbors(perVrf.object("neighbors"), vrf);
    }),
  };
}

function neighbors(map: JsonObject, vrf: string | undefined): OspfNeighbor[] {
  return map.arrayEntries().flatMap(([routerId, adjacencies]) => {
    if (!isIpv4(routerId)) map.fail(`the neighbor key ${JSON.stringify(routerId)} is not a router id`, routerId);
    return adjacencies.map((adjacency) => ({ ...neighbor(routerId, adjacency), ...(vrf !== undefined ? { vrf } : {}) }));
  });
}

function neighbor(routerId: string, adj: JsonObject): OspfNeighbor {
  // "Full/DR" when present; trimmed outputs only keep `converged` (the NSM state alone). The role
  // comes from that cell, not from `role`, which says DROther on point-to-point links ("Full/-").
  const stateKey = adj.has("nbrState") ? "nbrState" : adj.has("state") ? "state" : "converged";
  const state = ospfStateCell(adj.string(stateKey));
  if (typeof state === "string") adj.fail(state, stateKey);
  const addressKey = adj.has("ifaceAddress") ? "ifaceAddress" : "address";
  const address = adj.string(addressKey);
  if (!isIpv4(address)) adj.fail(`${JSON.stringify(address)} is not an IPv4 address`, addressKey);
  const result: OspfNeighbor = { routerId, ...state, address };
  const iface = adj.optString("ifaceName");
  if (iface !== undefined) Object.assign(result, splitInterfaceAddress(iface));
  const priority = adj.optNumber("nbrPriority") ?? adj.optNumber("priority");
  if (priority !== undefined) result.priority = priority;
  const deadText = adj.optString("deadTime");
  if (deadText !== undefined) result.deadTimeText = deadText;
  const deadMsec = adj.optNumber("routerDeadIntervalTimerDueMsec") ?? adj.optNumber("deadTimeMsecs");
  if (deadMsec !== undefined) result.deadTimeSeconds = deadMsec / 1000;
  else if (deadText !== undefined) {
    const seconds = durationSeconds(deadText);
    if (typeof seconds === "number") result.deadTimeSeconds = seconds;
  }
  return result;
}
