// FRR `show ip route [vrf …] [bgp|ospf|<prefix>]` as text, FRR 8.x and 10.x (`L` local routes, blank
// flag columns, `IPv4 unicast VRF default:` headers). Tables: legend, `VRF x:` sections,
// "O>* 0.0.0.0/0 [110/1] via …" lines with `*  via …` ECMP continuations, and candidates that are
// not selected. A prefix or address lookup prints `Routing entry for` blocks instead, or
// `% Network not in table` when nothing matches.

import { Route, RouteNextHop, RouteTable, RouteVrfTable } from "../../show-types";
import { isPrefix } from "../../show-parse/addresses";
import { OutputLine, lineError, requireContent, unexpectedLine } from "../../show-parse/output-lines";
import { entryNextHop, tableNextHop } from "./next-hop-text";
import { frrCodeOfProtocol, frrProtocolOfCode } from "./route-codes";

const VRF_LINE = /^(?:IPv4 unicast )?VRF (\S+):$/;
const LEGEND_ENTRY = /\S\s+-\s+\S/;
/**
 * Code, then the selected and FIB flags: FRR 8 prints them packed (`C>*`, `O   `), FRR 10 keeps a blank
 * where a flag is unset (`L * 10.0.0.1/32 …`: not selected, in the FIB).
 */
const ROUTE_LINE = /^([A-Za-z])([>*qrbto= ]*?)\s+([0-9a-fA-F:.]+\/\d+)\s+(.+)$/;
const CONTINUATION = /^\s+([>*qrbto=]*)\s+((?:via |is directly connected|unreachable ).+)$/;
const DISTANCE = /^\[(\d+)\/(\d+)\]\s+(.+)$/;
const ENTRY_LINE = /^Routing entry for (\S+)$/;
const KNOWN_VIA = /^Known via "([^"]+)"(.*)$/;

export function parseFrrIpRouteText(output: string, command = "show ip route"): RouteTable {
  const lines = requireContent(output, command);
  const content = lines.filter((l) => l.text.trim() !== "");
  if (content[0].text.trim() === "% Network not in table") {
    if (content.length > 1) throw unexpectedLine(command, content[1], "nothing after `% Network not in table`");
    return { vrfs: [{ vrf: "default", gatewayOfLastResort: "notShown", routes: [] }] };
  }
  if (ENTRY_LINE.test(content[0].text.trim())) return { vrfs: [{ vrf: "default", gatewayOfLastResort: "notShown", routes: routeEntries(lines, command) }] };
  return routeTable(lines, command);
}

function routeTable(lines: OutputLine[], command: string): RouteTable {
  const vrfs: RouteVrfTable[] = [];
  const current = (): RouteVrfTable => {
    if (vrfs.length === 0) vrfs.push({ vrf: "default", gatewayOfLastResort: "notShown", routes: [] });
    return vrfs[vrfs.length - 1];
  };
  let inLegend = false;
  let last: Route | undefined;
  for (const line of lines) {
    const text = line.text.trim();
    if (text === "") {
      inLegend = false;
      continue;
    }
    if (text.startsWith("Codes:")) {
      inLegend = true;
      continue;
    }
    if (inLegend && LEGEND_ENTRY.test(text) && !ROUTE_LINE.test(text)) continue;
    inLegend = false;
    const vrf = VRF_LINE.exec(text);
    const continuation = CONTINUATION.exec(line.text);
    if (vrf) {
      vrfs.push({ vrf: vrf[1], gatewayOfLastResort: "notShown", routes: [] });
      last = undefined;
    } else if (continuation) {
      if (!last) throw unexpectedLine(command, line, "a route line before its next-hop continuation");
      last.nextHops.push(withFlags(tableNextHop(continuation[2]), continuation[1], line, command));
    } else {
      last = routeLine(line, command);
      current().routes.push(last);
    }
  }
  return { vrfs };
}

function withFlags(hop: RouteNextHop | undefined, flags: string, line: OutputLine, command: string): RouteNextHop {
  if (!hop) throw lineError(command, line, "expected `via <address>, <interface>`, `is directly connected, <interface>` or `unreachable (…)`");
  return { ...hop, installed: flags.includes("*") && hop.installed !== false };
}

function routeLine(line: OutputLine, command: string): Route {
  const m = ROUTE_LINE.exec(line.text);
  if (!m) throw unexpectedLine(command, line, "a route line (code, flags, prefix, next hop)");
  const [, code, spacedFlags, prefix, rest] = m;
  const flags = spacedFlags.replace(/\s/g, "");
  const protocol = frrProtocolOfCode(code);
  if (!protocol) throw lineError(command, line, `unknown route code ${JSON.stringify(code)}`);
  if (!isPrefix(prefix)) throw lineError(command, line, `${JSON.stringify(prefix)} is not a prefix`);
  const distance = DISTANCE.exec(rest);
  const hop = withFlags(tableNextHop(distance ? distance[3] : rest), flags, line, command);
  return {
    prefix,
    protocol,
    codes: code,
    ...(distance ? { distance: Number(distance[1]), metric: Number(distance[2]) } : {}),
    nextHops: [hop],
    directlyConnected: hop.directlyConnected,
    selected: flags.includes(">"),
    installed: flags.includes("*"),
  };
}

/** `Routing entry for P` blocks: Known via, Last update, next-hop lines. */
function routeEntries(lines: OutputLine[], command: string): Route[] {
  const routes: Route[] = [];
  let prefix: string | undefined;
  let route: Route | undefined;
  const finish = () => {
    if (route) routes.push({ ...route, directlyConnected: route.nextHops.some((h) => h.directlyConnected), installed: route.nextHops.some((h) => h.installed) });
    route = undefined;
  };
  for (const line of lines) {
    const text = line.text.trim();
    if (text === "") continue;
    const entry = ENTRY_LINE.exec(text);
    const known = KNOWN_VIA.exec(text);
    if (entry) {
      finish();
      if (!isPrefix(entry[1])) throw lineError(command, line, `${JSON.stringify(entry[1])} is not a prefix`);
      prefix = entry[1];
    } else if (known && prefix) {
      finish();
      route = knownVia(prefix, known[1], known[2], line, command);
    } else if (/^Last update .+ ago$/.test(text) && route) {
      continue;
    } else if (route) {
      const installed = text.startsWith("*");
      const hop = entryNextHop(text.replace(/^\*\s*/, ""));
      if (!hop) throw unexpectedLine(command, line, "a next hop (`* 10.0.0.1, via Ethernet1`, `* directly connected, Ethernet1`)");
      route.nextHops.push({ ...hop, installed: installed && hop.installed !== false });
    } else {
      throw unexpectedLine(command, line, "`Routing entry for <prefix>` then `Known via …`");
    }
  }
  finish();
  return routes;
}

function knownVia(prefix: string, name: string, attributes: string, line: OutputLine, command: string): Route {
  const distance = /, distance (\d+)/.exec(attributes);
  const metric = /, metric (\d+)/.exec(attributes);
  if (!distance || !metric) throw lineError(command, line, "expected `distance <n>, metric <n>` after Known via");
  return {
    prefix,
    ...frrCodeOfProtocol(name),
    distance: Number(distance[1]),
    metric: Number(metric[1]),
    nextHops: [],
    directlyConnected: false,
    selected: /, best$/.test(attributes) || /, best,/.test(attributes),
  };
}
