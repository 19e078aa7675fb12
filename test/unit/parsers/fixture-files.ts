// Reads parser fixtures: the shared real-device set beside the project, and the ones in test/fixtures.

import { readFileSync } from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
export { SHARED_FIXTURES_DIR as sharedFixturesDir, sharedFixture as shared } from "../../support/shared-fixtures";
export const localFixturesDir = path.resolve(repoRoot, "test/fixtures");

/** A file under test/fixtures, e.g. local("seed000/leaf3_show_ip_ro.txt"). */
export function local(name: string): string {
  return readFileSync(path.join(localFixturesDir, name), "utf8");
}
