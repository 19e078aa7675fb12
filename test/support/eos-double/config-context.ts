// What a configuration command sees when it runs (the tree being edited, the current mode's blocks)
// and the small line-editing helpers every mode's command table uses.

import { ConfigNode, removeWhere, setLine } from './config-tree';
import { CommandSpec, PatternSlot } from './grammar';

export type ConfigModeKind = 'config' | 'if' | 'router-ospf' | 'router-bgp' | 'router-bgp-af' | 'ip-pfx' | 'route-map';

/**
 * A group-change mode's edit (EOS route-map and prefix-list modes): the commands change a detached copy
 * of the block, which is saved into the configuration when the mode is left, or dropped by `abort`.
 */
export interface GroupEdit {
  save(): void;
}

export interface ConfigContext {
  /** The configuration being edited: running-config, or a session's copy. */
  tree: ConfigNode[];
  /** Blocks of the current mode, outermost first (e.g. [router bgp, address-family ipv4]). */
  path: ConfigNode[];
  /** Physical interfaces that exist on this device (e.g. Ethernet1..8, Management1). */
  physicalInterfaces: Set<string>;
  enter(kind: ConfigModeKind, node: ConfigNode, group?: GroupEdit): void;
  /** Output lines: `% ...` errors (command rejected) and `! ...` warnings (command applied). */
  output: string[];
}

export type Spec = CommandSpec<ConfigContext>;

export function parent(ctx: ConfigContext): ConfigNode | undefined {
  return ctx.path[ctx.path.length - 1];
}

export function set(ctx: ConfigContext, line: string, replaces: (l: string) => boolean): void {
  setLine(parent(ctx), ctx.tree, line, replaces);
}

export function remove(ctx: ConfigContext, pred: (l: string) => boolean): void {
  const p = parent(ctx);
  removeWhere(p ? p.children : ctx.tree, (n) => pred(n.line));
}

export const startsWith = (prefix: string) => (l: string) => l.startsWith(prefix);

/** A single-valued line: `KEY VALUE` replaces any other `KEY ...`; `no KEY` removes it. */
export function valued(keywords: string[], arg: PatternSlot, noAt = keywords.length): Spec {
  const key = keywords.join(' ');
  return {
    pattern: [...keywords, arg],
    no: noAt,
    run: (ctx, args, negate) => (negate ? remove(ctx, startsWith(`${key} `)) : set(ctx, `${key} ${args[args.length - 1]}`, startsWith(`${key} `))),
  };
}

/** A fixed line present or absent: `LINE` adds it, `no LINE` removes it. */
export function flag(words: string[], line = words.join(' ')): Spec {
  return { pattern: words, no: 'full', run: (ctx, _a, negate) => (negate ? remove(ctx, (l) => l === line) : set(ctx, line, (l) => l === line)) };
}

/** A setting whose non-default value EOS prints as `no LINE` (`no switchport`, `no bgp default ipv4-unicast`). */
export function defaultOn(words: string[]): Spec {
  const negative = `no ${words.join(' ')}`;
  return {
    pattern: words, no: 'full',
    run: (ctx, _a, negate) => (negate ? set(ctx, negative, (l) => l === negative) : remove(ctx, (l) => l === negative)),
  };
}
