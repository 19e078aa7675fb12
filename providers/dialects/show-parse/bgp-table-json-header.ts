// A BGP table's per-VRF header in JSON (router id, local AS): both dialects print the same two facts
// under their own field names (EOS vrf/routerId/asn, FRR vrfName/routerId/localAS).

import { BgpTableVrf } from "../show-types";
import { isIpv4 } from "./addresses";
import { asnFromText } from "./asn";
import { JsonObject } from "./json-reader";

export interface BgpTableJsonFields {
  /** The field naming the VRF (the map key `name` when it is absent). */
  vrf: string;
  /** The field holding the local AS (number or asdot text). */
  localAs: string;
}

/** An empty table for one VRF with its router id and local AS read and checked. */
export function bgpTableVrfHeader(vrf: JsonObject, name: string, fields: BgpTableJsonFields): BgpTableVrf {
  const table: BgpTableVrf = { vrf: vrf.optString(fields.vrf) ?? name, paths: [] };
  const routerId = vrf.optString("routerId");
  if (routerId !== undefined) {
    if (!isIpv4(routerId)) vrf.fail(`${JSON.stringify(routerId)} is not a router id`, "routerId");
    table.routerId = routerId;
  }
  const asnText = vrf.optText(fields.localAs);
  if (asnText !== undefined) table.localAs = asnFromText(asnText) ?? vrf.fail(`${JSON.stringify(asnText)} is not an AS number`, fields.localAs);
  return table;
}
