// Host key pinning: the device must present exactly the pinned key blob on every connection.

import { createHash } from "crypto";
import { parseOpenSshPublicKey } from "../../../model/ssh-host-key";
import { HostKeyMismatchError, SshConfigurationError } from "./errors";

/** OpenSSH's fingerprint format: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function sha256Fingerprint(blob: Buffer): string {
  return "SHA256:" + createHash("sha256").update(blob).digest("base64").replace(/=+$/, "");
}

/** The key type named inside a key blob (RFC 4253 §6.6), or "unknown". */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return "unknown";
  const length = blob.readUInt32BE(0);
  if (length > blob.length - 4 || length > 64) return "unknown";
  return blob.subarray(4, 4 + length).toString("latin1");
}

/** Host key algorithms to offer for a pinned key type, so the server presents that key and not another of its keys. */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  return keyType === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [keyType];
}

export interface PinnedHostKey {
  type: string;
  blob: Buffer;
  fingerprint: string;
}

export function parsePinnedHostKey(device: string, hostKey: string): PinnedHostKey {
  const parsed = parseOpenSshPublicKey(hostKey);
  if (!parsed.ok) {
    throw new SshConfigurationError(device, `the pinned hostKey ${parsed.reason} — set it to the device's OpenSSH public host key line`);
  }
  return { type: parsed.type, blob: parsed.blob, fingerprint: sha256Fingerprint(parsed.blob) };
}

/**
 * A host verifier for one connection. ssh2 calls it with the presented key blob; on a mismatch it
 * refuses the key and keeps the error so the connect step reports it (and does not retry).
 */
export class HostKeyCheck {
  private mismatchError: HostKeyMismatchError | null = null;

  constructor(
    private readonly device: string,
    private readonly address: string,
    private readonly pinned: PinnedHostKey,
  ) {}

  readonly verify = (presented: Buffer): boolean => {
    if (Buffer.isBuffer(presented) && presented.equals(this.pinned.blob)) return true;
    const blob = Buffer.isBuffer(presented) ? presented : Buffer.from(String(presented));
    const presentedType = keyTypeOfBlob(blob);
    this.mismatchError = new HostKeyMismatchError({
      device: this.device,
      address: this.address,
      expectedType: this.pinned.type,
      expectedFingerprint: this.pinned.fingerprint,
      presentedType,
      presentedFingerprint: sha256Fingerprint(blob),
      presentedKey: `${presentedType} ${blob.toString("base64")}`,
    });
    return false;
  };

  get mismatch(): HostKeyMismatchError | null {
    return this.mismatchError;
  }
}
