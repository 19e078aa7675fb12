// Secrets (passwords, private keys, passphrases, and device lines that hold one) must never reach a log, an
// error, a diff or an output. Every message that leaves the SSH edge goes through a scrubber that knows the
// secrets of that operation and hides what follows a secret-bearing keyword in device text.

const REDACTED = "[secret]";
/** PEM and OpenSSH private key blocks, even ones we were not told about. */
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
/** Secrets shorter than this are still scrubbed, but only as whole words, so "a" does not eat every "a". */
const SHORT_SECRET = 4;

/**
 * Device text that can hold a secret: the rest of a line after `password`, `secret`, `community` or a word
 * ending in `key` (`key 7 …`, `authentication-key`, `message-digest-key`), as in `enable secret …`,
 * `neighbor X password 7 …`, `snmp-server community …`. What the device prints there, encrypted or not,
 * never reaches state, logs or errors.
 */
const SECRET_BEARING = /(^|[\s])((?:[A-Za-z-]*password|[A-Za-z-]*secret|[A-Za-z-]*key|community)(?:\s+))\S.*$/gim;

/** `text` with whatever follows a secret-bearing keyword on each line hidden. */
export function scrubDeviceText(text: string): string {
  return text.replace(SECRET_BEARING, (_all, lead: string, keyword: string) => `${lead}${keyword}${REDACTED}`);
}

/** True when a line carries a value scrubDeviceText would hide. */
export function holdsSecret(line: string): boolean {
  return scrubDeviceText(line) !== line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class SecretScrubber {
  private readonly patterns: RegExp[];

  constructor(secrets: ReadonlyArray<string | undefined | null>) {
    const values = new Set<string>();
    for (const secret of secrets) {
      if (!secret) continue;
      values.add(secret);
      // A multi-line secret (a private key) may surface line by line, e.g. in a parser error.
      for (const line of secret.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed.length >= 16) values.add(trimmed);
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.patterns = [...values]
      .sort((a, b) => b.length - a.length)
      .map((value) =>
        value.length < SHORT_SECRET ? new RegExp(`(?<![\\w])${escapeRegExp(value)}(?![\\w])`, "g") : new RegExp(escapeRegExp(value), "g"),
      );
  }

  scrub(text: string): string {
    let result = text.replace(PRIVATE_KEY_BLOCK, REDACTED);
    for (const pattern of this.patterns) result = result.replace(pattern, REDACTED);
    return result;
  }

  /** The same error (class kept) with its message, stack and string fields scrubbed. */
  scrubError(error: unknown): Error {
    if (!(error instanceof Error)) return new Error(this.scrub(String(error)));
    const fields = error as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(error)) {
      const value = fields[key];
      if (typeof value === "string") fields[key] = this.scrub(value);
    }
    return error;
  }
}
