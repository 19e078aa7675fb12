// EOS `show ip bgp [vrf …]` / `show bgp ipv4 unicast`: text by the shared table reader, json from
// eAPI (`| json`): vrfs → name → bgpRouteEntries → prefix → bgpRoutePaths[].

import { BgpOrigin, BgpPath, BgpTable, BgpTableVrf } from "../../show-types";
import { isIpAddress, isPrefix } from "../../show-parse/addresses";
import { parseBgpTableText } from "../../show-parse/bgp-table-text";
import { bgpTableVrfHeader } from "../../show-parse/bgp-table-json-header";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";

export function parseEosBgpTableText(output: string, command = "show ip bgp"): BgpTable {
  return parseBgpTableText(output, command, { internalFlag: false, notInstalledFlag: "#" });
}

const ORIGINS: Record<string, BgpOrigin> = { i: "IGP", e: "EGP", "?": "incomplete", igp: "IGP", egp: "EGP", incomplete: "incomplete" };

export function parseEosBgpTableJson(output: string, command = "show ip bgp | json"): BgpTable {
  const top = parseJsonOutput(output, command);
  const vrfs = top.optObject("vrfs") ?? top.fail("field vrfs is missing (expected EOS `show ip bgp | json`)");
  return { vrfs: vrfs.entries().map(([name, vrf]) => vrfTable(name, vrf)) };
}

function vrfTable(name: string, vrf: JsonObject): BgpTableVrf {
  const table = bgpTableVrfHeader(vrf, name, { vrf: "vrf", localAs: "asn" });
  for (const [prefix, entry] of (vrf.optObject("bgpRouteEntries")?.entries() ?? [])) {
    if (!isPrefix(prefix)) entry.fail(`the key ${JSON.stringify(prefix)} is not a prefix`);
    for (const path of entry.objects("bgpRoutePaths")) table.paths.push(bgpPath(prefix, path));
  }
  return table;
}

function bgpPath(prefix: string, path: JsonObject): BgpPath {
  const type = path.object("routeType");
  const valid = type.optBoolean("valid") ?? false;
  const best = type.optBoolean("active") ?? false;
  const multipath = (type.optBoolean("ecmp") ?? false) || (type.optBoolean("ecmpHead") ?? false);
  const result: BgpPath = { prefix, valid, best, multipath, asPath: "", statusText: `${valid ? "*" : " "} ${best ? ">" : multipath ? "e" : " "}`.trimEnd() };
  const nextHop = path.optString("nextHop");
  if (nextHop !== undefined && nextHop !== "" && nextHop !== "-") {
    if (!isIpAddress(nextHop)) path.fail(`${JSON.stringify(nextHop)} is not a next hop address`, "nextHop");
    if (nextHop !== "0.0.0.0") result.nextHop = nextHop;
  }
  const peer = path.optObject("peerEntry")?.optString("peerAddr");
  if (peer !== undefined && peer !== "") result.peer = peer;
  const med = path.optNumber("med");
  if (med !== undefined) result.metric = med;
  const localPref = path.optNumber("localPreference");
  if (localPref !== undefined) result.localPref = localPref;
  const weight = path.optNumber("weight");
  if (weight !== undefined) result.weight = weight;
  // asPath "65000 i": the AS path with the origin code last, as the text table prints it.
  const asPath = path.optObject("asPathEntry")?.optString("asPath");
  if (asPath !== undefined) {
    const words = asPath.trim().split(/\s+/).filter((w) => w !== "");
    const last = words[words.length - 1];
    if (last !== undefined && ORIGINS[last]) {
      result.origin = ORIGINS[last];
      words.pop();
    }
    result.asPath = words.join(" ");
  }
  const origin = path.optString("routeOrigin");
  if (origin !== undefined && ORIGINS[origin.toLowerCase()]) result.origin = ORIGINS[origin.toLowerCase()];
  if (type.optBoolean("notInstalled") === true) result.installed = false;
  return result;
}
