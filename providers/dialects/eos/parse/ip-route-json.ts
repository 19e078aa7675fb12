// EOS `show ip route [vrf …] [<prefix>] | json` (eAPI): vrfs → routes keyed by prefix, each with
// routeType, preference/metric and vias. Route types map to the same codes as the text output.

import { GatewayOfLastResort, Route, RouteNextHop, RouteTable, RouteVrfTable } from "../../show-types";
import { isPrefix } from "../../show-parse/addresses";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { nextHopPlace } from "../../show-parse/next-hop-json";
import { EOS_ROUTE_CODES, EOS_ROUTE_TYPES } from "./route-codes";

export function parseEosIpRouteJson(output: string, command = "show ip route | json"): RouteTable {
  return {
    vrfs: parseJsonOutput(output, command)
      .object("vrfs")
      .entries()
      .map(([vrf, table]) => vrfTable(vrf, table)),
  };
}

function vrfTable(vrf: string, table: JsonObject): RouteVrfTable {
  const routingDisabled = table.optBoolean("routingDisabled");
  const defaultRouteState = table.optString("defaultRouteState");
  const gateway: GatewayOfLastResort = defaultRouteState === undefined ? "notShown" : defaultRouteState === "notSet" ? "notSet" : "set";
  return {
    vrf,
    gatewayOfLastResort: gateway,
    ...(routingDisabled !== undefined ? { routingEnabled: !routingDisabled } : {}),
    routes: table.object("routes").entries().map(([prefix, route]) => routeEntry(prefix, route)),
  };
}

function routeEntry(prefix: string, route: JsonObject): Route {
  if (!isPrefix(prefix)) route.fail(`the route key ${JSON.stringify(prefix)} is not a prefix`);
  const routeType = route.string("routeType");
  // A route type newer than our table is still a route: keep its eAPI name as its code.
  const codes = EOS_ROUTE_TYPES.get(routeType) ?? routeType;
  const directlyConnected = route.optBoolean("directlyConnected") ?? false;
  const drop = route.optString("routeAction") === "drop";
  const nextHops = route.objects("vias").map((via) => nextHop(via, directlyConnected));
  if (drop && nextHops.length === 0) nextHops.push({ directlyConnected, blackhole: true });
  const distance = route.optNumber("preference");
  const metric = route.optNumber("metric");
  const kernelProgrammed = route.optBoolean("kernelProgrammed");
  return {
    prefix,
    protocol: EOS_ROUTE_CODES.get(codes) ?? "other",
    codes,
    ...(distance !== undefined ? { distance } : {}),
    ...(metric !== undefined ? { metric } : {}),
    nextHops,
    directlyConnected,
    selected: true,
    ...(kernelProgrammed !== undefined ? { installed: kernelProgrammed } : {}),
  };
}

function nextHop(via: JsonObject, directlyConnected: boolean): RouteNextHop {
  const place = nextHopPlace(via, "nexthopAddr", "interface");
  return {
    ...place,
    directlyConnected: directlyConnected && place.address === undefined,
    ...(place.interface === "Null0" ? { blackhole: true } : {}),
  };
}
