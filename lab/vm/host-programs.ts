// Files and programs of this (Debian) machine for an image's layer: a program with the shared
// libraries it loads (as ldd resolves them), and iptables under every name Felix and kube-proxy call.

import { existsSync, readFileSync, realpathSync, statSync } from "fs";
import { run } from "../exec";
import { TarEntry } from "./tar-writer";

/** The mode the file has here: the dynamic loader must stay executable (the kernel refuses a 0644 interpreter). */
function hostMode(path: string): number {
  return statSync(realpathSync(path)).mode & 0o777;
}

export function hostFile(source: string, path: string, mode = 0o755): TarEntry {
  return { kind: "file", path, mode, content: readFileSync(source) };
}

/** Programs of this (Debian) machine with the shared libraries they load, for an image's layer. */
export async function hostProgramEntries(programs: readonly string[]): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const libraries = new Set<string>();
  for (const program of programs) {
    if (!existsSync(program)) throw new Error(`${program} is missing: sh scripts/vm-lab-setup.sh installs what the VM lab's images carry`);
    entries.push(hostFile(program, program));
    const { stdout } = await run("ldd", [program]).catch(() => ({ stdout: "" })); // a static program has none
    for (const line of stdout.split("\n")) {
      const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
      if (match) libraries.add(match[1]);
    }
  }
  for (const library of libraries) entries.push(hostFile(realpathSync(library), library, hostMode(library)));
  return entries;
}

/** iptables (nft and legacy) and its extensions, under every name Felix and kube-proxy call. */
export async function iptablesEntries(): Promise<TarEntry[]> {
  const entries = await hostProgramEntries(["/usr/sbin/xtables-nft-multi", "/usr/sbin/xtables-legacy-multi", "/usr/sbin/conntrack"]);
  const xtables = "/usr/lib/x86_64-linux-gnu/xtables";
  const { stdout } = await run("find", [xtables, "-name", "*.so"]);
  for (const so of stdout.split("\n").filter(Boolean)) entries.push(hostFile(realpathSync(so), so, hostMode(so)));
  for (const family of ["iptables", "ip6tables"]) {
    for (const verb of ["", "-save", "-restore"]) {
      entries.push({ kind: "symlink", path: `/usr/sbin/${family}${verb}`, target: "xtables-nft-multi" });
      entries.push({ kind: "symlink", path: `/usr/sbin/${family}-nft${verb}`, target: "xtables-nft-multi" });
      entries.push({ kind: "symlink", path: `/usr/sbin/${family}-legacy${verb}`, target: "xtables-legacy-multi" });
    }
  }
  return entries;
}

