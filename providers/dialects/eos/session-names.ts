// Names of our EOS configuration sessions (`kf-<resource>-<start>-<random>`), and what a run does about the
// sessions it finds: remove provably stale ones of ours, settle its own unconfirmed commit timer, and stop when
// another run is at work.

import { randomBytes } from "crypto";

export const OUR_SESSION_PREFIX = "kf-";

/** An uncommitted session of ours older than this was left by a run that died: removed. Younger: a run is busy. */
export const STALE_SESSION_MS = 15 * 60 * 1000;

/**
 * A fresh session name: our prefix, the resource's short id, when it started (seconds, base 36) and 4
 * random hex digits, e.g. `kf-1a2b3c4d-t4xk2q-9f3e`. The start time is what proves a session stale.
 */
export function newSessionName(resourceShortId: string, now: number = Date.now()): string {
  const id = resourceShortId.replace(/[^A-Za-z0-9]/g, "").slice(0, 12) || "res";
  return `${OUR_SESSION_PREFIX}${id}-${Math.floor(now / 1000).toString(36)}-${randomBytes(2).toString("hex")}`;
}

/** The resource and start time a session name of ours carries; null for any other name (older kf- names too). */
export function parseSessionName(name: string): { resourceShortId: string; startedAt: number } | null {
  const match = /^kf-([A-Za-z0-9]{1,12})-([0-9a-z]{5,8})-([0-9a-f]{4})$/.exec(name);
  if (!match) return null;
  return { resourceShortId: match[1], startedAt: parseInt(match[2], 36) * 1000 };
}

export interface ConfigSessionRow {
  name: string;
  state: string;
}

/**
 * Rows of `show configuration sessions [detail]`:
 *
 *     Name          State         User    Terminal
 *     ------------- ------------- ------- --------
 *   * kf-ab12-3f9a  pending       admin   vty5
 *     sess-1-2      completed
 */
export function parseConfigSessions(output: string): ConfigSessionRow[] {
  const rows: ConfigSessionRow[] = [];
  let inTable = false;
  for (const line of output.split("\n")) {
    if (/^[\s*-]*-{3,}[\s-]*$/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    const m = /^\s*\*?\s*(\S+)\s+(\S+)/.exec(line);
    if (m) rows.push({ name: m[1], state: m[2] });
  }
  return rows;
}

/** What a run must do about the configuration sessions it finds before it changes anything. */
export interface SessionTriage {
  /** Ours, uncommitted and older than STALE_SESSION_MS: left by a run that died. Removed. */
  stale: string[];
  /** This resource's, committed with a timer that was never confirmed: read back, then confirmed or aborted. */
  unconfirmed: string[];
  /** This resource's, uncommitted: an interrupted run of it (the stack's lock lets one run change a resource). Removed. */
  interrupted: string[];
  /** Another run's, open now (uncommitted or under a timer, younger than STALE_SESSION_MS): the device is busy. */
  busy: Array<{ name: string; state: string; ageSeconds: number }>;
  /** kf- sessions whose age cannot be proved (an older naming): left alone. */
  unprovable: string[];
}

export function triageSessions(rows: readonly ConfigSessionRow[], resourceShortId: string, now: number = Date.now()): SessionTriage {
  const triage: SessionTriage = { stale: [], unconfirmed: [], interrupted: [], busy: [], unprovable: [] };
  const self = resourceShortId.replace(/[^A-Za-z0-9]/g, "").slice(0, 12) || "res";
  for (const row of rows) {
    const state = row.state.toLowerCase();
    if (!row.name.startsWith(OUR_SESSION_PREFIX) || state === "completed") continue;
    const ours = parseSessionName(row.name);
    if (!ours) {
      triage.unprovable.push(row.name);
      continue;
    }
    const age = now - ours.startedAt;
    const mine = ours.resourceShortId === self;
    if (state === "pendingcommittimer" && mine) triage.unconfirmed.push(row.name);
    else if (state === "pending" && mine) triage.interrupted.push(row.name);
    else if (age < STALE_SESSION_MS) triage.busy.push({ name: row.name, state: row.state, ageSeconds: Math.max(0, Math.round(age / 1000)) });
    else if (state === "pending") triage.stale.push(row.name);
    // An old session under another resource's timer: EOS rolls it back when its timer ends.
  }
  return triage;
}

/** `commit timer` takes hh:mm:ss. */
export function commitTimerArgument(seconds: number): string {
  const whole = Math.max(1, Math.floor(seconds));
  const hh = Math.floor(whole / 3600);
  const mm = Math.floor((whole % 3600) / 60);
  const ss = whole % 60;
  return [hh, mm, ss].map((n) => String(n).padStart(2, "0")).join(":");
}
