// Names of our EOS configuration sessions (`kf-<resource>-<random>`) and which of them are stale.

import { randomBytes } from "crypto";

export const OUR_SESSION_PREFIX = "kf-";

/** A fresh session name: our prefix, the resource's short id, 6 random hex digits. */
export function newSessionName(resourceShortId: string): string {
  const id = resourceShortId.replace(/[^A-Za-z0-9]/g, "").slice(0, 12) || "res";
  return `${OUR_SESSION_PREFIX}${id}-${randomBytes(3).toString("hex")}`;
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

/** Our sessions that were never committed: left behind by an operation that died mid-way. */
export function staleSessionsOfOurs(rows: readonly ConfigSessionRow[], current: string | null = null): string[] {
  return rows
    .filter((row) => row.name.startsWith(OUR_SESSION_PREFIX) && row.state.toLowerCase() === "pending" && row.name !== current)
    .map((row) => row.name);
}

/** `commit timer` takes hh:mm:ss. */
export function commitTimerArgument(seconds: number): string {
  const whole = Math.max(1, Math.floor(seconds));
  const hh = Math.floor(whole / 3600);
  const mm = Math.floor((whole % 3600) / 60);
  const ss = whole % 60;
  return [hh, mm, ss].map((n) => String(n).padStart(2, "0")).join(":");
}
