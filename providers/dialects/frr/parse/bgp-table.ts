// FRR `show ip bgp [json]` / `show bgp ipv4 unicast [json]`: text by the shared table reader, json
// as bgpd prints it: routerId, localAS and routes → prefix → [path] (FRR 8.x and 10.x alike).

import { BgpOrigin, BgpPath, BgpTable, BgpTableVrf } from "../../show-types";
import { isIpAddress, isPrefix } from "../../show-parse/addresses";
import { parseBgpTableText } from "../../show-parse/bgp-table-text";
import { bgpTableVrfHeader } from "../../show-parse/bgp-table-json-header";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";

export function parseFrrBgpTableText(output: string, command = "show ip bgp"): BgpTable {
  return parseBgpTableText(output, command, { internalFlag: true, notInstalledFlag: "r" });
}

const ORIGINS: Record<string, BgpOrigin> = { IGP: "IGP", EGP: "EGP", incomplete: "incomplete", i: "IGP", e: "EGP", "?": "incomplete" };

export function parseFrrBgpTableJson(output: string, command = "show ip bgp json"): BgpTable {
  const top = parseJsonOutput(output, command);
  if (top.has("routes")) return { vrfs: [vrfTable(top, "default")] };
  // `vrf all`: a map of VRF names to the same document.
  return { vrfs: top.entries().map(([name, vrf]) => (vrf.has("routes") ? vrfTable(vrf, name) : vrf.fail("expected routes (a BGP table)"))) };
}

function vrfTable(vrf: JsonObject, name: string): BgpTableVrf {
  const table = bgpTableVrfHeader(vrf, name, { vrf: "vrfName", localAs: "localAS" });
  for (const [prefix, paths] of vrf.object("routes").arrayEntries()) {
    if (!isPrefix(prefix)) vrf.fail(`the route key ${JSON.stringify(prefix)} is not a prefix`, "routes");
    for (const path of paths) table.paths.push(bgpPath(prefix, path));
  }
  return table;
}

function bgpPath(prefix: string, path: JsonObject): BgpPath {
  const valid = path.optBoolean("valid") ?? false;
  const best = path.optBoolean("bestpath") ?? false;
  const multipath = path.optBoolean("multipath") ?? false;
  const pathFrom = path.optString("pathFrom");
  const result: BgpPath = {
    prefix,
    valid,
    best,
    multipath,
    asPath: path.optString("path") ?? "",
    statusText: `${valid ? "*" : " "}${best ? ">" : multipath ? "=" : " "}${pathFrom === "internal" ? "i" : ""}`.trimEnd(),
  };
  if (pathFrom !== undefined) result.internal = pathFrom === "internal";
  if (path.optBoolean("ribFailure") === true) result.installed = false;
  const used = path.objects("nexthops").filter((n) => n.optBoolean("used") !== false);
  const ip = (used[0] ?? path.objects("nexthops")[0])?.optString("ip");
  if (ip !== undefined) {
    if (!isIpAddress(ip)) path.fail(`${JSON.stringify(ip)} is not a next hop address`, "nexthops");
    if (ip !== "0.0.0.0") result.nextHop = ip;
  }
  const peer = path.optString("peerId");
  if (peer !== undefined && peer !== "(unspec)") result.peer = peer;
  const metric = path.optNumber("metric");
  if (metric !== undefined) result.metric = metric;
  const localPref = path.optNumber("locPrf");
  if (localPref !== undefined) result.localPref = localPref;
  const weight = path.optNumber("weight");
  if (weight !== undefined) result.weight = weight;
  const origin = path.optString("origin");
  if (origin !== undefined) result.origin = ORIGINS[origin] ?? path.fail(`unknown origin ${JSON.stringify(origin)}`, "origin");
  return result;
}
