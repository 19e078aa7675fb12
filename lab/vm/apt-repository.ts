// A flat apt repository (`deb [signed-by=KEYRING] URL /`, the layout pkgs.k8s.io serves): Packages,
// Release, InRelease signed by a key of the lab's own, and that key as Release.key, so a node fetches
// and trusts it exactly as it does the Kubernetes project's.

import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { run } from "../exec";

/** A signing key of the lab's, made once in gnupgHome; returns its fingerprint. */
export async function ensureSigningKey(gnupgHome: string): Promise<string> {
  mkdirSync(gnupgHome, { recursive: true, mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: gnupgHome };
  const list = async () =>
    (await run("gpg", ["--batch", "--with-colons", "--list-secret-keys"], { env })).stdout
      .split("\n")
      .filter((line) => line.startsWith("fpr:"))
      .map((line) => line.split(":")[9]);
  const existing = await list().catch(() => []);
  if (existing.length > 0) return existing[0];
  await run("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", "kube-fabric VM lab repository <root@localhost>", "ed25519", "sign", "never"], { env, timeoutMs: 60_000 });
  const made = await list();
  if (made.length === 0) throw new Error(`gpg made no key in ${gnupgHome}`);
  return made[0];
}

/** Writes the repository into dir from the given .deb files (copied in), signed with the key in gnupgHome. */
export async function writeFlatRepository(dir: string, debs: readonly string[], gnupgHome: string, label: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const deb of debs) copyFileSync(deb, join(dir, basename(deb)));
  const env = { ...process.env, GNUPGHOME: gnupgHome };
  const packages = (await run("apt-ftparchive", ["packages", "."], { env, timeoutMs: 120_000, cwd: dir })).stdout;
  writeFileSync(join(dir, "Packages"), packages);
  const release = (
    await run("apt-ftparchive", ["-o", `APT::FTPArchive::Release::Label=${label}`, "-o", `APT::FTPArchive::Release::Origin=${label}`, "release", "."], { env, cwd: dir })
  ).stdout;
  writeFileSync(join(dir, "Release"), release);
  const fingerprint = await ensureSigningKey(gnupgHome);
  await run("gpg", ["--batch", "--yes", "--local-user", fingerprint, "--clearsign", "-o", join(dir, "InRelease"), join(dir, "Release")], { env });
  await run("gpg", ["--batch", "--yes", "--armor", "--export", "-o", join(dir, "Release.key"), fingerprint], { env });
  if (!existsSync(join(dir, "InRelease"))) throw new Error(`${dir}: InRelease was not written`);
}

/** The .deb files of a folder. */
export function debsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".deb"))
    .sort()
    .map((name) => join(dir, name));
}
