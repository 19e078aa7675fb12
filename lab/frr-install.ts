// Makes sure Debian's frr package is present, installing it with apt-get when it is not.
import { existsSync } from "fs";
import { CommandError, run } from "./exec";
import { LabStartError } from "./errors";

export const FRR_DAEMON_DIR = "/usr/lib/frr";
export const VTYSH = "/usr/bin/vtysh";
export const FRR_DAEMONS = ["zebra", "ospfd", "bgpd", "staticd"] as const;
export type FrrDaemon = (typeof FRR_DAEMONS)[number];

const APT_LOCK_PATTERN = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock|is another process using it/i;
const APT_LOCK_RETRY_MS = 5_000;
const APT_LOCK_GIVE_UP_MS = 10 * 60_000;
const INSTALL_FIX = "run `apt-get update && apt-get install -y frr` as root, then retry";

function missingFrrFiles(): string[] {
  return [...FRR_DAEMONS.map((daemon) => `${FRR_DAEMON_DIR}/${daemon}`), VTYSH].filter((path) => !existsSync(path));
}

async function dpkgSaysInstalled(): Promise<boolean> {
  try {
    const { stdout } = await run("dpkg-query", ["-W", "-f=${Status}", "frr"]);
    return stdout.trim() === "install ok installed";
  } catch {
    return false;
  }
}

async function aptInstallFrr(): Promise<void> {
  const giveUpAt = Date.now() + APT_LOCK_GIVE_UP_MS;
  for (;;) {
    try {
      await run("apt-get", ["install", "-y", "--no-install-recommends", "frr"], {
        timeoutMs: APT_LOCK_GIVE_UP_MS,
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      return;
    } catch (error) {
      const locked = error instanceof CommandError && APT_LOCK_PATTERN.test(error.stderr);
      if (!locked || Date.now() > giveUpAt) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new LabStartError("installing frr with apt-get", detail, INSTALL_FIX);
      }
      await new Promise((resolve) => setTimeout(resolve, APT_LOCK_RETRY_MS));
    }
  }
}

let installing: Promise<void> | undefined;

/** Resolves once zebra, ospfd, bgpd, staticd and vtysh exist; installs `frr` if dpkg says it is missing. */
export function ensureFrrInstalled(): Promise<void> {
  installing ??= (async () => {
    if (missingFrrFiles().length === 0) return;
    if (!(await dpkgSaysInstalled())) await aptInstallFrr();
    const stillMissing = missingFrrFiles();
    if (stillMissing.length > 0) {
      throw new LabStartError("checking the frr package", `frr not installed: ${stillMissing.join(", ")} missing`, INSTALL_FIX);
    }
  })().catch((error: unknown) => {
    installing = undefined;
    throw error;
  });
  return installing;
}
