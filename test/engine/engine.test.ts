// The real Pulumi engine (`npm run engine`) driven by the Automation API: the CLI is the pinned
// release, and a program of our own goes through up → preview (no changes) → destroy for real,
// through the CLI, our Node.js language host and the dynamic-provider launcher.
import assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { engineEnv, enginePulumiCommand, PULUMI_VERSION } from "../../tools/engine/engine-env";
import { TEST_STACK_PASSPHRASE } from "../support/engine";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "fixtures", "dynamic-marker");

/** Runs the CLI the Automation API uses, in the engine environment; resolves to its stdout. */
async function runCli(command: PulumiCommand, args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(command.command, args, { cwd, env: { ...process.env, ...env } });
  return stdout;
}

/** A copy of the fixture in `dir` whose node_modules holds only @pulumi/pulumi (the repo's). */
function copyFixture(dir: string): string {
  const project = path.join(dir, "project");
  fs.cpSync(FIXTURE, project, { recursive: true });
  fs.mkdirSync(path.join(project, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
    path.join(project, "node_modules", "@pulumi", "pulumi"),
    "dir",
  );
  return project;
}

describe("engine: the Pulumi engine built from Go modules", function () {
  this.timeout(180_000);

  let tmp: string;
  let command: PulumiCommand;
  let env: Record<string, string>;

  before(async () => {
    // Fails with "run npm run engine" when the engine is not built.
    command = await enginePulumiCommand();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-engine-"));
    fs.mkdirSync(path.join(tmp, "state"));
    env = engineEnv({ backendDir: path.join(tmp, "state"), passphrase: TEST_STACK_PASSPHRASE });
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("reports the pinned release, which the Automation API accepts", async () => {
    assert.strictEqual(command.version?.format(), PULUMI_VERSION);
    assert.strictEqual((await runCli(command, ["version"], tmp, env)).trim(), `v${PULUMI_VERSION}`);
  });

  describe("a dynamic-provider stack", () => {
    let project: string;
    let stack: Stack;
    let markerPath: string;
    const content = "written by the dynamic provider";

    before(async () => {
      project = copyFixture(tmp);
      markerPath = path.join(tmp, "marker.txt");
      stack = await LocalWorkspace.createStack(
        { stackName: "engine", workDir: project },
        { pulumiCommand: command, envVars: env, secretsProvider: "passphrase" },
      );
      await stack.setAllConfig({
        "engine-fixture:markerPath": { value: markerPath },
        "engine-fixture:content": { value: content },
      });
    });

    it("up creates the stack and the resource, and the provider really ran", async () => {
      const up = await stack.up();
      assert.strictEqual(up.summary.result, "succeeded");
      assert.deepStrictEqual(up.summary.resourceChanges, { create: 2 });
      assert.strictEqual(up.outputs.markerPath.value, markerPath);
      assert.strictEqual(fs.readFileSync(markerPath, "utf8"), content);
    });

    it("the Node.js language host reports the pinned release", async () => {
      const about = await runCli(command, ["about", "--json"], project, env);
      const plugins = (JSON.parse(about) as { plugins: Array<{ name: string; kind: string; version: string }> }).plugins;
      assert.deepStrictEqual(
        plugins.find((p) => p.name === "nodejs"),
        { name: "nodejs", kind: "language", version: PULUMI_VERSION },
      );
    });

    it("preview right after up plans no change", async () => {
      const preview = await stack.preview({ expectNoChanges: true });
      assert.deepStrictEqual(preview.changeSummary, { same: 2 });
    });

    it("destroy deletes both and the provider removed its file", async () => {
      const destroy = await stack.destroy();
      assert.strictEqual(destroy.summary.result, "succeeded");
      assert.deepStrictEqual(destroy.summary.resourceChanges, { delete: 2 });
      assert.strictEqual(fs.existsSync(markerPath), false, `${markerPath} still exists after destroy`);
    });
  });
});
