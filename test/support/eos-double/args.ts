// Argument types of the double's CLI grammar. Each one checks a token (or two, for
// `ethernet 2`) and returns the value in EOS's canonical form.

export interface CommandTokens {
  words: string[];
  starts: number[];
  raw: string;
}

export type ArgMatch = { kind: 'ok'; consumed: number; value: string } | { kind: 'no' } | { kind: 'partial' };

export interface ArgType {
  name: string;
  match(tokens: CommandTokens, at: number): ArgMatch;
}

export function tokenize(raw: string): CommandTokens {
  const words: string[] = [];
  const starts: number[] = [];
  const re = /\S+/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    words.push(m[0]);
    starts.push(m.index);
  }
  return { words, starts, raw };
}

function single(name: string, check: (word: string) => string | undefined): ArgType {
  return {
    name,
    match(tokens, at) {
      const value = check(tokens.words[at]);
      return value === undefined ? { kind: 'no' } : { kind: 'ok', consumed: 1, value };
    },
  };
}

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** `A.B.C.D/L` → [address, length], or undefined. */
export function parseAddrLen(text: string): [number, number] | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const addr = parseIpv4(m[1]);
  const len = Number(m[2]);
  return addr === undefined || len > 32 ? undefined : [addr, len];
}

export const IPV4 = single('A.B.C.D', (w) => (parseIpv4(w) === undefined ? undefined : formatIpv4(parseIpv4(w) as number)));

export const MASK = single('netmask', (w) => {
  const v = parseIpv4(w);
  if (v === undefined) return undefined;
  const len = 32 - Math.log2(((~v) >>> 0) + 1);
  return Number.isInteger(len) ? String(len) : undefined;
});

/** An interface address: host bits allowed, as in `ip address 10.0.11.0/31`. */
export const ADDRLEN = single('A.B.C.D/M', (w) => {
  const p = parseAddrLen(w);
  return p && p[1] > 0 ? `${formatIpv4(p[0])}/${p[1]}` : undefined;
});

/** A prefix; EOS stores it with the host bits cleared. */
export const PREFIX = single('A.B.C.D/M', (w) => {
  const p = parseAddrLen(w);
  return p ? `${formatIpv4((p[0] & maskOf(p[1])) >>> 0)}/${p[1]}` : undefined;
});

export function uint(min: number, max: number): ArgType {
  return single(`<${min}-${max}>`, (w) => {
    if (!/^\d+$/.test(w)) return undefined;
    const n = Number(w);
    return n >= min && n <= max ? String(n) : undefined;
  });
}

export const ASN = uint(1, 4294967295);

/** OSPF area as a number or dotted quad; EOS prints it dotted. */
export const AREA = single('<0-4294967295> | A.B.C.D', (w) => {
  if (/^\d+$/.test(w) && Number(w) <= 4294967295) return formatIpv4(Number(w));
  const dotted = parseIpv4(w);
  return dotted === undefined ? undefined : formatIpv4(dotted);
});

export const WORD = single('WORD', (w) => (/^[\x21-\x7e]+$/.test(w) ? w : undefined));

export const HOSTNAME = single('WORD', (w) => (/^[A-Za-z0-9][\w.-]*$/.test(w) ? w : undefined));

/** A peer-group name: a word that is not an address. */
export const GROUP_NAME = single('WORD', (w) => (/^[A-Za-z_][\w.-]*$/.test(w) ? w : undefined));

/** A BGP neighbor: an IPv4 address, or a peer group defined in this BGP instance. */
export const PEER: ArgType = {
  name: 'A.B.C.D | WORD',
  match: (t, at) => {
    const ip = IPV4.match(t, at);
    return ip.kind === 'ok' ? ip : GROUP_NAME.match(t, at);
  },
};

/** The name of a prefix-list or route-map. */
export const POLICY_NAME = single('WORD', (w) => (/^[A-Za-z0-9_][\w.:-]*$/.test(w) ? w : undefined));

/** The rest of the line, spacing kept (descriptions). */
export const LINE: ArgType = {
  name: 'LINE',
  match(tokens, at) {
    const value = tokens.raw.slice(tokens.starts[at]).trimEnd();
    return { kind: 'ok', consumed: tokens.words.length - at, value };
  },
};

export const HHMMSS = single('hh:mm:ss', (w) => {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(w);
  if (!m || Number(m[2]) > 59 || Number(m[3]) > 59) return undefined;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) > 0 ? w : undefined;
});

const INTERFACE_TYPES: Array<{ name: string; max: number }> = [
  { name: 'Ethernet', max: 1024 },
  { name: 'Loopback', max: 8191 },
  { name: 'Management', max: 9 },
];

export const INTERFACE_SHORT: Record<string, string> = {
  Ethernet: 'Et', Loopback: 'Lo', Management: 'Ma', 'Port-Channel': 'Po', Vlan: 'Vl', Tunnel: 'Tu', Vxlan: 'Vx',
};

function interfaceType(word: string): { name: string; max: number } | undefined {
  const lower = word.toLowerCase();
  const hits = INTERFACE_TYPES.filter((t) => t.name.toLowerCase().startsWith(lower));
  return hits.length === 1 ? hits[0] : undefined;
}

function interfaceNumber(type: { name: string; max: number }, text: string): string | undefined {
  const valid = type.name === 'Ethernet' ? /^\d+(\/\d+){0,2}$/ : /^\d+$/;
  if (!valid.test(text)) return undefined;
  const parts = text.split('/').map(Number);
  if (parts[0] > type.max || (type.name === 'Ethernet' && parts.some((p) => p < 1))) return undefined;
  return parts.join('/');
}

/** `Ethernet2`, `Et2`, `ethernet 2`, `Loopback0`, `Management1` → canonical name. */
export const IFNAME: ArgType = {
  name: 'interface',
  match(tokens, at) {
    const word = tokens.words[at];
    const joined = /^([A-Za-z-]+)(\d.*)$/.exec(word);
    if (joined) {
      const type = interfaceType(joined[1]);
      const num = type && interfaceNumber(type, joined[2]);
      return type && num ? { kind: 'ok', consumed: 1, value: type.name + num } : { kind: 'no' };
    }
    const type = /^[A-Za-z-]+$/.test(word) ? interfaceType(word) : undefined;
    if (!type) return { kind: 'no' };
    if (at + 1 >= tokens.words.length) return { kind: 'partial' };
    const num = interfaceNumber(type, tokens.words[at + 1]);
    return num ? { kind: 'ok', consumed: 2, value: type.name + num } : { kind: 'no' };
  },
};

export function shortInterfaceName(name: string): string {
  const m = /^([A-Za-z-]+)(.*)$/.exec(name);
  return m ? (INTERFACE_SHORT[m[1]] ?? m[1]) + m[2] : name;
}
