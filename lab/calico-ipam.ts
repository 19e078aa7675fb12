// The IPAM stand-in's choices (pure), as Calico's IPAM makes them for a node's first pod: the
// enabled IPv4 pools whose nodeSelector selects the node, then a block of the pool's block size that
// no node has claimed, taken in an order seeded by the node's name (Calico's blocks come in an order
// that looks random: the seed's were .111, .95, .217, .52), not from the start of the pool.
import { createHash } from "crypto";
import ipaddr from "ipaddr.js";
import { Labels, selects } from "./calico-selector";

export interface PoolView {
  name: string;
  cidr: string;
  blockSize: number;
  nodeSelector: string;
  disabled: boolean;
}

function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address).toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Pools a node may take blocks from, in name order (Calico sorts the candidates too). */
export function poolsForNode(pools: readonly PoolView[], labels: Labels): PoolView[] {
  return pools
    .filter((pool) => !pool.disabled && ipaddr.parseCIDR(pool.cidr)[0].kind() === "ipv4" && selects(pool.nodeSelector, labels))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A free block of the pool for `node`, or undefined when every block is claimed. */
export function pickBlock(pool: PoolView, node: string, claimed: ReadonlySet<string>): string | undefined {
  const [network, prefix] = ipaddr.parseCIDR(pool.cidr);
  if (pool.blockSize < prefix) throw new Error(`pool ${pool.name}: blockSize /${pool.blockSize} is larger than the pool ${pool.cidr}`);
  const count = 2 ** (pool.blockSize - prefix);
  const base = toNumber(network.toString());
  const step = 2 ** (32 - pool.blockSize);
  const start = createHash("sha256").update(node).digest().readUInt32BE(0) % count;
  for (let k = 0; k < count; k++) {
    const block = `${toAddress(base + ((start + k) % count) * step)}/${pool.blockSize}`;
    if (!claimed.has(block)) return block;
  }
  return undefined;
}

/** The first `count` pod addresses of a block (.1, .2, ...: the network address is left out). */
export function podAddressesOf(block: string, count: number): string[] {
  const [network, prefix] = ipaddr.parseCIDR(block);
  const size = 2 ** (32 - prefix);
  if (count >= size) throw new Error(`block ${block} has room for ${size - 1} pods, not ${count}`);
  const base = toNumber(network.toString());
  return Array.from({ length: count }, (_, k) => toAddress(base + k + 1));
}
