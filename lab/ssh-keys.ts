// Fresh ed25519 key pairs made with ssh-keygen, as sshd and OpenSSH clients expect them.
import { readFileSync } from "fs";
import { run } from "./exec";

export interface SshKeyPair {
  /** Path of the private key file (the public key is next to it, with `.pub`). */
  path: string;
  /** OpenSSH private key text (`-----BEGIN OPENSSH PRIVATE KEY-----`), unencrypted. */
  privateKey: string;
  /** OpenSSH public key line without comment: `ssh-ed25519 AAAA...`. */
  publicKey: string;
}

/** Creates a new unencrypted ed25519 key pair at `path` (file mode 0600). */
export async function generateEd25519KeyPair(path: string, comment: string): Promise<SshKeyPair> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]);
  const [type, base64] = readFileSync(`${path}.pub`, "utf8").trim().split(/\s+/);
  return { path, privateKey: readFileSync(path, "utf8"), publicKey: `${type} ${base64}` };
}

/** The raw SSH wire-format key blob of an OpenSSH public key line, as ssh2's hostVerifier receives it. */
export function publicKeyBlob(publicKey: string): Buffer {
  const base64 = publicKey.trim().split(/\s+/)[1];
  if (!base64) throw new Error(`not an OpenSSH public key line: "${publicKey}"`);
  return Buffer.from(base64, "base64");
}
