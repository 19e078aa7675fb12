// The EOS running-config as a tree of lines, with EOS's rendering and ordering rules.
// Pure: no I/O. Lines the double does not model (from start configs) are kept verbatim.

export interface ConfigNode {
  line: string;
  children: ConfigNode[];
}

const INDENT = '   ';

/** Parses EOS `show running-config` text (3-space indentation, `!` separators) into a tree. */
export function parseRunningConfig(text: string): ConfigNode[] {
  const root: ConfigNode[] = [];
  const stack: Array<{ indent: number; node: ConfigNode }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('!')) continue;
    const indent = raw.length - raw.trimStart().length;
    if (indent === 0 && trimmed === 'end') continue;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const node: ConfigNode = { line: trimmed, children: [] };
    (stack.length > 0 ? stack[stack.length - 1].node.children : root).push(node);
    stack.push({ indent, node });
  }
  return root;
}

/** Renders the body of a running-config (no header, no `end`) the way EOS prints it. */
export function renderConfigBody(nodes: ConfigNode[]): string[] {
  const out: string[] = [];
  renderLevel(nodes, 0, out);
  if (nodes.length > 0) out.push('!');
  return out;
}

function renderLevel(nodes: ConfigNode[], depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  nodes.forEach((node, i) => {
    if (i > 0) {
      const prev = nodes[i - 1];
      // Top level: `!` between blocks and between unrelated single lines; nested: `!` before sub-blocks.
      if (depth === 0 ? isBlock(prev) || isBlock(node) || groupOf(prev.line) !== groupOf(node.line) : node.children.length > 0) {
        out.push(`${pad}!`);
      }
    }
    out.push(pad + node.line);
    renderLevel(node.children, depth + 1, out);
  });
}

// Top-level mode-entering lines are blocks even when empty (EOS prints `interface Ethernet1` then `!`).
const BLOCK_LINE = /^(interface |router |vlan |vrf |management |mlag |route-map |ip access-list |ip prefix-list |peer-filter )/;

function isBlock(node: ConfigNode): boolean {
  return node.children.length > 0 || BLOCK_LINE.test(node.line);
}

/** Top-level lines of one group (e.g. all `ip route`s) are printed without `!` between them. */
function groupOf(line: string): string {
  const words = line.replace(/^no /, '').split(' ');
  return words[0] === 'ip' || words[0] === 'router' ? `${words[0]} ${words[1] ?? ''}` : words[0];
}

export function cloneTree(nodes: ConfigNode[]): ConfigNode[] {
  return nodes.map((n) => ({ line: n.line, children: cloneTree(n.children) }));
}

/** Finds the block whose line is exactly `line`. */
export function findNode(nodes: ConfigNode[], line: string): ConfigNode | undefined {
  return nodes.find((n) => n.line === line);
}

