// Continuous pings inside a lab namespace (iputils ping -D -O, every 10 ms by default), read back
// per packet: when it was sent (first line naming its icmp_seq) and whether a reply came. Loss is
// then counted per time window (a migration step) with lostIn().
import { readFileSync } from "fs";
import { signalIfAlive, spawnTracked, stopTracked, TrackedProcess } from "./processes";

export const PING = "/usr/bin/ping";

export interface PingPacket {
  seq: number;
  /** Epoch seconds of the first line naming this packet (its reply, or "no answer yet" right after it was sent). */
  at: number;
  replied: boolean;
}

export interface PingWindowCount {
  sent: number;
  lost: number;
  /** seq numbers lost, for the report (first 20). */
  lostSeqs: number[];
}

export interface PingStream {
  readonly label: string;
  readonly process: TrackedProcess;
  /** Stops the ping (SIGINT, so it flushes its output) and returns every packet it sent. */
  stop(): Promise<PingPacket[]>;
}

/** Parses ping -D -O output into packets; a seq never named gets the time of the previous one. */
export function parsePingOutput(text: string): PingPacket[] {
  const first = new Map<number, number>();
  const replied = new Set<number>();
  for (const line of text.split("\n")) {
    const match = /^\[(\d+\.\d+)\] (.*)icmp_seq=(\d+)/.exec(line);
    if (!match) continue;
    const at = Number(match[1]);
    const seq = Number(match[3]);
    if (!first.has(seq)) first.set(seq, at);
    if (/ bytes from /.test(match[2])) replied.add(seq);
  }
  const maxSeq = Math.max(0, ...first.keys());
  const packets: PingPacket[] = [];
  let last = first.get(1) ?? 0;
  for (let seq = 1; seq <= maxSeq; seq++) {
    last = first.get(seq) ?? last;
    packets.push({ seq, at: last, replied: replied.has(seq) });
  }
  return packets;
}

/** Packets sent in [from, to) epoch seconds: how many, how many never answered. */
export function lostIn(packets: readonly PingPacket[], from: number, to: number): PingWindowCount {
  const inWindow = packets.filter((p) => p.at >= from && p.at < to);
  const lost = inWindow.filter((p) => !p.replied);
  return { sent: inWindow.length, lost: lost.length, lostSeqs: lost.slice(0, 20).map((p) => p.seq) };
}

/**
 * Packets of [from, to) lost while the path was there: unanswered packets between the window's first
 * and last answered one. For a flow whose path a move creates (client → pods on the way to tor) or
 * withdraws by design (the way back to overlay, where the leaves no longer carry pod blocks): what
 * is lost before the path first works, or after it last worked, is not a loss of the move.
 */
export function lostWhileReachable(packets: readonly PingPacket[], from: number, to: number): PingWindowCount {
  const inWindow = packets.filter((p) => p.at >= from && p.at < to);
  const first = inWindow.findIndex((p) => p.replied);
  const last = inWindow.map((p) => p.replied).lastIndexOf(true);
  const between = first < 0 ? [] : inWindow.slice(first, last + 1);
  const lost = between.filter((p) => !p.replied);
  return { sent: between.length, lost: lost.length, lostSeqs: lost.slice(0, 20).map((p) => p.seq) };
}

export async function startPing(label: string, namespace: string, target: string, logFile: string, intervalSeconds = 0.01): Promise<PingStream> {
  const proc = await spawnTracked(label, "ip", ["netns", "exec", namespace, PING, "-D", "-O", "-n", "-i", String(intervalSeconds), target], logFile);
  return {
    label,
    process: proc,
    async stop() {
      signalIfAlive(proc.pid, "SIGINT");
      await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      await stopTracked(proc);
      return parsePingOutput(readFileSync(logFile, "utf8"));
    },
  };
}
