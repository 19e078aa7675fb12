// EOS `show ip route [vrf …] [<prefix>|bgp|ospf]` as text: legend, gateway of last resort,
// route lines with ECMP `via` continuation lines, `VRF:` sections, `! IP routing not enabled`.
// Works on output whose indentation was lost and on `| include` extracts of route lines.

import { Route, RouteNextHop, RouteTable, RouteVrfTable } from "../../show-types";
import { isIpAddress, isPrefix } from "../../show-parse/addresses";
import { OutputLine, lineError, requireContent, unexpectedLine } from "../../show-parse/output-lines";
import { EOS_ROUTE_CODES } from "./route-codes";

const VRF_LINE = /^VRF(?: name)?: (\S+)$/;
const GATEWAY_NOT_SET = /^Gateway of last resort is not set$/;
const GATEWAY_SET = /^Gateway of last resort(?::| is \S+ to network \S+)$/;
const LEGEND_ENTRY = /\S\s+-\s+\S/;
// "B E    10.1.31.100/32 rest": codes, an optional not-in-kernel mark, prefix, rest
const ROUTE_LINE = /^([A-Z][A-Z0-9]*(?: [A-Z][A-Z0-9]*)?)\s*(%?)\s+(\S+\/\d+)\s+(.+)$/;
const DISTANCE = /^\[(\d+)\/(\d+)\]\s+(.+)$/;
const VIA = /^via (\S+?)(?:, (.+))?$/;
const CONNECTED = /^is directly connected, ([^,]+)(?:, .+)?$/;

export function parseEosIpRouteText(output: string, command = "show ip route"): RouteTable {
  const vrfs: RouteVrfTable[] = [];
  const current = (): RouteVrfTable => {
    if (vrfs.length === 0) vrfs.push({ vrf: "default", gatewayOfLastResort: "notShown", routes: [] });
    return vrfs[vrfs.length - 1];
  };
  let block: "legend" | "warning" | undefined;
  let last: Route | undefined;

  for (const line of requireContent(output, command)) {
    const text = line.text.trim();
    if (text === "") {
      block = undefined;
      continue;
    }
    if (text.startsWith("Codes:")) {
      block = "legend";
      continue;
    }
    if (text.startsWith("WARNING:")) {
      block = "warning"; // "Some of the routes are not programmed in kernel…", wrapped over two lines
      continue;
    }
    if (block === "legend" && LEGEND_ENTRY.test(text) && !ROUTE_LINE.test(text)) continue;
    if (block === "warning" && !ROUTE_LINE.test(text)) continue;
    block = undefined;

    const vrf = VRF_LINE.exec(text);
    if (vrf) {
      vrfs.push({ vrf: vrf[1], gatewayOfLastResort: "notShown", routes: [] });
      last = undefined;
    } else if (GATEWAY_NOT_SET.test(text)) {
      current().gatewayOfLastResort = "notSet";
    } else if (GATEWAY_SET.test(text)) {
      current().gatewayOfLastResort = "set";
    } else if (text === "! IP routing not enabled") {
      current().routingEnabled = false;
    } else if (text.startsWith("via ")) {
      if (!last) throw unexpectedLine(command, line, "a route line before its ECMP `via` continuation");
      last.nextHops.push(nextHop(text, line, command));
    } else {
      last = routeLine(line, command);
      current().routes.push(last);
    }
  }
  return { vrfs };
}

function routeLine(line: OutputLine, command: string): Route {
  const m = ROUTE_LINE.exec(line.text.trim());
  if (!m) throw unexpectedLine(command, line, "a route line (codes, prefix, next hop)");
  const [, codes, notInKernel, prefix, rest] = m;
  const protocol = EOS_ROUTE_CODES.get(codes);
  if (!protocol) throw lineError(command, line, `unknown route code ${JSON.stringify(codes)}`);
  if (!isPrefix(prefix)) throw lineError(command, line, `${JSON.stringify(prefix)} is not a prefix`);
  const distance = DISTANCE.exec(rest);
  const hop = nextHop(distance ? distance[3] : rest, line, command);
  return {
    prefix,
    protocol,
    codes,
    ...(distance ? { distance: Number(distance[1]), metric: Number(distance[2]) } : {}),
    nextHops: [hop],
    directlyConnected: hop.directlyConnected,
    selected: true, // EOS lists only the routes it chose
    ...(notInKernel ? { installed: false } : {}),
  };
}

function nextHop(text: string, line: OutputLine, command: string): RouteNextHop {
  const via = VIA.exec(text);
  if (via) {
    if (!isIpAddress(via[1])) throw lineError(command, line, `${JSON.stringify(via[1])} is not a next-hop address`);
    const iface = via[2]?.split(",")[0].trim();
    return { address: via[1], ...(iface ? { interface: iface } : {}), directlyConnected: false };
  }
  const connected = CONNECTED.exec(text);
  if (connected) {
    const iface = connected[1].trim();
    return { interface: iface, directlyConnected: true, ...(iface === "Null0" ? { blackhole: true } : {}) };
  }
  throw lineError(command, line, "expected `via <address>, <interface>` or `is directly connected, <interface>`");
}
