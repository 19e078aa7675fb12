// What both dialects render the same way: the names of our BGP policy objects, their entries and the
// lines both spell alike, and small formatting rules. The dialects differ only in where these lines go.

import { BgpNeighborIntent, BridgeIntent, Redistribution, StaticRouteIntent } from "../../model/device-plan";
import { ConfigLine } from "./types";
import { dottedArea } from "./syntax-rules";

export function configLine(text: string, children: ConfigLine[] = []): ConfigLine {
  return { text, children };
}

/** Drops the lines a condition left out, so renderers can list optional lines inline. */
export function lines(...maybe: (ConfigLine | false | null | undefined)[]): ConfigLine[] {
  return maybe.filter((l): l is ConfigLine => typeof l === "object" && l !== null);
}

const dashed = (address: string) => address.replace(/[.:]/g, "-");

/** The prefixes a node may announce to its leaf. */
export const nodePrefixListName = (neighbor: BgpNeighborIntent) => `KF-NODE-${dashed(neighbor.address)}`;
/** Accepts what the node may announce, nothing else. */
export const nodeImportRouteMapName = (neighbor: BgpNeighborIntent) => `KF-FROM-NODE-${dashed(neighbor.address)}`;
/** The leaf announces nothing to nodes: they reach the fabric by their static route. */
export const NODES_EXPORT_ROUTE_MAP = "KF-TO-NODES";
/**
 * The migration's bridges go into OSPF through this prefix-list and route-map of the same name, so
 * `redistribute static` takes exactly the bridged blocks and no other static route of the leaf.
 */
export const BRIDGES_POLICY = "KF-BRIDGES";

/** One `permit <block>` entry per bridged block (exact: the bridge is the block's own route). */
export function bridgePrefixEntries(bridges: BridgeIntent): { seq: number; entry: string }[] {
  return bridges.routes.map((route, index) => ({ seq: (index + 1) * 10, entry: `permit ${route.prefix}` }));
}

/** The bridges' route-map and their redistribution into OSPF under it. */
export function bridgeRedistribution(): { routeMap: ConfigLine; redistribute: ConfigLine } {
  return {
    routeMap: configLine(`route-map ${BRIDGES_POLICY} permit 10`, [configLine(`match ip address prefix-list ${BRIDGES_POLICY}`)]),
    redistribute: configLine(`redistribute static route-map ${BRIDGES_POLICY}`),
  };
}

/**
 * `permit P le 32` per allowed prefix: the node may announce the prefix or anything inside it (Calico announces
 * its pod blocks at the IPAM block size and /32s for borrowed addresses); maximum-routes bounds how many.
 */
export function allowedPrefixEntries(neighbor: BgpNeighborIntent): { seq: number; entry: string }[] {
  return neighbor.allowedPrefixes.map((prefix, index) => {
    const length = Number(prefix.split("/")[1] ?? "32");
    return { seq: (index + 1) * 10, entry: `permit ${prefix}${length < 32 ? " le 32" : ""}` };
  });
}

export const ospfArea = dottedArea;

/** A loopback may be given without a length; an interface address always carries one. */
export function withPrefixLength(address: string): string {
  return address.includes("/") ? address : `${address}/32`;
}

/** Per neighbour its import route-map (what its prefix-list allows), then the export route-map that denies all. */
export function nodeRouteMaps(neighbors: readonly BgpNeighborIntent[]): ConfigLine[] {
  return [
    ...neighbors.map((n) =>
      configLine(`route-map ${nodeImportRouteMapName(n)} permit 10`, [configLine(`match ip address prefix-list ${nodePrefixListName(n)}`)]),
    ),
    configLine(`route-map ${NODES_EXPORT_ROUTE_MAP} deny 10`),
  ];
}

/** The lines that make a node a BGP peer: its AS and its description. */
export function neighborPeerLines(neighbor: BgpNeighborIntent): ConfigLine[] {
  return [
    configLine(`neighbor ${neighbor.address} remote-as ${neighbor.remoteAsn}`),
    configLine(`neighbor ${neighbor.address} description ${neighbor.description}`),
  ];
}

/** The route-maps applied to a node's session: its import map in, the deny-all export map out. */
export function neighborPolicyLines(neighbor: BgpNeighborIntent): ConfigLine[] {
  return [
    configLine(`neighbor ${neighbor.address} route-map ${nodeImportRouteMapName(neighbor)} in`),
    configLine(`neighbor ${neighbor.address} route-map ${NODES_EXPORT_ROUTE_MAP} out`),
  ];
}

export function staticRouteLines(routes: readonly StaticRouteIntent[]): ConfigLine[] {
  return routes.map((route) => configLine(`ip route ${route.prefix} ${route.nextHop}${route.distance !== undefined ? ` ${route.distance}` : ""}`));
}

export function redistributeLines(sources: readonly Redistribution[]): ConfigLine[] {
  return sources.map((source) => configLine(`redistribute ${source}`));
}
