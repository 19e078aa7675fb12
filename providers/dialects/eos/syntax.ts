// Arista EOS: how `show running-config` prints the lines we own, and how each is keyed and removed.
// Sources: real EOS 4.29–4.34 captures (shared/fixtures, the reference lab) for the forms they show; Arista's
// documentation and AVD-generated configs for prefix-lists, route-maps and per-neighbour policy.

import { DialectSyntax, LineRule } from "../types";
import { INTERFACE, PREFIX_LIST, ROUTER_BGP, ROUTER_OSPF, TOP, bgpNeighborPolicyRules, dialectSyntax } from "../syntax-rules";

/** EOS creates these with no command: the default each neighbour and OSPF process has, printed or not. */
export const EOS_DEFAULT_MAXIMUM_ROUTES = 12000;
export const EOS_DEFAULT_MAX_LSA = 12000;

/** EOS's own rules; syntax-rules.ts adds the route-map, interface OSPF, OSPF process, neighbour and address-family rules. */
const ownRules: readonly LineRule[] = [
  // Virtual interfaces can be removed; physical ones always exist (EOS prints them even when empty).
  { parent: TOP, pattern: /^interface ((?:Loopback|Vlan|Port-Channel|Tunnel)\S*)$/, opens: INTERFACE, removable: true },
  { parent: TOP, pattern: /^interface (\S+)$/, opens: INTERFACE, removable: false },
  { parent: TOP, pattern: /^ip routing$/, key: () => "ip routing", sameKey: "replace" },
  { parent: TOP, pattern: /^no ip routing$/, key: () => "ip routing", negate: () => "ip routing", sameKey: "replace" },
  // `ip route P NH 250`: a migration bridge (distance 250); `no ip route P NH` removes it whatever its distance.
  { parent: TOP, pattern: /^ip route (\S+) (\S+)(?: (\d+))?$/, key: (m) => `ip route ${m[1]}`, negate: (m) => `no ip route ${m[1]} ${m[2]}`, sameKey: "add" },
  { parent: TOP, pattern: /^router ospf (\d+)$/, opens: ROUTER_OSPF, removable: true, sameKey: "add" },
  // One BGP instance: EOS refuses a second `router bgp` until the first is removed.
  { parent: TOP, pattern: /^router bgp (\S+)$/, opens: ROUTER_BGP, removable: true, key: () => "router bgp", sameKey: "negate-first" },
  // EOS 4.2x+ prints prefix-lists as a mode with `seq` lines (older single-line forms are folded by the parser).
  { parent: TOP, pattern: /^ip prefix-list (\S+)$/, opens: PREFIX_LIST, removable: true },
  { parent: PREFIX_LIST, pattern: /^seq (\d+) (permit|deny) (.+)$/, key: (m) => `seq ${m[1]}`, negate: (m) => `no seq ${m[1]}`, sameKey: "negate-first" },

  { parent: INTERFACE, pattern: /^no switchport$/, key: () => "switchport", negate: () => "switchport", sameKey: "replace" },
  { parent: INTERFACE, pattern: /^ip address (\S+) secondary$/, sameKey: "add" },
  { parent: INTERFACE, pattern: /^ip address (\S+)$/, key: () => "ip address", negate: () => "no ip address", sameKey: "replace" },

  { parent: ROUTER_OSPF, pattern: /^router-id (\S+)$/, key: () => "router-id", negate: () => "no router-id", sameKey: "replace" },
  { parent: ROUTER_OSPF, pattern: new RegExp(`^max-lsa ${EOS_DEFAULT_MAX_LSA}$`), key: () => "max-lsa", hidden: true, sameKey: "replace" },
  { parent: ROUTER_OSPF, pattern: /^max-lsa (\d+)(?: .*)?$/, key: () => "max-lsa", negate: () => "no max-lsa", sameKey: "replace" },

  { parent: ROUTER_BGP, pattern: /^router-id (\S+)$/, key: () => "router-id", negate: () => "no router-id", sameKey: "replace" },
  { parent: ROUTER_BGP, pattern: /^maximum-paths (.+)$/, key: () => "maximum-paths", negate: () => "no maximum-paths", sameKey: "replace" },
  ...bgpNeighborPolicyRules(ROUTER_BGP),
  // Older EOS prints the default limit on every neighbour, newer EOS never: either way it is the default.
  {
    parent: ROUTER_BGP,
    pattern: new RegExp(`^neighbor (\\S+) maximum-routes ${EOS_DEFAULT_MAXIMUM_ROUTES}$`),
    key: (m) => `neighbor ${m[1]} maximum-routes`,
    hidden: true,
    sameKey: "replace",
  },
  {
    parent: ROUTER_BGP,
    pattern: /^neighbor (\S+) maximum-routes (\d+)(?: .*)?$/,
    key: (m) => `neighbor ${m[1]} maximum-routes`,
    negate: (m) => `no neighbor ${m[1]} maximum-routes`,
    sameKey: "replace",
  },
];

export const eosSyntax: DialectSyntax = dialectSyntax({
  name: "eos",
  indent: 3,
  printsAreasAsTyped: false,
  ospfProcessBeforeAreas: false,
  printsExits: false,
  // EOS separates features: `agent …` lines print together, `ip routing` and `ip route …` apart.
  sameSection: (previous, next) => {
    const feature = (text: string) => {
      const words = text.replace(/^no /, "").split(" ");
      return words[0] === "ip" || words[0] === "ipv6" ? words.slice(0, 2).join(" ") : words[0];
    };
    return feature(previous) === feature(next);
  },
  ownRules,
  exitCommand: () => "exit",
  // EOS before 4.2x printed `ip prefix-list NAME seq 10 permit …` on one line.
  foldTopLevel: (text) => {
    const match = /^ip prefix-list (\S+) (seq \d+ .+)$/.exec(text);
    return match ? { context: `ip prefix-list ${match[1]}`, child: match[2] } : null;
  },
});
