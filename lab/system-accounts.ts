// Looks up the frr user and groups the Debian package creates; the lab hands its files to them.
import { run } from "./exec";

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
