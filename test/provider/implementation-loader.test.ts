// The serialised switch provider loads its implementation only from the project's own path, never from a
// file planted in a parent of the working directory (it would run with the switches' credentials).

import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadImplementation } from "../../providers/switch/implementation-loader";
import { switchProvider } from "../../providers/switch/provider";

const RELATIVE = "providers/switch/provider.ts";
const DEPLOYED = path.resolve(__dirname, "../../providers/switch/provider.ts");

function plant(dir: string, marker: string): void {
  fs.mkdirSync(path.join(dir, "providers/switch"), { recursive: true });
  fs.writeFileSync(path.join(dir, RELATIVE), `exports.switchProvider = { planted: ${JSON.stringify(marker)} };\n`);
}

describe("switch provider implementation loader", () => {
  let scratch: string;
  const cwd = process.cwd();
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kf-loader-"));
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("ignores a provider.ts planted in a parent of the working directory and loads the deployed one", () => {
    plant(scratch, "parent");
    const work = path.join(scratch, "some", "dir");
    fs.mkdirSync(work, { recursive: true });
    process.chdir(work);
    const loaded = loadImplementation(RELATIVE, DEPLOYED) as unknown as Record<string, unknown>;
    assert.equal(loaded.planted, undefined, "the planted file was loaded");
    assert.equal(loaded, switchProvider as unknown as Record<string, unknown>);
  });

  it("ignores one in a working directory that is not a Pulumi project", () => {
    plant(scratch, "cwd");
    process.chdir(scratch);
    assert.equal((loadImplementation(RELATIVE, DEPLOYED) as unknown as Record<string, unknown>).planted, undefined);
  });

  it("loads the running project's copy (a project moved since deployment), found by its Pulumi.yaml", () => {
    plant(scratch, "moved-project");
    fs.writeFileSync(path.join(scratch, "Pulumi.yaml"), "name: kube-fabric\nruntime: nodejs\n");
    process.chdir(scratch);
    assert.equal((loadImplementation(RELATIVE, path.join(scratch, "gone.ts")) as unknown as Record<string, unknown>).planted, "moved-project");
  });

  it("fails naming both places when neither has the implementation", () => {
    process.chdir(scratch);
    assert.throws(() => loadImplementation(RELATIVE, path.join(scratch, "gone.ts")), /cannot find the switch provider implementation .*gone\.ts/);
  });
});
