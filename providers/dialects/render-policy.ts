// What both dialects render the same way: the names of our BGP policy objects and their entries, and
// small formatting rules. The dialects differ only in where these lines go.

import { BgpNeighborIntent } from "../../components/plan/plan-types";
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
