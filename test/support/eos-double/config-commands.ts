// The configuration commands the double understands, per mode, with their argument checks and
// EOS's semantic errors. Everything else is `% Invalid input`.

import {
  ADDRLEN, AREA, ASN, GROUP_NAME, HOSTNAME, IFNAME, IPV4, LINE, MASK, PEER, POLICY_NAME, PREFIX, formatIpv4, maskOf, parseAddrLen, parseIpv4, uint,
} from './args';
import { ConfigContext, ConfigModeKind, Spec, flag, parent, remove, set, startsWith, valued } from './config-context';
import { ConfigNode, ensureChild, findNode, removeWhere, setLine } from './config-tree';
import { Grammar } from './grammar';
import {
  BGP_POLICY_SHADOWS, PREFIX_LIST_SHADOWS, ROUTE_MAP_SHADOWS, bgpPolicySpecs, globalPolicySpecs, prefixListModeSpecs, routeMapModeSpecs,
} from './policy-commands';

export type { ConfigContext, ConfigModeKind } from './config-context';

export const MESSAGES = {
  bgpAlreadyRunning: (asn: string) => `% BGP is already running with AS number ${asn}`,
  addressAssigned: (addr: string, intf: string) => `% Address ${addr} is already assigned to interface ${intf}`,
  // UNVERIFIED wording (no public capture found): see README.
  subnetOverlap: (net: string, other: string, intf: string) => `% Subnet ${net} overlaps with subnet ${other} of interface ${intf}`,
  notRoutedPort: (intf: string) => `! IP configuration will be ignored while interface ${intf} is not a routed port.`,
  interfaceMissing: '! Interface does not exist. The configuration will not take effect until the module is inserted.',
  physicalRemoval: '% Removal of physical interfaces is not permitted',
};

// ---- global configuration -------------------------------------------------------------------

function configureInterface(ctx: ConfigContext, name: string, negate: boolean): void {
  const line = `interface ${name}`;
  const physical = /^(Ethernet|Management)/.test(name);
  if (negate) {
    if (physical) ctx.output.push(MESSAGES.physicalRemoval);
    else removeWhere(ctx.tree, (n) => n.line === line);
    return;
  }
  if (physical && !ctx.physicalInterfaces.has(name) && !findNode(ctx.tree, line)) ctx.output.push(MESSAGES.interfaceMissing);
  ctx.enter('if', ensureChild(undefined, ctx.tree, line));
}

function routerBgp(ctx: ConfigContext, asn: string, negate: boolean): void {
  const existing = ctx.tree.find((n) => n.line.startsWith('router bgp '));
  if (negate) {
    if (existing && existing.line === `router bgp ${asn}`) removeWhere(ctx.tree, (n) => n === existing);
    return;
  }
  if (existing && existing.line !== `router bgp ${asn}`) {
    ctx.output.push(MESSAGES.bgpAlreadyRunning(existing.line.split(' ')[2]));
    return;
  }
  ctx.enter('router-bgp', ensureChild(undefined, ctx.tree, `router bgp ${asn}`));
}

function routerOspf(ctx: ConfigContext, id: string, negate: boolean): void {
  const line = `router ospf ${id}`;
  if (negate) {
    removeWhere(ctx.tree, (n) => n.line === line);
    return;
  }
  const isNew = !findNode(ctx.tree, line);
  const node = ensureChild(undefined, ctx.tree, line);
  // EOS prints its default LSA limit in every OSPF instance.
  if (isNew) node.children.push({ line: 'max-lsa 12000', children: [] });
  ctx.enter('router-ospf', node);
}

