// Durations as EOS and FRR print them: "02:49:40", "79d05h", "1d02h03m", "5w0d01h", "38.779s", "1m04s".

const CLOCK = /^(\d+):(\d{2}):(\d{2})$/;
const UNITS = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/**
 * Seconds for a duration token; "never" for a session that was never up; undefined when the
 * token is not a duration at all (the caller treats that row as garbage).
 */
export function durationSeconds(text: string): number | "never" | undefined {
  if (text === "never") return "never";
  const clock = CLOCK.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = UNITS.exec(text);
  if (!units || text === "") return undefined;
  const [, w, d, h, m, s] = units;
  const seconds = Number(w ?? 0) * 604800 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return Math.round(seconds * 1000) / 1000;
}
