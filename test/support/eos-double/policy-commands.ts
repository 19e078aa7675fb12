// BGP routing policy as EOS takes it: prefix-lists and route-maps (group-change modes: edits are saved
// when the mode is left, dropped by `abort`), and the `router bgp` lines that use them.
// Sources: Arista EOS User Manual, "Route Maps" and "Prefix Lists" (prompts `(config-ip-pfx)`,
// `(config-route-map-NAME)`, `seq N`, `no seq N`, rule without seq = last + 10, saving on exit, `abort`);
// a vEOS 4.29.2F `show running-config` (block order, `neighbor X route-map M in` after `description`);
// napalm's EOS `section router bgp` capture (`route-map … in`, `route-map … out`, then `maximum-routes`).

import { LINE, PEER, POLICY_NAME, PREFIX, uint } from './args';
import { ConfigContext, Spec, defaultOn, parent, remove, set, valued } from './config-context';
import { ConfigNode, cloneTree, insertOrdered, removeWhere } from './config-tree';

export const POLICY_MESSAGES = {
  // UNVERIFIED for prefix-lists: the wording public automation quotes for a reused ACL sequence number.
  duplicateSequence: '% Duplicate sequence number',
};

const PREFIX_LIST_SEQ = uint(0, 65535);
const ROUTE_MAP_SEQ = uint(0, 16777215);
const MASK_LENGTH = uint(1, 32);
const ACTIONS = ['permit', 'deny'] as const;

/**
 * Enters a group-change mode on a detached copy of `line`'s block (a new, empty one if absent);
 * leaving the mode puts the copy in place of the block, where EOS prints it.
 */
function editGroup(ctx: ConfigContext, kind: 'ip-pfx' | 'route-map', line: string, same: (n: ConfigNode) => boolean): void {
  const tree = ctx.tree;
  const draft: ConfigNode = { line, children: cloneTree(tree.find(same)?.children ?? []) };
  ctx.enter(kind, draft, {
    save: () => {
      const current = tree.find(same);
      if (!current) {
        insertOrdered(tree, draft, 'top');
        return;
      }
      current.line = draft.line;
      current.children = draft.children;
    },
  });
}

// ---- ip prefix-list -------------------------------------------------------------------------

function prefixList(ctx: ConfigContext, name: string, negate: boolean): void {
  const line = `ip prefix-list ${name}`;
  if (negate) removeWhere(ctx.tree, (n) => n.line === line);
  else editGroup(ctx, 'ip-pfx', line, (n) => n.line === line);
}

const seqOf = (line: string) => Number(line.split(' ')[1]);

/** `seq N permit|deny P/L [ge G] [le L] | [eq E]`: a new number adds a rule; a used number with another rule is refused. */
function prefixRule(ctx: ConfigContext, seq: string | undefined, rule: string): void {
  const list = parent(ctx) as ConfigNode;
  const last = list.children.reduce((max, c) => Math.max(max, seqOf(c.line)), 0);
  const number = seq ?? String(last + 10);
  const line = `seq ${number} ${rule}`;
  const taken = list.children.find((c) => seqOf(c.line) === Number(number));
  if (taken && taken.line !== line) ctx.output.push(POLICY_MESSAGES.duplicateSequence);
  else if (!taken) insertOrdered(list.children, { line, children: [] }, 'ip-pfx');
}

/** Every rule form: with or without `seq N`, either action, each combination of length bounds. */
function prefixRuleSpecs(): Spec[] {
  const bounds: string[][] = [[], ['ge'], ['le'], ['ge', 'le'], ['eq']];
  return ACTIONS.flatMap((action) => bounds.flatMap((keywords) => {
    const tail = keywords.flatMap((k) => [k, MASK_LENGTH]);
    const text = (prefix: string, lengths: string[]) => [action, prefix, ...keywords.flatMap((k, i) => [k, lengths[i]])].join(' ');
    return [
      { pattern: ['seq', PREFIX_LIST_SEQ, action, PREFIX, ...tail], run: (ctx, [seq, prefix, ...lengths]) => prefixRule(ctx, seq, text(prefix, lengths)) },
      { pattern: [action, PREFIX, ...tail], run: (ctx, [prefix, ...lengths]) => prefixRule(ctx, undefined, text(prefix, lengths)) },
    ] as Spec[];
  }));
}