/** `ip route P NH [distance]`: EOS prints the distance when it is set; `no ip route P NH` removes the route whatever its distance. */
function ipRoute(ctx: ConfigContext, prefix: string, nextHop: string | undefined, negate: boolean, distance?: string): void {
  const route = nextHop ? `ip route ${prefix} ${nextHop}` : undefined;
  if (negate) {
    removeWhere(ctx.tree, (n) => (route ? n.line === route || n.line.startsWith(`${route} `) : n.line.startsWith(`ip route ${prefix} `)));
    return;
  }
  const line = distance && distance !== '1' ? `${route} ${distance}` : (route as string);
  setLine(undefined, ctx.tree, line, (l) => l === route || l.startsWith(`${route} `));
}

function maskToPrefix(address: string, len: string): string {
  const addr = parseIpv4(address) as number;
  return `${formatIpv4((addr & maskOf(Number(len))) >>> 0)}/${len}`;
}

const globalSpecs: Spec[] = [
  valued(['hostname'], HOSTNAME),
  { pattern: ['interface', IFNAME], no: 'full', run: (ctx, [name], negate) => configureInterface(ctx, name, negate) },
  {
    pattern: ['ip', 'routing'], no: 'full',
    run: (ctx, _a, negate) => set(ctx, negate ? 'no ip routing' : 'ip routing', (l) => l === 'ip routing' || l === 'no ip routing'),
  },
  { pattern: ['ip', 'route', PREFIX, IPV4], no: 3, run: (ctx, [p, nh], negate) => ipRoute(ctx, p, nh, negate) },
  { pattern: ['ip', 'route', PREFIX, IPV4, uint(1, 255)], no: 3, run: (ctx, [p, nh, distance], negate) => ipRoute(ctx, p, nh, negate, distance) },
  { pattern: ['ip', 'route', IPV4, MASK, IPV4], no: 4, run: (ctx, [a, len, nh], negate) => ipRoute(ctx, maskToPrefix(a, len), nh, negate) },
  { pattern: ['router', 'ospf', uint(1, 65535)], no: 'full', run: (ctx, [id], negate) => routerOspf(ctx, id, negate) },
  { pattern: ['router', 'bgp', ASN], no: 'full', run: (ctx, [asn], negate) => routerBgp(ctx, asn, negate) },
  ...globalPolicySpecs,
];

// ---- interface ------------------------------------------------------------------------------

function interfaceName(ctx: ConfigContext): string {
  return (parent(ctx) as ConfigNode).line.slice('interface '.length);
}

function ipAddress(ctx: ConfigContext, address: string, negate: boolean): void {
  if (negate) {
    remove(ctx, startsWith('ip address '));
    return;
  }
  const self = interfaceName(ctx);
  const parsed = parseAddrLen(address);
  if (!parsed) {
    // `ip address dhcp`: nothing to check against the other interfaces.
    routedPortWarning(ctx, self);
    set(ctx, `ip address ${address}`, startsWith('ip address '));
    return;
  }
  const [addr, len] = parsed;
  for (const node of ctx.tree.filter((n) => n.line.startsWith('interface ') && n.line !== `interface ${self}`)) {
    const other = node.children.find((c) => c.line.startsWith('ip address '))?.line.split(' ')[2];
    const otherParsed = other ? parseAddrLen(other) : undefined;
    if (!otherParsed) continue;
    const otherName = node.line.slice('interface '.length);
    if (otherParsed[0] === addr) {
      ctx.output.push(MESSAGES.addressAssigned(address, otherName));
      return;
    }
    const shorter = Math.min(len, otherParsed[1]);
    if (((addr ^ otherParsed[0]) & maskOf(shorter)) >>> 0 === 0) {
      const net = `${formatIpv4((addr & maskOf(len)) >>> 0)}/${len}`;
      const otherNet = `${formatIpv4((otherParsed[0] & maskOf(otherParsed[1])) >>> 0)}/${otherParsed[1]}`;
      ctx.output.push(MESSAGES.subnetOverlap(net, otherNet, otherName));
      return;
    }
  }
  routedPortWarning(ctx, self);
  set(ctx, `ip address ${address}`, startsWith('ip address '));
}

