// One FRR next hop as text, in the table form ("via 10.0.11.1, Ethernet2, weight 1, 00:00:39")
// or the `Routing entry` form ("10.0.11.1, via Ethernet2, weight 1").

import { RouteNextHop } from "../../show-types";
import { isIpAddress } from "../../show-parse/addresses";

const TRAILING = /^(?:weight \d+|label .+|src \S+|\d+:\d{2}:\d{2}|\d+[wdhms][\dwdhms]*|backup.*|onlink)$/;

/** Interface cell: "Ethernet2", "Ethernet2 inactive". */
function iface(text: string): Pick<RouteNextHop, "interface" | "installed"> {
  const inactive = / inactive$/.exec(text);
  return inactive ? { interface: text.slice(0, inactive.index), installed: false } : { interface: text };
}

/** The next hop in a table line, after the `[distance/metric]`; undefined when it is not one. */
export function tableNextHop(text: string): RouteNextHop | undefined {
  const [first, second] = text.split(", ");
  const via = /^via (\S+)((?: \(recursive\)| inactive| onlink)*)$/.exec(first);
  if (via) {
    if (!isIpAddress(via[1])) return undefined;
    return {
      address: via[1],
      ...(second !== undefined && !TRAILING.test(second) ? iface(second) : {}),
      directlyConnected: false,
      ...(via[2].includes("(recursive)") ? { recursive: true } : {}),
      ...(via[2].includes("inactive") ? { installed: false } : {}),
    };
  }
  if (first === "is directly connected" && second !== undefined) return { ...iface(second), directlyConnected: true };
  if (/^unreachable \((?:blackhole|ICMP unreachable|ICMP prohibited)\)$/.test(first)) return { directlyConnected: false, blackhole: true };
  return undefined;
}

/** The next hop in a `Routing entry for` block (without the leading `*`). */
export function entryNextHop(text: string): RouteNextHop | undefined {
  const [first, second] = text.split(", ");
  if (first === "directly connected" && second !== undefined) return { ...iface(second), directlyConnected: true };
  if (/^unreachable \((?:blackhole|ICMP unreachable|ICMP prohibited)\)$/.test(first)) return { directlyConnected: false, blackhole: true };
  const address = /^(\S+)((?: \(recursive\)| inactive| onlink)*)$/.exec(first);
  if (!address || !isIpAddress(address[1])) return undefined;
  const via = second !== undefined ? /^via (.+)$/.exec(second) : null;
  return {
    address: address[1],
    ...(via ? iface(via[1]) : {}),
    directlyConnected: false,
    ...(address[2].includes("(recursive)") ? { recursive: true } : {}),
    ...(address[2].includes("inactive") ? { installed: false } : {}),
  };
}
