// Where a next hop in a json route points, as both dialects give it: an optional address, checked, and an
// optional interface, each under the dialect's own field name.

import { RouteNextHop } from "../show-types";
import { isIpAddress } from "./addresses";
import { JsonObject } from "./json-reader";

export function nextHopPlace(hop: JsonObject, addressField: string, interfaceField: string): Pick<RouteNextHop, "address" | "interface"> {
  const address = hop.optString(addressField);
  if (address !== undefined && !isIpAddress(address)) hop.fail(`${JSON.stringify(address)} is not an address`, addressField);
  const iface = hop.optString(interfaceField);
  return {
    ...(address !== undefined ? { address } : {}),
    ...(iface !== undefined ? { interface: iface } : {}),
  };
}
