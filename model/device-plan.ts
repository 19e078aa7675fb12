// What one switch is to be, as the plan says it (intent, never device syntax): the shape the plan
// builds (components/plan) and the switch provider and its dialects render (providers). Both depend on
// it; it depends on nothing.

export type DialectName = "eos" | "frr";

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** Pinned OpenSSH public host key ("ssh-ed25519 AAAA..."). */
  hostKey: string;
}

export interface OspfInterfaceIntent {
  area: string;
  /** No hellos: faces a server, not a router. */
  passive: boolean;
  pointToPoint: boolean;
}

export interface InterfaceIntent {
  name: string;
  /** Address with prefix length, or "dhcp". */
  address: string;
  description: string;
  /** Routed port (EOS: `no switchport`). */
  routed: boolean;
  ospf: OspfInterfaceIntent | null;
}

export type Redistribution = "static" | "connected" | "bgp";

export interface OspfIntent {
  processId: number;
  routerId: string;
  redistribute: Redistribution[];
}

export interface StaticRouteIntent {
  prefix: string;
  nextHop: string;
  /** Administrative distance; unset: the device's default for static routes. */
  distance?: number;
}

/**
 * A leaf's bridges while Calico's routing moves: a static route per pod block via its node, at a
 * distance any BGP route beats, redistributed into OSPF so the spines and other leaves learn them.
 */
export interface BridgeIntent {
  routes: StaticRouteIntent[];
  ospfProcessId: number;
}

export interface BgpNeighborIntent {
  address: string;
  remoteAsn: number;
  description: string;
  /** The prefixes this neighbour may announce (its pod block, the service CIDR). */
  allowedPrefixes: string[];
  maximumRoutes: number;
}

export interface BgpIntent {
  asn: number;
  routerId: string;
  neighbors: BgpNeighborIntent[];
}

/** Phase 1: addresses, OSPF, static routes. */
export interface UnderlayIntent {
  interfaces: InterfaceIntent[];
  ospf: OspfIntent;
  staticRoutes: StaticRouteIntent[];
}

/** Phase 2 (leaves only): eBGP to the nodes, and their routes into OSPF. */
export interface NodePeeringIntent {
  bgp: BgpIntent;
  ospfProcessId: number;
  redistributeIntoOspf: Redistribution[];
}

export type SwitchRole = "spine" | "leaf";

export interface DevicePlan {
  name: string;
  role: SwitchRole;
  dialect: DialectName;
  id: number;
  mgmt: SshTarget;
  routerId: string;
  loopback: string | null;
  asn: number | null;
  underlay: UnderlayIntent;
  nodePeering: NodePeeringIntent | null;
}
