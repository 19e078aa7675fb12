// Start-up files made deliberately slow and noisy for the lab-logins test, only inside a private mount
// namespace (unshare -m + bind mounts over the real paths), so the host's real files are never edited.
// Each file records that it ran (its path, appended to a marker file), prints lines that look like a
// banner, a prompt and a `%` error, then sleeps: whatever logs in through it is late and sees noise.

import { existsSync, mkdirSync, writeFileSync } from "fs";
import { basename, dirname, join } from "path";
import { SYSTEM_SSHRC } from "../../../lab/sshd";

/** In the first and last line every noisy start-up file prints; it may reach nothing a lab login returns. */
export const NOISE_MARK = "kf-noise";
/** Lines every noisy start-up file prints: a banner, two prompts a driver could mistake, a `%` error. */
export const NOISE_LINES = [`${NOISE_MARK}: start-up file ran`, "r1# ", "root@r1:~# ", `% Unknown command: ${NOISE_MARK}`] as const;

/** The host's own start-up files of root and of every POSIX shell; bind-mounted over where they exist. */
export const HOST_STARTUP_FILES = [
  "/root/.bashrc",
  "/root/.profile",
  "/root/.bash_profile",
  "/root/.bash_login",
  "/root/.shrc",
  "/root/.ssh/rc",
  "/etc/profile",
  "/etc/bash.bashrc",
  "/etc/ssh/sshrc",
] as const;

/** Start-up files a shell or sshd could read from the lab login account's home, were it not /bin/sh -c. */
export const ACCOUNT_HOME_STARTUP_FILES = [".profile", ".bashrc", ".bash_profile", ".shrc", ".ssh/rc"] as const;

export function renderNoisyStartupFile(path: string, markerFile: string, sleepSeconds: number): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'"'"'`)}'`;
  return [
    `# kube-fabric test: a slow, noisy stand-in for ${path} (bind-mounted in a private mount namespace only)`,
    `echo ${quote(path)} >> ${quote(markerFile)}`,
    ...NOISE_LINES.map((line) => `printf '%s\\n' ${quote(line)}`),
    `sleep ${sleepSeconds}`,
    "",
  ].join("\n");
}

export interface NoisyMounts {
  /** `[source, target]` pairs to bind-mount, in order. */
  binds: Array<[string, string]>;
  /** Host start-up files that do not exist here (a bind mount needs an existing target). */
  absent: string[];
}

/**
 * Writes a noisy copy of every existing host start-up file and a noisy home for the lab login account
 * into `dir`, and lists the bind mounts that put them in place.
 */
export function prepareNoisyMounts(dir: string, markerFile: string, accountHome: string | null, sleepSeconds: number): NoisyMounts {
  const binds: Array<[string, string]> = [];
  const absent: string[] = [];
  HOST_STARTUP_FILES.forEach((target, index) => {
    if (target === SYSTEM_SSHRC && !existsSync(target) && existsSync(dirname(target))) {
      // Most hosts have none; this one gets one, in a directory of its own mounted over /etc/ssh (the lab's
      // sshd reads nothing else there: its config and host key are its own).
      const etcSsh = join(dir, "etc-ssh");
      mkdirSync(etcSsh);
      writeFileSync(join(etcSsh, basename(target)), renderNoisyStartupFile(target, markerFile, sleepSeconds), { mode: 0o644 });
      binds.push([etcSsh, dirname(target)]);
      return;
    }
    if (!existsSync(target)) {
      absent.push(target);
      return;
    }
    const source = join(dir, `host-${index}`);
    writeFileSync(source, renderNoisyStartupFile(target, markerFile, sleepSeconds), { mode: 0o755 });
    binds.push([source, target]);
  });
  if (accountHome !== null && existsSync(accountHome)) {
    const home = join(dir, "account-home");
    for (const file of ACCOUNT_HOME_STARTUP_FILES) {
      const path = join(home, file);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, renderNoisyStartupFile(join(accountHome, file), markerFile, sleepSeconds), { mode: 0o755 });
    }
    binds.push([home, accountHome]);
  }
  return { binds, absent };
}

/** argv that runs `command` in a private mount namespace with `binds` in place (nothing leaks to the host). */
export function inPrivateMounts(binds: ReadonlyArray<[string, string]>, command: readonly string[]): string[] {
  const script = ['set -eu', 'while [ "$1" != "--" ]; do mount --bind "$1" "$2"; shift 2; done', "shift", 'exec "$@"'].join("\n");
  return ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script, "kf-private-mounts", ...binds.flat(), "--", ...command];
}
