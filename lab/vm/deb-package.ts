// A Debian binary package from files on this machine, as the VM lab's package repository serves it
// (dpkg-deb, uncompressed data: a TCG guest unpacks it without spending minutes in xz).

import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { run } from "../exec";

export interface DebFile {
  /** A file on this machine. */
  source: string;
  /** Its absolute path on the node. */
  target: string;
  mode: number;
}

export interface DebSpec {
  name: string;
  /** Debian version, e.g. 1.28.15-1.1 (pkgs.k8s.io's scheme). */
  version: string;
  depends: readonly string[];
  description: string;
  files: readonly DebFile[];
  /** The package's postinst script, if it has one. */
  postinst?: string;
}

/** The control file of a package (pure). */
export function debControl(spec: DebSpec): string {
  if (!/^[a-z0-9][a-z0-9+.-]+$/.test(spec.name)) throw new Error(`internal: '${spec.name}' is not a Debian package name`);
  const lines = [
    `Package: ${spec.name}`,
    `Version: ${spec.version}`,
    "Architecture: amd64",
    "Maintainer: kube-fabric VM lab <root@localhost>",
    "Priority: optional",
    "Section: admin",
    ...(spec.depends.length > 0 ? [`Depends: ${spec.depends.join(", ")}`] : []),
    `Description: ${spec.description}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Builds `<outDir>/<name>_<version>_amd64.deb` and returns its path. */
export async function buildDeb(spec: DebSpec, outDir: string): Promise<string> {
  const staging = mkdtempSync(join(outDir, `.${spec.name}-`));
  try {
    mkdirSync(join(staging, "DEBIAN"));
    writeFileSync(join(staging, "DEBIAN", "control"), debControl(spec));
    if (spec.postinst) writeFileSync(join(staging, "DEBIAN", "postinst"), spec.postinst, { mode: 0o755 });
    for (const file of spec.files) {
      const path = join(staging, file.target);
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(file.source, path);
      chmodSync(path, file.mode);
    }
    const deb = join(outDir, `${spec.name}_${spec.version}_amd64.deb`);
    await run("dpkg-deb", ["--root-owner-group", "-Znone", "--build", staging, deb], { timeoutMs: 300_000 });
    return deb;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
