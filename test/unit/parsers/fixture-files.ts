// Reads parser fixtures: the shared real-device set beside the project, and the ones in test/fixtures.

import { readFileSync } from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
export const sharedFixturesDir = path.resolve(repoRoot, "../shared/fixtures");
export const localFixturesDir = path.resolve(repoRoot, "test/fixtures");

/** A file from /work/shared/fixtures (fails loudly if the shared folder is missing). */
export function shared(name: string): string {
  return readFileSync(path.join(sharedFixturesDir, name), "utf8");
}

/** A file under test/fixtures, e.g. local("seed000/leaf3_show_ip_ro.txt"). */
export function local(name: string): string {
  return readFileSync(path.join(localFixturesDir, name), "utf8");
}