export function removeWhere(nodes: ConfigNode[], pred: (n: ConfigNode) => boolean): number {
  let removed = 0;
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (pred(nodes[i])) {
      nodes.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

// ---- ordering -------------------------------------------------------------------------------
// A sort key says where EOS prints a line among its siblings; lines the double does not know
// get no key and keep their position (new lines are placed after the last sibling that sorts
// before them).

export type SortKey = Array<number | string>;
export type ContextKind = 'top' | 'interface' | 'router-ospf' | 'router-bgp' | 'router-bgp-af' | 'ip-pfx' | 'route-map' | 'other';

export function contextKindOf(parent: ConfigNode | undefined): ContextKind {
  if (!parent) return 'top';
  if (parent.line.startsWith('interface ')) return 'interface';
  if (parent.line.startsWith('router ospf ')) return 'router-ospf';
  if (parent.line.startsWith('router bgp ')) return 'router-bgp';
  if (parent.line.startsWith('address-family ')) return 'router-bgp-af';
  if (parent.line.startsWith('ip prefix-list ')) return 'ip-pfx';
  if (parent.line.startsWith('route-map ')) return 'route-map';
  return 'other';
}

const INTERFACE_TYPE_ORDER = ['Port-Channel', 'Ethernet', 'Loopback', 'Management', 'Tunnel', 'Vlan', 'Vxlan'];

export function interfaceKey(name: string): SortKey {
  const m = /^([A-Za-z-]+)([0-9/.]+)$/.exec(name);
  if (!m) return [99, name];
  const typeRank = INTERFACE_TYPE_ORDER.indexOf(m[1]);
  return [typeRank < 0 ? 98 : typeRank, ...m[2].split(/[/.]/).map(Number)];
}

export function ipv4Key(text: string): SortKey {
  const [addr, len] = text.split('/');
  const octets = addr.split('.').map(Number);
  return [...octets, len === undefined ? 32 : Number(len)];
}

const TOP_RANKS: Array<[RegExp, number]> = [
  [/^(no )?aaa root/, 2], [/^username /, 3], [/^(no )?service /, 5], [/^transceiver /, 6],
  [/^hostname /, 10], [/^ip domain/, 11], [/^ip name-server/, 12], [/^(no )?spanning-tree /, 20],
  [/^(no )?aaa /, 25], [/^vlan /, 30], [/^interface /, 40], [/^ip virtual-router /, 45],
  // vEOS 4.29 prints `ip routing`, `ip prefix-list`, `mlag configuration`, `route-map`, `router bgp` in this order.
  [/^(no )?ip routing/, 50], [/^ip prefix-list /, 52], [/^mlag /, 55], [/^ip route /, 60], [/^route-map /, 65], [/^router bgp /, 70],
  [/^router multicast/, 75], [/^router ospf /, 80], [/^management /, 90],
];

function topKey(line: string): SortKey | undefined {
  const hit = TOP_RANKS.find(([re]) => re.test(line));
  if (!hit) return undefined;
  if (line.startsWith('interface ')) return [hit[1], ...interfaceKey(line.slice('interface '.length))];
  if (line.startsWith('ip route ')) return [hit[1], ...ipv4Key(line.split(' ')[2])];
  if (line.startsWith('router ')) return [hit[1], Number(line.split(' ')[2]) || 0];
  if (line.startsWith('ip prefix-list ')) return [hit[1], line.split(' ')[2]];
  // Statements of a map by sequence number, whatever the action.
  if (line.startsWith('route-map ')) return [hit[1], line.split(' ')[1], Number(line.split(' ')[3])];
  return [hit[1]];
}

const INTERFACE_CHILD_RANKS: Array<[RegExp, number]> = [
  [/^description /, 0], [/^shutdown$/, 1], [/^mtu /, 2], [/^(no )?switchport/, 3],
  [/^ip address /, 4], [/^ip ospf network /, 5], [/^ip ospf area /, 6],
];

const OSPF_CHILD_RANKS: Array<[RegExp, number]> = [
  [/^router-id /, 0], [/^passive-interface /, 2], [/^redistribute /, 3], [/^network /, 4],
  [/^max-lsa /, 5], [/^default-information /, 6],
];

const NEIGHBOR_ATTR_RANKS: Array<[RegExp, number]> = [
  [/^peer group/, 0], [/^peer-group/, 0], [/^remote-as /, 1], [/^update-source /, 2],
  [/^ebgp-multihop/, 3], [/^route-reflector-client/, 4], [/^description /, 5], [/^route-map \S+ in$/, 6],
  [/^route-map \S+ out$/, 7], [/^maximum-routes /, 8],
];

const ROUTE_MAP_CHILD_RANKS: Array<[RegExp, number]> = [[/^description /, 0], [/^match /, 1], [/^continue/, 2], [/^set /, 3]];

const REDISTRIBUTE_ORDER = ['connected', 'static', 'ospf', 'bgp'];

function rankBy(table: Array<[RegExp, number]>, text: string): number | undefined {
  return table.find(([re]) => re.test(text))?.[1];
}

function neighborKey(rest: string): SortKey | undefined {
  const [peer, ...attr] = rest.split(' ');
  const attrRank = attr.length === 0 ? 0 : rankBy(NEIGHBOR_ATTR_RANKS, attr.join(' '));
  if (attrRank === undefined) return undefined;
  const isAddress = /^\d+\.\d+\.\d+\.\d+$/.test(peer);
  return isAddress ? [1, ...ipv4Key(peer), attrRank] : [0, peer, attrRank];
}

function bgpKey(line: string): SortKey | undefined {
  if (line.startsWith('router-id ')) return [0];
  // Newer AVD templates (which follow EOS's order) print `bgp default …` right after the router-id.
  if (/^(no )?bgp default /.test(line)) return [1];
  if (line.startsWith('maximum-paths ')) return [2];
  if (line.startsWith('neighbor ')) {
    const k = neighborKey(line.slice('neighbor '.length));
    return k && [3, ...k];
  }
  if (line.startsWith('network ')) return [4, ...ipv4Key(line.split(' ')[1])];
  if (line.startsWith('redistribute ')) return [5, REDISTRIBUTE_ORDER.indexOf(line.split(' ')[1])];
  if (line.startsWith('address-family ')) return [9, line];
  return undefined;
}

function ospfKey(line: string): SortKey | undefined {
  const rank = rankBy(OSPF_CHILD_RANKS, line);
  if (rank === undefined) return undefined;
  if (line.startsWith('network ')) return [rank, ...ipv4Key(line.split(' ')[1])];
  if (line.startsWith('redistribute ')) return [rank, REDISTRIBUTE_ORDER.indexOf(line.split(' ')[1])];
  if (line.startsWith('passive-interface ')) return [rank, ...interfaceKey(line.split(' ')[1])];
  return [rank];
}

export function sortKeyFor(kind: ContextKind, line: string): SortKey | undefined {
  switch (kind) {
    case 'top': return topKey(line);
    case 'interface': {
      const rank = rankBy(INTERFACE_CHILD_RANKS, line);
      return rank === undefined ? undefined : [rank];
    }
    case 'router-ospf': return ospfKey(line);
    case 'ip-pfx': return line.startsWith('seq ') ? [Number(line.split(' ')[1])] : undefined;
    case 'route-map': {
      const rank = rankBy(ROUTE_MAP_CHILD_RANKS, line);
      return rank === undefined ? undefined : [rank, line];
    }
    case 'router-bgp': return bgpKey(line);
    case 'router-bgp-af': {
      if (!line.startsWith('neighbor ')) return line.startsWith('network ') ? [1, ...ipv4Key(line.split(' ')[1])] : undefined;
      const k = neighborKey(line.slice('neighbor '.length));
      return k && [0, ...k];
    }
    default: return undefined;
  }
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

/** Inserts `node` among `siblings` where EOS would print it. */
export function insertOrdered(siblings: ConfigNode[], node: ConfigNode, kind: ContextKind): void {
  const key = sortKeyFor(kind, node.line);
  if (!key) {
    siblings.push(node);
    return;
  }
  let insertAt = 0;
  let inherited: SortKey | undefined;
  siblings.forEach((sibling, i) => {
    inherited = sortKeyFor(kind, sibling.line) ?? inherited;
    if (inherited && compareKeys(inherited, key) <= 0) insertAt = i + 1;
  });
  siblings.splice(insertAt, 0, node);
}

/** Returns the child block with this exact line, creating it in EOS order if missing. */
export function ensureChild(parent: ConfigNode | undefined, top: ConfigNode[], line: string): ConfigNode {
  const siblings = parent ? parent.children : top;
  const existing = findNode(siblings, line);
  if (existing) return existing;
  const node: ConfigNode = { line, children: [] };
  insertOrdered(siblings, node, contextKindOf(parent));
  return node;
}

/** Sets a single-valued line: removes siblings matching `replaces`, then inserts `line` in order. */
export function setLine(parent: ConfigNode | undefined, top: ConfigNode[], line: string, replaces: (l: string) => boolean): void {
  const siblings = parent ? parent.children : top;
  const existing = findNode(siblings, line);
  if (existing && existing.children.length === 0) {
    removeWhere(siblings, (n) => n !== existing && replaces(n.line));
    return;
  }
  removeWhere(siblings, (n) => replaces(n.line));
  insertOrdered(siblings, { line, children: [] }, contextKindOf(parent));
}
