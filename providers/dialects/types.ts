// The seam between the pure config-tree/rendering core and the SSH edge.
// A switch resource owns an ordered set of config lines; contexts nest (interface, router bgp, address-family).

import type { DialectName } from "../../model/device-plan";

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

/** Where a line sits: the texts of its enclosing context lines, then its own text. */
export type LinePath = readonly string[];

/** A change script together with the owned lines that were already on the device when we took them over. */
export interface PlannedChange extends ChangeScript {
  /**
   * Owned lines (paths) we did not create: they were on the device before this resource owned them.
   * Keep this in the resource state and pass it to the next changeScript: deleting leaves these lines alone.
   */
  adopted: LinePath[];
}

/** How a context or line behaves on a device: how it is keyed, negated and replaced. */
export interface LineRule {
  /** Matches the line's canonical text (single spaces, no indentation). */
  pattern: RegExp;
  /** The context kind this line may appear in; "top" for global configuration. */
  parent: string;
  /** Set when the line opens a context: the kind of that context. */
  opens?: string;
  /**
   * Identity of the setting: two lines with the same key in one context are two values of one setting
   * (drift shows one as "changed" into the other). Defaults to the whole line.
   */
  key?: (match: RegExpMatchArray) => string;
  /** The command that removes the line. Defaults to `no <line>` (or the line without `no ` for a negative line). */
  negate?: (match: RegExpMatchArray) => string;
  /**
   * What typing a line does when another line with the same key is present:
   * "replace": the new value replaces the old one; "negate-first": the device refuses until the old one is removed;
   * "add": both lines stay (e.g. FRR secondary addresses, static routes).
   */
  sameKey?: "replace" | "negate-first" | "add";
  /** The negation also removes every line starting with this prefix in the context and the contexts inside it. */
  cascade?: (match: RegExpMatchArray) => string;
  /** For contexts: `negate` removes the whole context. Physical interfaces and address families are not removable. */
  removable?: boolean;
  /** The device never shows this line while it is in effect (a default, or FRR's `ip forwarding`). */
  hidden?: boolean;
}

/** Everything the pure core needs to know about one dialect's configuration language. */
export interface DialectSyntax {
  name: DialectName;
  /** Spaces per nesting level in `show running-config` (EOS 3, FRR 1). */
  indent: number;
  /** `show running-config` closes every block with its exit command (FRR). */
  printsExits: boolean;
  /** Whether two consecutive top-level lines print without a `!` between them. */
  sameSection(previous: string, next: string): boolean;
  rules: readonly LineRule[];
  /** The command that leaves a context of this kind (FRR: `exit-address-family` for address families). */
  exitCommand(kind: string): string;
  /** Equal settings print the same after this (e.g. `ip ospf area 0` and `ip ospf area 0.0.0.0`). */
  canonical(text: string): string;
  /**
   * How the device prints a line that was typed as `text` (single spaces): EOS rewrites an area
   * number dotted, FRR keeps it as typed (FRR 10.1 prints `network 10.0.0.0/31 area 0`).
   */
  printed(text: string): string;
  /** Typing order among top-level additions: lower first, so definitions precede their references. */
  additionRank(text: string): number;
  /** A top-level line an older release prints in one-line form, as its context line and child (else null). */
  foldTopLevel?(text: string): { context: string; child: string } | null;
}