export const prefixListModeSpecs: Spec[] = [
  ...prefixRuleSpecs(),
  { pattern: ['seq', PREFIX_LIST_SEQ], no: 'full', noOnly: true, run: (ctx, [seq]) => remove(ctx, (l) => seqOf(l) === Number(seq)) },
];

// ---- route-map ------------------------------------------------------------------------------

const statementOf = (name: string, seq: string) => (n: ConfigNode) => {
  const words = n.line.split(' ');
  return words[0] === 'route-map' && words[1] === name && words[3] === seq;
};

function routeMapStatement(ctx: ConfigContext, name: string, action: string, seq: string, negate: boolean): void {
  if (negate) removeWhere(ctx.tree, statementOf(name, seq));
  else editGroup(ctx, 'route-map', `route-map ${name} ${action} ${seq}`, statementOf(name, seq));
}

const routeMapGlobalSpecs: Spec[] = [
  ...ACTIONS.flatMap((action): Spec[] => [
    { pattern: ['route-map', POLICY_NAME, action, ROUTE_MAP_SEQ], no: 'full', run: (ctx, [name, seq], negate) => routeMapStatement(ctx, name, action, seq, negate) },
    // Without a number EOS picks 10 for a new statement.
    { pattern: ['route-map', POLICY_NAME, action], run: (ctx, [name]) => routeMapStatement(ctx, name, action, '10', false) },
  ]),
  {
    // `no route-map NAME`: every statement of the map.
    pattern: ['route-map', POLICY_NAME], no: 'full', noOnly: true,
    run: (ctx, [name]) => removeWhere(ctx.tree, (n) => n.line.startsWith(`route-map ${name} `)),
  },
];

export const routeMapModeSpecs: Spec[] = [
  // Free text, one per statement; `no description` clears it (kube-fabric keeps its baseline record in these).
  valued(['description'], LINE),
  {
    pattern: ['match', 'ip', 'address', 'prefix-list', POLICY_NAME], no: 4,
    run: (ctx, args, negate) => {
      // `no match ip address prefix-list` may leave out the name.
      const name: string | undefined = args[0];
      const line = `match ip address prefix-list ${name}`;
      if (negate) remove(ctx, (l) => l.startsWith('match ip address prefix-list ') && (name === undefined || l === line));
      else set(ctx, line, (l) => l.startsWith('match ip address '));
    },
  },
];

export const globalPolicySpecs: Spec[] = [
  { pattern: ['ip', 'prefix-list', POLICY_NAME], no: 'full', run: (ctx, [name], negate) => prefixList(ctx, name, negate) },
  ...routeMapGlobalSpecs,
];

// ---- router bgp -----------------------------------------------------------------------------

function neighborRouteMap(ctx: ConfigContext, peer: string, name: string, direction: string, negate: boolean): void {
  const sameDirection = (l: string) => l.startsWith(`neighbor ${peer} route-map `) && l.endsWith(` ${direction}`);
  if (negate) remove(ctx, sameDirection);
  else set(ctx, `neighbor ${peer} route-map ${name} ${direction}`, sameDirection);
}

export const bgpPolicySpecs: Spec[] = [
  defaultOn(['bgp', 'default', 'ipv4-unicast']),
  ...['in', 'out'].map((direction): Spec => ({
    pattern: ['neighbor', PEER, 'route-map', POLICY_NAME, direction], no: 'full',
    run: (ctx, [peer, name], negate) => neighborRouteMap(ctx, peer, name, direction, negate),
  })),
];

// Real EOS keywords of these modes the double does not model.
export const PREFIX_LIST_SHADOWS: Record<string, string[]> = { '': ['resequence'] };

export const ROUTE_MAP_SHADOWS: Record<string, string[]> = {
  '': ['continue', 'set', 'sub-route-map'],
  match: ['as', 'as-path', 'community', 'extcommunity', 'interface', 'ipv6', 'large-community', 'local-preference', 'metric',
    'metric-type', 'route-type', 'source-protocol', 'tag'],
  'match ip': ['next-hop', 'resolved-next-hop'],
  'match ip address': ['access-list'],
};

export const BGP_POLICY_SHADOWS: Record<string, string[]> = {
  bgp: ['additional-paths', 'always-compare-med', 'asn', 'bestpath', 'client-to-client', 'cluster-id', 'confederation', 'convergence',
    'enforce-first-as', 'host-routes', 'listen', 'log-neighbor-changes', 'missing-policy', 'redistribute-internal', 'route',
    'route-reflector', 'transport'],
  'bgp default': ['ipv6-unicast'],
};
