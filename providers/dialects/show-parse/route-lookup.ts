// The questions the migration gates ask of a parsed RIB: is this prefix there, chosen, via what?

import * as ipaddr from "ipaddr.js";
import { Route, RouteTable, RouteVrfTable } from "../show-types";

export function vrfRoutes(table: RouteTable, vrf = "default"): RouteVrfTable | undefined {
  return table.vrfs.find((t) => t.vrf === vrf);
}

function network(prefix: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    return ipaddr.parseCIDR(prefix);
  } catch {
    return undefined;
  }
}

function samePrefix(a: string, b: string): boolean {
  const na = network(a);
  const nb = network(b);
  if (!na || !nb) return a === b;
  return na[1] === nb[1] && na[0].kind() === nb[0].kind() && na[0].toString() === nb[0].toString();
}

/** Every route for exactly this prefix (FRR lists candidates too). */
export function routesForPrefix(table: RouteTable, prefix: string, vrf = "default"): Route[] {
  return (vrfRoutes(table, vrf)?.routes ?? []).filter((r) => samePrefix(r.prefix, prefix));
}

/** The route the RIB chose for exactly this prefix, if it has one. */
export function selectedRoute(table: RouteTable, prefix: string, vrf = "default"): Route | undefined {
  return routesForPrefix(table, prefix, vrf).find((r) => r.selected);
}

/** The chosen route with the longest prefix covering `address`: where the device would forward it. */
export function longestMatch(table: RouteTable, address: string, vrf = "default"): Route | undefined {
  let target: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    target = ipaddr.parse(address);
  } catch {
    throw new Error(`longestMatch: ${JSON.stringify(address)} is not an IP address`);
  }
  let best: Route | undefined;
  let bestLength = -1;
  for (const route of vrfRoutes(table, vrf)?.routes ?? []) {
    const net = network(route.prefix);
    if (!route.selected || !net || net[0].kind() !== target.kind()) continue;
    if (target.match(net) && net[1] > bestLength) {
      best = route;
      bestLength = net[1];
    }
  }
  return best;
}
