// Typed results of the show-output parsers: the same shapes for EOS and FRR, text and json,
// so a migration gate asks one question ("is 10.66.111.0/24 in Leaf-1's RIB via 10.0.11.1?")
// whatever the device. Fields a dialect or format does not show are left undefined, never guessed.

/** An AS number as the device printed it, and its asplain value ("64497.232" → 4226875624). */
export interface Asn {
  asplain: number;
  text: string;
}

/** RFC 4271 session states; the device's own wording is kept next to it in `stateText`. */
export type BgpState = "Idle" | "Connect" | "Active" | "OpenSent" | "OpenConfirm" | "Established";

export interface BgpNeighbor {
  /** The neighbor as shown: an IPv4/IPv6 address (EOS may add a `%Et3` scope for link-local). */
  address: string;
  remoteAs: Asn;
  state: BgpState;
  /** Raw state text: "Estab", "Idle(NoIf)", "Idle (Admin)", "(Policy)", "Established", … */
  stateText: string;
  /** Only set when Established and the device shows a count. */
  prefixesReceived?: number;
  /** Only set when Established and the device shows an accepted count (EOS PfxAcc). */
  prefixesAccepted?: number;
  /** Only set when Established and the device shows an advertised count (EOS 4.2x+ PfxAdv, FRR PfxSnt). */
  prefixesAdvertised?: number;
  /**
   * FRR only: the session is Established but `bgp ebgp-requires-policy` blocks every route
   * in and out (text shows `(Policy)`, json `peerState: "Policy"`).
   */
  policyBlocked?: boolean;
  /** Up/Down column as shown ("02:49:40", "79d05h", "never"); absent in EOS json. */
  upDownText?: string;
  /** Up/Down as seconds when the device gives a duration (text or FRR json msec). */
  upDownSeconds?: number;
  /** EOS json: UNIX time of the last state change (`upDownTime`). */
  lastStateChangeEpoch?: number;
  description?: string;
}

export interface BgpVrfSummary {
  vrf: string;
  /** Absent when the output lacks the header line (filtered or truncated transcripts). */
  routerId?: string;
  localAs?: Asn;
  neighbors: BgpNeighbor[];
}

/** `vrfs` is empty when BGP is not configured; a VRF with no neighbors is listed with `neighbors: []`. */
export interface BgpSummary {
  vrfs: BgpVrfSummary[];
}

/** RFC 2328 neighbor states. */
export type OspfState = "Down" | "Attempt" | "Init" | "2Way" | "ExStart" | "Exchange" | "Loading" | "Full";

/** The neighbor's DR election role; undefined on links without an election (point-to-point). */
export type OspfRole = "DR" | "BDR" | "DROther";

export interface OspfNeighbor {
  routerId: string;
  state: OspfState;
  role?: OspfRole;
  /** Raw state as shown: "FULL/DR", "Full/-", "full" (+ drState in EOS json), … */
  stateText: string;
  /** The neighbor's interface address. */
  address: string;
  /** Local interface; undefined only when the output omits it (trimmed FRR topotest json). */
  interface?: string;
  /** FRR shows our own address on that interface (`Ethernet1:10.11.99.1`). */
  localAddress?: string;
  priority?: number;
  vrf?: string;
  instance?: string;
  area?: string;
  /** Dead time as shown ("00:00:34", "38.779s"). */
  deadTimeText?: string;
  deadTimeSeconds?: number;
  /** EOS json: UNIX time at which the dead timer fires (`inactivity`). */
  deadTimerExpiresEpoch?: number;
}

/** `ospfConfigured` is false when the device says OSPF is not running (FRR) — not the same as no neighbors. */
export interface OspfNeighborTable {
  ospfConfigured: boolean;
  neighbors: OspfNeighbor[];
}

export type RouteProtocol =
  | "connected"
  | "local"
  | "static"
  | "kernel"
  | "ospf"
  | "bgp"
  | "isis"
  | "rip"
  | "aggregate"
  | "other";

export interface RouteNextHop {
  /** The `via` address; undefined for directly connected and blackhole next hops. */
  address?: string;
  interface?: string;
  directlyConnected: boolean;
  /** Null0 / `unreachable (blackhole)` / FRR json `blackhole`. */
  blackhole?: boolean;
  /** FRR: the next hop must be resolved through another route (`(recursive)`). */
  recursive?: boolean;
  /** FRR: `*` / `fib: true` — this next hop is installed in the FIB. */
  installed?: boolean;
}

