// The host accounts the lab relies on: the frr user and groups the Debian package creates (the lab hands
// its files to them), and the lab's own login account that scripts/setup.sh creates (every lab SSH login
// runs as it).
import { existsSync, statSync } from "fs";
import { LabStartError } from "./errors";
import { CommandError, run } from "./exec";

export interface FrrAccounts {
  /** uid/gid the daemons drop to (`-u frr -g frr`). */
  frrUid: number;
  frrGid: number;
  /** Group that may talk to the daemons' vty sockets (vtysh clients). */
  vtyGid: number;
}

async function getentField(database: "passwd" | "group", key: string, field: number): Promise<number> {
  const { stdout } = await run("getent", [database, key]);
  const value = Number(stdout.trim().split(":")[field]);
  if (!Number.isInteger(value)) throw new Error(`getent ${database} ${key} returned "${stdout.trim()}"`);
  return value;
}

let cached: Promise<FrrAccounts> | undefined;

export function frrAccounts(): Promise<FrrAccounts> {
  cached ??= (async () => ({
    frrUid: await getentField("passwd", "frr", 2),
    frrGid: await getentField("group", "frr", 2),
    vtyGid: await getentField("group", "frrvty", 2),
  }))().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/**
 * The account every lab SSH login (FRR routers, the engine tier's command host) runs as, instead of root.
 * sshd runs even a ForceCommand through the account's login shell, and bash started by sshd sources
 * ~/.bashrc: as root, the host's own dotfiles (pyenv, conda, nvm, banners) would run on every lab login,
 * slowing it or printing into what the driver reads. This account is uid 0 (sessions enter network
 * namespaces), has its own empty home and /bin/sh as shell: `sh -c <login script>` reads no start-up
 * file. scripts/setup.sh creates it; the lab only checks it.
 */
export const LAB_LOGIN_ACCOUNT = {
  name: "kube-fabric-lab",
  home: "/var/lib/kube-fabric-lab",
  shell: "/bin/sh",
} as const;

const SETUP_FIX = "run `sh scripts/setup.sh` as root: it creates the account (and changes no other account)";

/** What is wrong with the lab login account given its `getent passwd` line (undefined: no such account), or undefined. */
export function labLoginAccountProblem(passwdLine: string | undefined): string | undefined {
  const { name, home, shell } = LAB_LOGIN_ACCOUNT;
  if (passwdLine === undefined || passwdLine.trim() === "") return `there is no account ${name}`;
  const [, , uid, gid, , actualHome, actualShell] = passwdLine.trim().split(":");
  const wrong: string[] = [];
  if (uid !== "0") wrong.push(`uid is ${uid}, must be 0 (its sessions enter network namespaces)`);
  if (gid !== "0") wrong.push(`gid is ${gid}, must be 0`);
  if (actualHome !== home) wrong.push(`home is ${actualHome}, must be ${home}`);
  if (actualShell !== shell) wrong.push(`shell is ${actualShell}, must be ${shell} (it reads no start-up file for \`sh -c\`)`);
  return wrong.length > 0 ? `account ${name}: ${wrong.join("; ")}` : undefined;
}

async function passwdLineOf(name: string): Promise<string | undefined> {
  try {
    return (await run("getent", ["passwd", name])).stdout;
  } catch (error) {
    // getent exits 2 for a key it does not know.
    if (error instanceof CommandError && error.exitCode === 2) return undefined;
    throw error;
  }
}

let accountChecked: Promise<string> | undefined;

/** The lab login account's name, once it is as setup creates it; LabStartError naming the fix otherwise. */
export function labLoginAccount(): Promise<string> {
  accountChecked ??= (async () => {
    const problem = labLoginAccountProblem(await passwdLineOf(LAB_LOGIN_ACCOUNT.name));
    if (problem !== undefined) throw new LabStartError("checking the lab login account", problem, SETUP_FIX);
    // sshd prints "Could not chdir to home directory" into the session when the home is missing.
    if (!existsSync(LAB_LOGIN_ACCOUNT.home) || !statSync(LAB_LOGIN_ACCOUNT.home).isDirectory()) {
      throw new LabStartError("checking the lab login account", `its home ${LAB_LOGIN_ACCOUNT.home} is missing`, SETUP_FIX);
    }
    return LAB_LOGIN_ACCOUNT.name;
  })().catch((error: unknown) => {
    accountChecked = undefined;
    throw error;
  });
  return accountChecked;
}
