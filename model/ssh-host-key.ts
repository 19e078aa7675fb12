// Pinned host keys must be real OpenSSH public keys: "<type> <base64 blob> [comment]",
// where the blob starts with the same type string (RFC 4253 §6.6).

const KEY_TYPES = new Set([
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-rsa",
]);

/** `key` is "<type> <base64>", the comment dropped: what the program pins and compares. */
export type HostKeyCheck = { ok: true; type: string; blob: Buffer; key: string } | { ok: false; reason: string };

export function parseOpenSshPublicKey(text: string): HostKeyCheck {
  if (/[\r\n]/.test(text)) return { ok: false, reason: "spans more than one line" };
  const fields = text.trim().split(/\s+/);
  if (fields.length < 2) return { ok: false, reason: "is not '<type> <base64-key>'" };
  const [type, encoded] = fields;
  const comment = text.trim().slice(text.trim().indexOf(encoded) + encoded.length);
  if (/[^\x20-\x7e]/.test(comment)) {
    return { ok: false, reason: "has a comment with a control or non-ASCII character after the key" };
  }
  if (!KEY_TYPES.has(type)) {
    return { ok: false, reason: `has key type '${type}', expected one of ${[...KEY_TYPES].join(", ")}` };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return { ok: false, reason: "has a key part that is not base64" };
  }
  const blob = Buffer.from(encoded, "base64");
  if (blob.length < 4) return { ok: false, reason: "has a key part that is too short" };
  const nameLength = blob.readUInt32BE(0);
  if (nameLength > blob.length - 4 || blob.subarray(4, 4 + nameLength).toString("latin1") !== type) {
    return { ok: false, reason: `has a key part that does not encode a ${type} key` };
  }
  if (type === "ssh-ed25519" && blob.length !== 4 + nameLength + 4 + 32) {
    return { ok: false, reason: "has an ed25519 key of the wrong length" };
  }
  return { ok: true, type, blob, key: `${type} ${encoded}` };
}
