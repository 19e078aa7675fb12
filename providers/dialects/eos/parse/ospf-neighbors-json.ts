// EOS `show ip ospf neighbor | json` (eAPI): vrfs → instList → ospfNeighborEntries.

import { OspfNeighbor, OspfNeighborTable } from "../../show-types";
import { isIpv4 } from "../../show-parse/addresses";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { ospfStateCell } from "../../show-parse/ospf-state-cell";

export function parseEosOspfNeighborsJson(output: string, command = "show ip ospf neighbor | json"): OspfNeighborTable {
  const neighbors: OspfNeighbor[] = [];
  let instances = 0;
  for (const [vrf, vrfData] of parseJsonOutput(output, command).object("vrfs").entries()) {
    for (const [instance, inst] of vrfData.object("instList").entries()) {
      instances++;
      for (const entry of inst.objects("ospfNeighborEntries")) neighbors.push(neighbor(entry, vrf, instance));
    }
  }
  // Without an OSPF instance eAPI has nothing under vrfs.
  return { ospfConfigured: instances > 0, neighbors };
}

function ipv4(entry: JsonObject, key: string): string {
  const value = entry.string(key);
  return isIpv4(value) ? value : entry.fail(`${JSON.stringify(value)} is not an IPv4 address`, key);
}

function neighbor(entry: JsonObject, vrf: string, instance: string): OspfNeighbor {
  const adjacency = entry.string("adjacencyState");
  const drState = entry.optString("drState");
  const stateText = drState === undefined ? adjacency : `${adjacency}/${drState}`;
  const state = ospfStateCell(stateText);
  if (typeof state === "string") entry.fail(state, "adjacencyState");
  const result: OspfNeighbor = {
    routerId: ipv4(entry, "routerId"),
    ...state,
    address: ipv4(entry, "interfaceAddress"),
    interface: entry.string("interfaceName"),
    vrf,
    instance,
  };
  const priority = entry.optNumber("priority");
  if (priority !== undefined) result.priority = priority;
  const area = entry.optObject("details")?.optString("areaId");
  if (area !== undefined) result.area = area;
  const inactivity = entry.optNumber("inactivity");
  if (inactivity !== undefined) result.deadTimerExpiresEpoch = inactivity;
  return result;
}
