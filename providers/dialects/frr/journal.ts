// FRR applies each line as it is typed, so a change cut off half-way (SSH dropped, a command timed out)
// cannot be undone in that session. Before a change, the driver writes on the router what undoes it: an
// inert route-map `kube-fabric-journal-<id>` whose descriptions are the rollback lines, and a header entry
// (typed last) with a digest of the running config before the change. A completed change removes the
// journal; the next operation that finds one types its lines, checks the digest and removes it. Pure.

import { createHash } from "crypto";

const PREFIX = "kube-fabric-journal-";

export function journalName(resourceShortId: string): string {
  return `${PREFIX}${resourceShortId}`;
}

/** A digest of a `show running-config`, blind to blank lines, `!` separators and trailing spaces. */
export function configDigest(runningText: string): string {
  const lines = runningText.split("\n").map((line) => line.trimEnd()).filter((line) => line !== "" && line !== "!");
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}

/** The lines (typed from the top of config mode) that write the journal of a change. Header last. */
export function journalLines(resourceShortId: string, runningBefore: string, rollback: readonly string[]): string[] {
  const name = journalName(resourceShortId);
  const entry = (seq: number, text: string) => [`route-map ${name} deny ${seq}`, `description ${text}`, "exit"];
  return [
    ...rollback.flatMap((line, i) => entry(10 + i, line)),
    ...entry(1, `kube-fabric change in progress: running-config ${configDigest(runningBefore)} before it, ${rollback.length} lines undo it`),
  ];
}

export interface Journal {
  /** The header was written: every undo line is there. Without it, the change itself never started. */
  complete: boolean;
  digestBefore: string | null;
  rollback: string[];
}

/** The running config without this resource's journal blocks (what the digest is compared with). */
export function withoutJournal(runningText: string, resourceShortId: string): string {
  const head = `route-map ${journalName(resourceShortId)} `;
  const out: string[] = [];
  let inside = false;
  for (const line of runningText.split("\n")) {
    if (line.startsWith(head)) inside = true;
    if (!inside) out.push(line);
    else if (line.trim() === "exit") inside = false;
  }
  return out.join("\n");
}

/** This resource's journal in a `show running-config`, or null when there is none. */
export function readJournal(runningText: string, resourceShortId: string): Journal | null {
  const head = new RegExp(`^route-map ${journalName(resourceShortId)} deny (\\d+)$`);
  const entries = new Map<number, string>();
  let seq: number | null = null;
  for (const line of runningText.split("\n")) {
    const match = head.exec(line.trimEnd());
    if (match) {
      seq = Number(match[1]);
      entries.set(seq, "");
      continue;
    }
    const description = /^\s+description (.*)$/.exec(line);
    if (seq !== null && description) entries.set(seq, description[1].trimEnd());
    if (line.trim() === "exit" || /^\S/.test(line)) seq = null;
  }
  if (entries.size === 0) return null;
  const header = /running-config ([0-9a-f]{16}) before it/.exec(entries.get(1) ?? "");
  const rollback = [...entries.entries()].filter(([n]) => n >= 10).sort(([a], [b]) => a - b).map(([, text]) => text);
  return { complete: header !== null, digestBefore: header ? header[1] : null, rollback };
}