export interface Route {
  /** Network in CIDR form, as shown ("10.66.111.0/24"). */
  prefix: string;
  protocol: RouteProtocol;
  /**
   * The type code as the device prints it, selection flags removed: EOS "B E", "O E2", "C";
   * FRR "B", "O", "C". EOS json routeType is mapped to the same codes ("ospfExternalType2" → "O E2").
   */
  codes: string;
  /** Administrative distance (EOS `preference`). */
  distance?: number;
  metric?: number;
  nextHops: RouteNextHop[];
  directlyConnected: boolean;
  /**
   * The route the RIB chose for this prefix. EOS lists only chosen routes (always true); FRR also lists
   * candidates (`O   10.11.99.0/31 … is directly connected` next to the chosen `C>*`).
   */
  selected: boolean;
  /** In the FIB/kernel: FRR `*`/`installed`; EOS json `kernelProgrammed`; EOS text marks misses with `%`. */
  installed?: boolean;
}

/** "notShown" when the output has no gateway-of-last-resort line (FRR, filtered EOS output). */
export type GatewayOfLastResort = "set" | "notSet" | "notShown";

export interface RouteVrfTable {
  vrf: string;
  gatewayOfLastResort: GatewayOfLastResort;
  /** EOS prints `! IP routing not enabled` / json `routingDisabled`; undefined when not shown. */
  routingEnabled?: boolean;
  routes: Route[];
}

/** A prefix lookup that finds nothing is a table with a VRF and `routes: []`. */
export interface RouteTable {
  vrfs: RouteVrfTable[];
}

/** BGP origin attribute, as the table's last column (i, e, ?) or json spells it. */
export type BgpOrigin = "IGP" | "EGP" | "incomplete";

/** One path of a BGP table entry (`show ip bgp`, `show bgp ipv4 unicast`). */
export interface BgpPath {
  /** Network in CIDR form ("10.66.111.0/24"). */
  prefix: string;
  /** The next hop; undefined for a path this router originates (EOS `-`, FRR `0.0.0.0`). */
  nextHop?: string;
  /** The neighbour the path was learnt from: json only (FRR `peerId`, EOS `peerEntry.peerAddr`); text does not show it. */
  peer?: string;
  valid: boolean;
  /** The best path (`>`; json bestpath/active). */
  best: boolean;
  /** Used for ECMP: FRR `=` / multipath, EOS `E`/`e` / ecmpHead/ecmp. */
  multipath: boolean;
  /** Learnt over iBGP (FRR `i` flag / pathFrom internal); undefined where the output does not say. */
  internal?: boolean;
  /** false when the device says the route is not in the RIB/FIB (EOS `#`, FRR `r` RIB-failure). */
  installed?: boolean;
  metric?: number;
  localPref?: number;
  weight?: number;
  /** AS path as shown ("65000 65100"); "" for a local path. */
  asPath: string;
  origin?: BgpOrigin;
  /** The status flags as printed ("*>", "* >", "*="), or rebuilt from json. */
  statusText: string;
}

export interface BgpTableVrf {
  vrf: string;
  routerId?: string;
  localAs?: Asn;
  /** Every path, best or not, in output order; `[]` for an empty table. */
  paths: BgpPath[];
}

export interface BgpTable {
  vrfs: BgpTableVrf[];
}

/** One show command's parsers: its text output and its json output (EOS `| json`, FRR `json`). */
export interface ShowParser<T> {
  text(output: string, command?: string): T;
  json(output: string, command?: string): T;
}

/** What every dialect parses for the gates and validators; each throws ParseError on unreadable output. */
export interface ShowOutputParsers {
  /** `show ip bgp summary` */
  bgpSummary: ShowParser<BgpSummary>;
  /** `show ip ospf neighbor` */
  ospfNeighbors: ShowParser<OspfNeighborTable>;
  /** `show ip route`, `show ip route <prefix|address>`, `show ip route bgp|ospf` */
  ipRoute: ShowParser<RouteTable>;
  /** `show ip bgp` / `show bgp ipv4 unicast`: the BGP table, every path */
  bgpTable: ShowParser<BgpTable>;
}