function routedPortWarning(ctx: ConfigContext, self: string): void {
  if (self.startsWith('Ethernet') && !(parent(ctx) as ConfigNode).children.some((c) => c.line === 'no switchport')) {
    ctx.output.push(MESSAGES.notRoutedPort(self));
  }
}

const interfaceCommonSpecs: Spec[] = [
  valued(['description'], LINE),
  flag(['shutdown']),
  { pattern: ['ip', 'address', ADDRLEN], no: 2, run: (ctx, [a], negate) => ipAddress(ctx, a, negate) },
  { pattern: ['ip', 'address', 'dhcp'], run: (ctx) => ipAddress(ctx, 'dhcp', false) },
  {
    pattern: ['ip', 'ospf', 'network', 'point-to-point'], no: 3,
    run: (ctx, _a, negate) => (negate ? remove(ctx, startsWith('ip ospf network ')) : set(ctx, 'ip ospf network point-to-point', startsWith('ip ospf network '))),
  },
  valued(['ip', 'ospf', 'area'], AREA),
];

const ethernetSpecs: Spec[] = [
  ...interfaceCommonSpecs,
  {
    pattern: ['switchport'], no: 'full',
    run: (ctx, _a, negate) => (negate ? set(ctx, 'no switchport', (l) => l === 'no switchport') : remove(ctx, (l) => l === 'no switchport')),
  },
];

// ---- router ospf ----------------------------------------------------------------------------

/**
 * `redistribute <protocol> [route-map NAME]`: one line per protocol (the route-map form replaces the
 * plain one and back); `no redistribute <protocol>` removes either. EOS accepts a route-map that does
 * not exist yet (nothing is redistributed until it does).
 */
function ospfRedistribute(protocol: string): Spec[] {
  const isIt = (l: string) => l === `redistribute ${protocol}` || l.startsWith(`redistribute ${protocol} `);
  return [
    { pattern: ['redistribute', protocol], no: 'full', run: (ctx, _a, negate) => (negate ? remove(ctx, isIt) : set(ctx, `redistribute ${protocol}`, isIt)) },
    {
      pattern: ['redistribute', protocol, 'route-map', POLICY_NAME], no: 2,
      run: (ctx, [name], negate) => (negate ? remove(ctx, isIt) : set(ctx, `redistribute ${protocol} route-map ${name}`, isIt)),
    },
  ];
}

const ospfSpecs: Spec[] = [
  valued(['router-id'], IPV4),
  {
    pattern: ['network', PREFIX, 'area', AREA], no: 'full',
    run: (ctx, [p, area], negate) => (negate ? remove(ctx, (l) => l === `network ${p} area ${area}`) : set(ctx, `network ${p} area ${area}`, startsWith(`network ${p} `))),
  },
  flag(['passive-interface', 'default']),
  { pattern: ['passive-interface', IFNAME], no: 'full', run: (ctx, [i], negate) => (negate ? remove(ctx, (l) => l === `passive-interface ${i}`) : set(ctx, `passive-interface ${i}`, (l) => l === `passive-interface ${i}`)) },
  ...ospfRedistribute('static'),
  ...ospfRedistribute('connected'),
  ...ospfRedistribute('bgp'),
  {
    pattern: ['default-information', 'originate'], no: 2,
    run: (ctx, _a, negate) => (negate ? remove(ctx, startsWith('default-information ')) : set(ctx, 'default-information originate', startsWith('default-information '))),
  },
  { pattern: ['default-information', 'originate', 'always'], run: (ctx) => set(ctx, 'default-information originate always', startsWith('default-information ')) },
  {
    pattern: ['max-lsa', uint(0, 100000)], no: 1,
    run: (ctx, [n], negate) => set(ctx, `max-lsa ${negate ? 12000 : n}`, startsWith('max-lsa ')),
  },
];

// ---- router bgp -----------------------------------------------------------------------------

