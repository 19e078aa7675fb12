// The question a migration gate asks of a leaf's BGP table: is this prefix there, best, via that node?

import { BgpPath, BgpTable } from "../show-types";

/** The valid best path for `prefix` whose next hop (or, in json, whose peer) is `via`; undefined if none. */
export function bestPathVia(table: BgpTable, prefix: string, via: string, vrf = "default"): BgpPath | undefined {
  return table.vrfs
    .find((v) => v.vrf === vrf)
    ?.paths.find((p) => p.prefix === prefix && p.valid && p.best && (p.nextHop === via || p.peer === via));
}
