// The seam between the pure config-tree/rendering core and the SSH edge.
// A switch resource owns an ordered set of config lines; contexts nest (interface, router bgp, address-family).

export type DialectName = "eos" | "frr";

/** One configuration line; a context line (e.g. `router bgp 65011`) carries its child lines. */
export interface ConfigLine {
  text: string;
  children: ConfigLine[];
}

/** The lines one resource owns on one device, in the order they must be typed. */
export type OwnedConfig = ConfigLine[];

/**
 * The CLI lines to type inside configuration mode (after `configure session X` on EOS,
 * `configure terminal` on FRR) to move the owned lines from `before` to `after` on a device
 * whose running config is `running`; and the lines that undo it.
 */
export interface ChangeScript {
  lines: string[];
  rollback: string[];
}