function neighborAttr(ctx: ConfigContext, peer: string, attr: string, value: string | undefined, negate: boolean): void {
  const key = `neighbor ${peer} ${attr}`;
  if (negate) remove(ctx, (l) => l === key || l.startsWith(`${key} `));
  else set(ctx, value === undefined ? key : `${key} ${value}`, (l) => l === key || l.startsWith(`${key} `));
}

const bgpSpecs: Spec[] = [
  valued(['router-id'], IPV4),
  valued(['maximum-paths'], uint(1, 600)),
  {
    // `no neighbor X` removes everything about X, in the address families too.
    pattern: ['neighbor', PEER], no: 'full', noOnly: true,
    run: (ctx, [peer]) => {
      const ofPeer = (n: ConfigNode) => n.line.startsWith(`neighbor ${peer} `);
      const bgp = parent(ctx) as ConfigNode;
      removeWhere(bgp.children, ofPeer);
      for (const af of bgp.children.filter((c) => c.line.startsWith('address-family '))) removeWhere(af.children, ofPeer);
    },
  },
  { pattern: ['neighbor', GROUP_NAME, 'peer', 'group'], no: 'full', run: (ctx, [g], negate) => neighborAttr(ctx, g, 'peer group', undefined, negate) },
  { pattern: ['neighbor', IPV4, 'peer', 'group', GROUP_NAME], no: 4, run: (ctx, [p, g], negate) => neighborAttr(ctx, p, 'peer group', g, negate) },
  { pattern: ['neighbor', PEER, 'remote-as', ASN], no: 3, run: (ctx, [p, asn], negate) => neighborAttr(ctx, p, 'remote-as', asn, negate) },
  { pattern: ['neighbor', PEER, 'description', LINE], no: 3, run: (ctx, [p, d], negate) => neighborAttr(ctx, p, 'description', d, negate) },
  // Stored as typed (real EOS prints `password 7 <encrypted>`): secret-bearing text the provider must scrub.
  { pattern: ['neighbor', PEER, 'password', LINE], no: 3, run: (ctx, [p, d], negate) => neighborAttr(ctx, p, 'password', d, negate) },
  { pattern: ['neighbor', PEER, 'maximum-routes', uint(0, 4294967294)], no: 3, run: (ctx, [p, n], negate) => neighborAttr(ctx, p, 'maximum-routes', n, negate) },
  ...bgpPolicySpecs,
  flag(['redistribute', 'connected']),
  flag(['redistribute', 'static']),
  flag(['redistribute', 'ospf']),
  {
    pattern: ['address-family', 'ipv4'], no: 'full',
    run: (ctx, _a, negate) => {
      if (negate) remove(ctx, (l) => l === 'address-family ipv4');
      else ctx.enter('router-bgp-af', ensureChild(parent(ctx), ctx.tree, 'address-family ipv4'));
    },
  },
];

const afSpecs: Spec[] = [
  { pattern: ['neighbor', PEER, 'activate'], no: 'full', run: (ctx, [p], negate) => neighborAttr(ctx, p, 'activate', undefined, negate) },
  { pattern: ['network', PREFIX], no: 'full', run: (ctx, [p], negate) => (negate ? remove(ctx, (l) => l === `network ${p}`) : set(ctx, `network ${p}`, (l) => l === `network ${p}`)) },
];

// Real EOS keywords the double does not model: they only make abbreviations ambiguous as on a switch.
const GLOBAL_SHADOWS: Record<string, string[]> = {
  '': ['aaa', 'alias', 'banner', 'class-map', 'clock', 'daemon', 'dns', 'errdisable', 'event-handler', 'hardware', 'ipv6', 'lldp',
    'load-balance', 'logging', 'mac', 'management', 'mlag', 'monitor', 'mpls', 'ntp', 'policy-map', 'qos', 'queue-monitor',
    'route-map', 'service', 'sflow', 'snmp-server', 'spanning-tree', 'system', 'tacacs-server', 'transceiver', 'username', 'vlan', 'vrf'],
  ip: ['access-list', 'as-path', 'community-list', 'dhcp', 'domain', 'domain-name', 'extcommunity-list', 'host', 'http', 'icmp',
    'igmp', 'multicast-routing', 'name-server', 'pim', 'prefix-list', 'ssh', 'tftp', 'virtual-router'],
  router: ['general', 'igmp', 'isis', 'msdp', 'multicast', 'ospfv3', 'path-selection', 'pim', 'rip', 'traffic-engineering'],
};

