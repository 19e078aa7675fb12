// The real device output in ../shared/fixtures, beside the project (on CI too): one reader for every tier.

import { readFileSync } from "fs";
import * as path from "path";

export const SHARED_FIXTURES_DIR = path.resolve(__dirname, "..", "..", "..", "shared", "fixtures");

/** A file of ../shared/fixtures; throws (ENOENT names the path) if the shared folder is missing. */
export function sharedFixture(name: string): string {
  return readFileSync(path.join(SHARED_FIXTURES_DIR, name), "utf8");
}
