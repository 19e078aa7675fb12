// IPv4 prefix arithmetic on top of ipaddr.js: parse, carve, compare. Pure.

import * as ipaddr from "ipaddr.js";

export interface Prefix {
  /** Network address as an unsigned 32-bit number. */
  network: number;
  length: number;
}

export type ParsedPrefix = { ok: true; prefix: Prefix } | { ok: false; reason: string };

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address).toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
}

export function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function formatPrefix(prefix: Prefix): string {
  return `${toAddress(prefix.network)}/${prefix.length}`;
}

export function size(prefix: Prefix): number {
  return 2 ** (32 - prefix.length);
}

/** A prefix whose host bits are zero, e.g. 10.0.11.0/31 (not 10.0.11.1/31). */
export function parsePrefix(text: string): ParsedPrefix {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (!match || !isIPv4(match[1])) return { ok: false, reason: "is not an IPv4 prefix like 10.0.11.0/31" };
  const length = Number(match[2]);
  if (length > 32) return { ok: false, reason: "has a prefix length over 32" };
  const address = toNumber(match[1]);
  const network = address - (address % 2 ** (32 - length));
  if (network !== address) {
    return { ok: false, reason: `has host bits set (the network is ${toAddress(network)}/${length})` };
  }
  return { ok: true, prefix: { network, length } };
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}

export function contains(outer: Prefix, address: number): boolean {
  return address >= outer.network && address < outer.network + size(outer);
}

/** `inner` lies wholly inside `outer` (equal counts). */
export function covers(outer: Prefix, inner: Prefix): boolean {
  return inner.length >= outer.length && contains(outer, inner.network);
}

/** The index-th subnet of the given length inside a prefix (0-based). */
export function subnet(parent: Prefix, length: number, index: number): Prefix {
  return { network: parent.network + index * 2 ** (32 - length), length };
}

/** How many subnets of the given length fit in the prefix. */
export function subnetCount(parent: Prefix, length: number): number {
  return length < parent.length ? 0 : 2 ** (length - parent.length);
}

/** Address with prefix length, e.g. "10.0.11.1/31". */
export function hostAddress(value: number, length: number): string {
  return `${toAddress(value)}/${length}`;
}