const INTERFACE_SHADOWS: Record<string, string[]> = {
  '': ['arp', 'bfd', 'channel-group', 'dot1x', 'error-correction', 'flowcontrol', 'ipv6', 'lacp', 'lldp', 'load-interval', 'logging',
    'mac', 'mpls', 'mtu', 'pim', 'service-policy', 'sflow', 'spanning-tree', 'speed', 'storm-control', 'vrf'],
  ip: ['access-group', 'attached-host', 'dhcp', 'helper-address', 'igmp', 'load-sharing', 'local-proxy-arp', 'multicast', 'nat',
    'pim', 'proxy-arp', 'verify', 'virtual-router'],
  'ip ospf': ['authentication', 'authentication-key', 'bfd', 'cost', 'dead-interval', 'disabled', 'hello-interval',
    'message-digest-key', 'priority', 'retransmit-interval', 'shutdown', 'transmit-delay'],
};

const OSPF_SHADOWS: Record<string, string[]> = {
  '': ['adjacency', 'area', 'auto-cost', 'bfd', 'compatible', 'distance', 'distribute-list', 'dn-bit-ignore', 'graceful-restart',
    'log-adjacency-changes', 'max-metric', 'maximum-paths', 'mpls', 'point-to-point', 'shutdown', 'summary-address', 'timers'],
  redistribute: ['isis', 'ospfv3', 'rip'],
};

const BGP_SHADOWS: Record<string, string[]> = {
  ...BGP_POLICY_SHADOWS,
  '': ['aggregate-address', 'bfd', 'distance', 'graceful-restart', 'graceful-restart-helper', 'ip', 'ipv6', 'monitoring',
    'network', 'shutdown', 'timers', 'ucmp', 'update', 'vlan', 'vlan-aware-bundle', 'vrf'],
  redistribute: ['attached-host', 'dhcp', 'isis', 'rip', 'user'],
  'address-family': ['evpn', 'flow-spec', 'ipv6', 'path-selection', 'rt-membership', 'vpn-ipv4', 'vpn-ipv6'],
};

const AF_SHADOWS: Record<string, string[]> = {
  '': ['bgp', 'graceful-restart', 'redistribute'],
};

export const CONFIG_GRAMMARS = {
  config: new Grammar<ConfigContext>(globalSpecs, GLOBAL_SHADOWS),
  ifEthernet: new Grammar<ConfigContext>(ethernetSpecs, INTERFACE_SHADOWS),
  ifOther: new Grammar<ConfigContext>(interfaceCommonSpecs, { ...INTERFACE_SHADOWS, '': [...INTERFACE_SHADOWS[''], 'switchport'] }),
  'router-ospf': new Grammar<ConfigContext>(ospfSpecs, OSPF_SHADOWS),
  'router-bgp': new Grammar<ConfigContext>(bgpSpecs, BGP_SHADOWS),
  'router-bgp-af': new Grammar<ConfigContext>(afSpecs, AF_SHADOWS),
  'ip-pfx': new Grammar<ConfigContext>(prefixListModeSpecs, PREFIX_LIST_SHADOWS),
  'route-map': new Grammar<ConfigContext>(routeMapModeSpecs, ROUTE_MAP_SHADOWS),
};

export function grammarFor(kind: ConfigModeKind, node: ConfigNode | undefined): Grammar<ConfigContext> {
  if (kind === 'if') return node?.line.startsWith('interface Ethernet') ? CONFIG_GRAMMARS.ifEthernet : CONFIG_GRAMMARS.ifOther;
  return CONFIG_GRAMMARS[kind];
}
