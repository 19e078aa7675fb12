// FRRouting (vtysh): how `show running-config` prints the lines we own, and how each is keyed and removed.
// Every form and negation here was checked on FRR 8.4.4 (Debian 12) in a network namespace: see
// test/unit/provider-core/fixtures/frr-*.txt for the captured output.

import { DialectSyntax, LineRule } from "../types";
import { BGP_ADDRESS_FAMILY, INTERFACE, ROUTER_BGP, ROUTER_OSPF, TOP, bgpNeighborPolicyRules, dialectSyntax } from "../syntax-rules";

/** FRR's own rules; syntax-rules.ts adds the route-map, interface OSPF, OSPF process, neighbour and address-family rules. */
const ownRules: readonly LineRule[] = [
  // `no interface` only works for interfaces the kernel no longer has; FRR drops an empty block by itself.
  { parent: TOP, pattern: /^interface (\S+)$/, opens: INTERFACE, removable: false },
  // FRR prints `no ip forwarding` when off and nothing when on.
  { parent: TOP, pattern: /^ip forwarding$/, key: () => "ip forwarding", hidden: true, sameKey: "replace" },
  { parent: TOP, pattern: /^no ip forwarding$/, key: () => "ip forwarding", negate: () => "ip forwarding", sameKey: "replace" },
  // `ip route P NH 250`: a migration bridge (distance 250); FRR removes it with the same line negated.
  { parent: TOP, pattern: /^ip route (\S+) (\S+)(?: (\d+))?$/, key: (m) => `ip route ${m[1]}`, sameKey: "add" },
  { parent: TOP, pattern: /^router ospf$/, opens: ROUTER_OSPF, removable: true },
  // "BGP is already running; AS is 65011": a second instance needs the first removed.
  { parent: TOP, pattern: /^router bgp (\d+)$/, opens: ROUTER_BGP, removable: true, key: () => "router bgp", sameKey: "negate-first" },
  {
    parent: TOP,
    pattern: /^ip prefix-list (\S+) seq (\d+) (permit|deny) (.+)$/,
    key: (m) => `ip prefix-list ${m[1]} seq ${m[2]}`,
    negate: (m) => `no ip prefix-list ${m[1]} seq ${m[2]}`,
    sameKey: "replace",
  },

  // A second `ip address` adds an address: one typed beside ours is never ours changed (drift reports ours missing).
  { parent: INTERFACE, pattern: /^ip address (\S+)$/, key: () => "ip address", sameKey: "add" },
  { parent: INTERFACE, pattern: /^ip ospf passive$/, sameKey: "replace" },

  { parent: ROUTER_OSPF, pattern: /^ospf router-id (\S+)$/, key: () => "ospf router-id", negate: () => "no ospf router-id", sameKey: "replace" },

  { parent: ROUTER_BGP, pattern: /^bgp router-id (\S+)$/, key: () => "bgp router-id", negate: () => "no bgp router-id", sameKey: "replace" },
  { parent: ROUTER_BGP, pattern: /^no bgp ebgp-requires-policy$/, key: () => "bgp ebgp-requires-policy", negate: () => "bgp ebgp-requires-policy", sameKey: "replace" },
  ...bgpNeighborPolicyRules(BGP_ADDRESS_FAMILY),
  {
    parent: BGP_ADDRESS_FAMILY,
    pattern: /^neighbor (\S+) maximum-prefix (\d+)(?: .*)?$/,
    key: (m) => `neighbor ${m[1]} maximum-prefix`,
    negate: (m) => `no neighbor ${m[1]} maximum-prefix`,
    sameKey: "replace",
  },
];

export const frrSyntax: DialectSyntax = dialectSyntax({
  name: "frr",
  indent: 1,
  printsAreasAsTyped: true,
  ospfProcessBeforeAreas: true,
  printsExits: true,
  sameSection: () => true,
  ownRules,
  exitCommand: (kind) => (kind === BGP_ADDRESS_FAMILY ? "exit-address-family" : "exit"),
});
