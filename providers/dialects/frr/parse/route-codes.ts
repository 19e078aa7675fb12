// FRR zebra route types: the one-letter code of `show ip route` and the json `protocol` name.

import { RouteProtocol } from "../../show-types";

/** json protocol name → [text code, protocol]. */
const FRR_PROTOCOLS: ReadonlyMap<string, [string, RouteProtocol]> = new Map<string, [string, RouteProtocol]>([
  ["kernel", ["K", "kernel"]],
  ["connected", ["C", "connected"]],
  ["local", ["L", "local"]],
  ["static", ["S", "static"]],
  ["rip", ["R", "rip"]],
  ["ospf", ["O", "ospf"]],
  ["isis", ["I", "isis"]],
  ["bgp", ["B", "bgp"]],
  ["eigrp", ["E", "other"]],
  ["nhrp", ["N", "other"]],
  ["table", ["T", "other"]],
  ["vnc", ["v", "other"]],
  ["vnc-direct", ["V", "other"]],
  ["babel", ["A", "other"]],
  ["pbr", ["F", "other"]],
  ["openfabric", ["f", "other"]],
  ["sharp", ["D", "other"]],
  ["table-direct", ["t", "other"]],
]);

const BY_CODE = new Map<string, RouteProtocol>([...FRR_PROTOCOLS.values()].map(([code, protocol]) => [code, protocol]));

/** The protocol of a text code; undefined for a letter FRR does not use. */
export function frrProtocolOfCode(code: string): RouteProtocol | undefined {
  return BY_CODE.get(code);
}

/** Code and protocol for a json/`Known via` name; an unknown name is kept as its own code. */
export function frrCodeOfProtocol(name: string): { codes: string; protocol: RouteProtocol } {
  const known = FRR_PROTOCOLS.get(name);
  return known ? { codes: known[0], protocol: known[1] } : { codes: name, protocol: "other" };
}
