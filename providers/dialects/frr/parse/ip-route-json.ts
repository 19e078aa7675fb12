// FRR `show ip route [vrf all] [bgp|<prefix>] json`: prefix → list of route entries (candidates
// included), or VRF name → that map for `vrf all`. `{}` means no route matched.

import { Route, RouteNextHop, RouteTable, RouteVrfTable } from "../../show-types";
import { isPrefix } from "../../show-parse/addresses";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { nextHopPlace } from "../../show-parse/next-hop-json";
import { frrCodeOfProtocol } from "./route-codes";

export function parseFrrIpRouteJson(output: string, command = "show ip route json"): RouteTable {
  const top = parseJsonOutput(output, command);
  const keys = top.keys();
  if (keys.length === 0) return { vrfs: [{ vrf: "default", gatewayOfLastResort: "notShown", routes: [] }] };
  // `vrf all` nests the prefix maps one level deeper, under VRF names (which are not prefixes).
  if (keys.every((k) => !isPrefix(k))) return { vrfs: top.entries().map(([vrf, routes]) => vrfTable(routes, vrf)) };
  return { vrfs: [vrfTable(top, undefined)] };
}

function vrfTable(map: JsonObject, vrfName: string | undefined): RouteVrfTable {
  const routes = map.arrayEntries().flatMap(([prefix, entries]) => {
    if (!isPrefix(prefix)) map.fail(`the route key ${JSON.stringify(prefix)} is not a prefix`, prefix);
    return entries.map((entry) => route(prefix, entry));
  });
  const named = map.arrayEntries().flatMap(([, entries]) => entries.map((e) => e.optString("vrfName"))).find((v) => v !== undefined);
  return { vrf: vrfName ?? named ?? "default", gatewayOfLastResort: "notShown", routes };
}

function route(key: string, entry: JsonObject): Route {
  const prefix = entry.optString("prefix") ?? key;
  if (prefix !== key) entry.fail(`prefix ${JSON.stringify(prefix)} differs from its key ${JSON.stringify(key)}`, "prefix");
  const nextHops = entry.objects("nexthops").map(nextHop);
  const distance = entry.optNumber("distance");
  const metric = entry.optNumber("metric");
  return {
    prefix,
    ...frrCodeOfProtocol(entry.string("protocol")),
    ...(distance !== undefined ? { distance } : {}),
    ...(metric !== undefined ? { metric } : {}),
    nextHops,
    directlyConnected: nextHops.some((h) => h.directlyConnected),
    selected: entry.optBoolean("selected") === true,
    installed: entry.optBoolean("installed") === true,
  };
}

function nextHop(hop: JsonObject): RouteNextHop {
  return {
    ...nextHopPlace(hop, "ip", "interfaceName"),
    directlyConnected: hop.optBoolean("directlyConnected") === true,
    ...(hop.optBoolean("blackhole") === true || hop.optBoolean("unreachable") === true ? { blackhole: true } : {}),
    ...(hop.optBoolean("recursive") === true ? { recursive: true } : {}),
    installed: hop.optBoolean("fib") === true,
  };
}
