// Text and `| json` renderings of the show commands the double answers.

import { ConfigNode, renderConfigBody } from './config-tree';
import { EosDevice } from './device';

export interface ShowVersionJson {
  mfgName: string;
  modelName: string;
  hardwareRevision: string;
  serialNumber: string;
  systemMacAddress: string;
  version: string;
  architecture: string;
  internalVersion: string;
  imageFormatVersion: string;
  uptime: number;
  bootupTimestamp: number;
  memTotal: number;
  memFree: number;
  isIntlVersion: boolean;
}

export function showVersionJson(device: EosDevice): ShowVersionJson {
  const v = device.settings.eosVersion;
  return {
    mfgName: 'Arista', modelName: device.settings.modelName, hardwareRevision: '', serialNumber: '',
    systemMacAddress: '50:52:0b:00:6d:00', version: v, architecture: 'x86_64', internalVersion: `${v}-00000000.${v.replace(/\./g, '')}`,
    imageFormatVersion: '1.0', uptime: (Date.now() - device.bootedAt) / 1000, bootupTimestamp: device.bootedAt / 1000,
    memTotal: 3999784, memFree: 2456224, isIntlVersion: false,
  };
}

export function showVersionText(device: EosDevice): string[] {
  const j = showVersionJson(device);
  const minutes = Math.floor(j.uptime / 60);
  return [
    `Arista ${j.modelName}`, 'Hardware version: ', 'Serial number: ', 'Hardware MAC address: 5052.0b00.6d00',
    'System MAC address: 5052.0b00.6d00', '', `Software image version: ${j.version}`, `Architecture: ${j.architecture}`,
    `Internal build version: ${j.internalVersion}`, `Image format version: ${j.imageFormatVersion}`, '',
    `Uptime: 0 weeks, 0 days, ${Math.floor(minutes / 60)} hours and ${minutes % 60} minutes`,
    `Total memory: ${j.memTotal} kB`, `Free memory: ${j.memFree} kB`,
  ];
}

type JsonCmds = { [line: string]: JsonBlock | null };
interface JsonBlock { comments: string[]; cmds: JsonCmds }

function toJsonCmds(nodes: ConfigNode[]): JsonCmds {
  const cmds: JsonCmds = {};
  for (const n of nodes) cmds[n.line] = n.children.length === 0 ? null : { comments: [], cmds: toJsonCmds(n.children) };
  return cmds;
}

/** `show running-config | json`: EOS's nested `cmds` model. */
export function runningConfigJson(device: EosDevice): { cmds: JsonCmds; header: string[] } {
  const header = device.configFileLines([]).filter((l) => l.startsWith('! ') && l !== '!');
  return { cmds: toJsonCmds(device.running), header };
}

/** `section REGEX`: the blocks whose line, or a descendant's, matches; with their parents. */
export function sectionFilter(nodes: ConfigNode[], regex: RegExp): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const node of nodes) {
    if (regex.test(node.line)) out.push(node);
    else {
      const children = sectionFilter(node.children, regex);
      if (children.length > 0) out.push({ line: node.line, children });
    }
  }
  return out;
}

export function renderSection(nodes: ConfigNode[]): string[] {
  return nodes.length === 0 ? [] : renderConfigBody(nodes);
}

function table(headers: string[], rows: string[][], marks: string[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' ').trimEnd();
  return [`  ${fmt(headers)}`, `  ${widths.map((w) => '-'.repeat(w)).join(' ')}`, ...rows.map((r, i) => `${marks[i]} ${fmt(r)}`)];
}

function timeLeft(commitBy: number | undefined): string {
  if (commitBy === undefined) return '';
  const s = Math.max(0, Math.round((commitBy - Date.now()) / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function showSessionsText(device: EosDevice, detail: boolean, current: string | undefined): string[] {
  const sessions = [...device.sessions.values()];
  const head = [
    `Maximum number of completed sessions: ${device.settings.maxCompletedSessions}`,
    `Maximum number of pending sessions: ${device.settings.maxPendingSessions}`, '',
  ];
  if (sessions.length === 0) return head.slice(0, 2);
  const marks = sessions.map((s) => (s.name === current ? '*' : ' '));
  if (!detail) return [...head, ...table(['Name', 'State', 'User', 'Terminal'], sessions.map((s) => [s.name, s.state, s.user, s.terminal]), marks)];
  return [...head, ...table(
    ['Name', 'State', 'User', 'Terminal', 'Commit Time Left', 'Completed Time', 'Committed By'],
    sessions.map((s) => [s.name, s.state, s.user, s.terminal, timeLeft(s.commitBy),
      s.completedAt ? s.completedAt.toISOString().replace('T', ' ').slice(0, 19) : '', s.committedBy ?? '']),
    marks,
  )];
}

export function showSessionsJson(device: EosDevice, detail: boolean): object {
  const uptimeNow = (Date.now() - device.bootedAt) / 1000;
  const sessions: Record<string, object> = {};
  for (const s of device.sessions.values()) {
    sessions[s.name] = {
      state: s.state, user: s.user, terminal: s.terminal,
      ...(detail && s.commitBy !== undefined ? { commitBy: uptimeNow + (s.commitBy - Date.now()) / 1000 } : {}),
      ...(s.completedAt ? { completedTime: s.completedAt.getTime() / 1000 } : {}),
    };
  }
  return { maxSavedSessions: device.settings.maxCompletedSessions, maxOpenSessions: device.settings.maxPendingSessions, sessions };
}
