// Rule builders both dialects share: the commands EOS and FRR spell the same way.
// Each dialect's syntax.ts gives only its own rules to dialectSyntax(), which adds the shared ones.

import { DialectSyntax, LineRule } from "./types";

export const TOP = "top";
export const INTERFACE = "interface";
export const ROUTER_OSPF = "router-ospf";
export const ROUTER_BGP = "router-bgp";
export const BGP_ADDRESS_FAMILY = "bgp-address-family";
export const ROUTE_MAP = "route-map";
export const PREFIX_LIST = "prefix-list";

/** Dotted-quad form of an OSPF area given as a number (`0` → `0.0.0.0`); dotted areas unchanged. */
export function dottedArea(area: string): string {
  if (!/^\d+$/.test(area)) return area;
  const value = Number(area);
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** Both dialects accept an area as a number or dotted; FRR prints it as typed, EOS dotted. */
export function canonicalAreas(text: string): string {
  return text.replace(/^(ip ospf area|network \S+ area) (\d+)$/, (_all, head: string, area: string) => `${head} ${dottedArea(area)}`);
}

/** Typing order of top-level additions: prefix-lists, then route-maps, then what refers to them. */
export function definitionsFirst(text: string): number {
  // kube-fabric's baseline record (switch/config-tree/baseline.ts): typed before, removed after, everything else.
  if (/^route-map kube-fabric-baseline-/.test(text)) return -1;
  if (/^ip prefix-list /.test(text)) return 0;
  if (/^route-map /.test(text)) return 1;
  return 2;
}

/**
 * FRR's order: definitions, forwarding, then the OSPF process, then everything else. The process and its
 * `ospf router-id` come before the interfaces that join its areas because FRR takes a router-id only while
 * no area has a full neighbour: typed after `ip ospf area`, it races the adjacency, and FRR answers "For
 * this router-id change to take effect, use clear ip ospf process" (seen in CI on a fresh fabric).
 */
export function ospfProcessBeforeAreas(text: string): number {
  const rank = definitionsFirst(text);
  if (rank < 2) return rank;
  if (/^(no )?ip forwarding$/.test(text)) return 2;
  if (/^router ospf\b/.test(text)) return 3;
  return 4;
}

/** `description …` in any context: single-valued, removed with a bare `no description` (FRR rejects the text). */
export const descriptionRule = (parent: string): LineRule => ({
  parent,
  pattern: /^description (.+)$/,
  key: () => "description",
  negate: () => "no description",
  sameKey: "replace",
});

/** `route-map NAME permit|deny SEQ`: typing another action for the same sequence changes it in place. */
export const routeMapRules: readonly LineRule[] = [
  {
    parent: TOP,
    pattern: /^route-map (\S+) (permit|deny) (\d+)$/,
    opens: ROUTE_MAP,
    removable: true,
    key: (m) => `route-map ${m[1]} ${m[3]}`,
    sameKey: "replace",
  },
  { parent: ROUTE_MAP, pattern: /^match ip address prefix-list (\S+)$/, key: () => "match ip address", sameKey: "replace" },
  descriptionRule(ROUTE_MAP),
];

/** OSPF process lines both dialects print alike. */
export const ospfProcessRules: readonly LineRule[] = [
  { parent: ROUTER_OSPF, pattern: /^redistribute (\S+)(?: .*)?$/, key: (m) => `redistribute ${m[1]}`, negate: (m) => `no redistribute ${m[1]}`, sameKey: "replace" },
  { parent: ROUTER_OSPF, pattern: /^passive-interface (\S+)$/, sameKey: "add" },
  { parent: ROUTER_OSPF, pattern: /^network (\S+) area (\S+)$/, key: (m) => `network ${m[1]}`, sameKey: "negate-first" },
];

/** Interface lines both dialects print alike. */
export const interfaceOspfRules: readonly LineRule[] = [
  descriptionRule(INTERFACE),
  { parent: INTERFACE, pattern: /^ip ospf network (\S+)$/, key: () => "ip ospf network", negate: () => "no ip ospf network", sameKey: "replace" },
  // Moving an interface to another area: FRR says "Must remove previous area config" — so remove first, everywhere.
  { parent: INTERFACE, pattern: /^ip ospf area (\S+)$/, key: () => "ip ospf area", sameKey: "negate-first" },
];

/** BGP neighbour lines at the `router bgp` level. */
export const bgpNeighborRules: readonly LineRule[] = [
  // `no neighbor X` takes every `neighbor X …` line with it, in the address families too.
  {
    parent: ROUTER_BGP,
    pattern: /^neighbor (\S+) remote-as (\S+)$/,
    key: (m) => `neighbor ${m[1]} remote-as`,
    negate: (m) => `no neighbor ${m[1]}`,
    cascade: (m) => `neighbor ${m[1]} `,
    sameKey: "replace",
  },
  {
    parent: ROUTER_BGP,
    pattern: /^neighbor (\S+) description (.+)$/,
    key: (m) => `neighbor ${m[1]} description`,
    negate: (m) => `no neighbor ${m[1]} description`,
    sameKey: "replace",
  },
  {
    parent: ROUTER_BGP,
    pattern: /^no bgp default ipv4-unicast$/,
    key: () => "bgp default ipv4-unicast",
    negate: () => "bgp default ipv4-unicast",
    sameKey: "replace",
  },
];

/** Per-neighbour lines that sit in `router bgp` on EOS and in the address family on FRR. */
export const bgpNeighborPolicyRules = (parent: string): LineRule[] => [
  { parent, pattern: /^neighbor (\S+) route-map (\S+) (in|out)$/, key: (m) => `neighbor ${m[1]} route-map ${m[3]}`, sameKey: "replace" },
];

// Only positive forms: `no neighbor X activate` is what removes activation, and the device then prints nothing.
export const bgpActivateRules = (parent: string): LineRule[] => [{ parent, pattern: /^neighbor (\S+) activate$/, sameKey: "replace" }];

/**
 * Any family (ipv4, ipv4 unicast, l2vpn evpn, …): `no neighbor X` reaches into all of them, and restoring
 * must re-enter them. Never removed: the device stops printing a family when nothing is left in it.
 */
export const addressFamilyRule: LineRule = { parent: ROUTER_BGP, pattern: /^address-family (.+)$/, opens: BGP_ADDRESS_FAMILY, removable: false };

/**
 * The rules both dialects share. They follow a dialect's own rules; a line is classified by the first rule
 * of its context that matches, and none of these matches a line a dialect's own rule does.
 */
export const sharedRules: readonly LineRule[] = [
  ...routeMapRules,
  ...interfaceOspfRules,
  ...ospfProcessRules,
  ...bgpNeighborRules,
  addressFamilyRule,
  ...bgpActivateRules(BGP_ADDRESS_FAMILY),
];

/** What a dialect's syntax.ts states: its own rules and how it prints. */
export interface OwnSyntax extends Omit<DialectSyntax, "rules" | "canonical" | "additionRank" | "printed"> {
  ownRules: readonly LineRule[];
  /** The device prints an OSPF area as it was typed (FRR) rather than dotted (EOS). */
  printsAreasAsTyped: boolean;
  /** The device takes an OSPF router-id only before an area has a neighbour (FRR): type the process first. */
  ospfProcessBeforeAreas: boolean;
}

/** A dialect's syntax: its own rules, then the shared ones; areas spelled alike; definitions typed first. */
export function dialectSyntax(own: OwnSyntax): DialectSyntax {
  const { ownRules, printsAreasAsTyped, ospfProcessBeforeAreas: processFirst, ...printing } = own;
  return {
    ...printing,
    rules: [...ownRules, ...sharedRules],
    canonical: canonicalAreas,
    printed: printsAreasAsTyped ? (text) => text : canonicalAreas,
    additionRank: processFirst ? ospfProcessBeforeAreas : definitionsFirst,
  };
}
