// `npm run clab` / `npm run diagram`: their command line, the stack they read, and one real run each.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { containerlabYaml } from "../../../lab/containerlab/to-yaml";
import { containerlabTopology } from "../../../lab/containerlab/topology";
import { loadStackPlan } from "../../../scripts/stack-plan";
import { PROJECT_ROOT } from "../../support/dev-stack";

const runScript = (script: string, args: string[]) =>
  spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "-T", path.join(PROJECT_ROOT, "scripts", script), ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });

describe("clab and diagram scripts", () => {
  it("build the plan of the stack's own Pulumi.<stack>.yaml, and name a missing stack", () => {
    const { plan, file } = loadStackPlan("dev");
    assert.equal(path.basename(file), "Pulumi.dev.yaml");
    assert.deepEqual(plan.devices.map((d) => d.name), ["Spine-1", "Leaf-1", "Leaf-2", "Leaf-3"]);
    assert.throws(() => loadStackPlan("no-such-stack"), /stack 'no-such-stack' has no Pulumi\.no-such-stack\.yaml in .*: name a stack that exists/);
  });

  it("clab prints the renderer's topology of the dev stack", function () {
    this.timeout(120_000);
    const run = runScript("clab.ts", ["dev"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, containerlabYaml(containerlabTopology(loadStackPlan("dev").plan, "dev")));
  });

  it("diagram exits 1 with one clear line for a bad format", function () {
    this.timeout(120_000);
    const run = runScript("diagram.ts", ["dev", "--format", "png"]);
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim(), "--format png: use one of svg, dot, mermaid");
    assert.equal(run.stdout, "");
  });
});
