// @pulumi/command 1.2.1 through the real engine and our command plugin stand-in, against an
// OpenSSH sshd this test starts on 127.0.0.1 (lab/sshd.ts: fresh host key, a per-run client
// key, every login runs /bin/sh -c <command>): up runs create over SSH, a preview right after
// plans nothing, a host key that does not match is refused before logging in, destroy runs
// delete from the state, and the state keeps the key and stdin as ciphertext.
import assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { generateEd25519KeyPair, SshKeyPair } from "../../lab/ssh-keys";
import { SshdServer, startSshd } from "../../lab/sshd";
import { engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { TEST_STACK_PASSPHRASE } from "../support/engine";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(__dirname, "fixtures", "remote-command");

/** A copy of the fixture whose node_modules holds the repo's @pulumi/pulumi and @pulumi/command. */
function copyFixture(dir: string): string {
  const project = path.join(dir, "project");
  fs.cpSync(FIXTURE, project, { recursive: true });
  fs.mkdirSync(path.join(project, "node_modules", "@pulumi"), { recursive: true });
  for (const pkg of ["pulumi", "command"]) {
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", pkg), path.join(project, "node_modules", "@pulumi", pkg), "dir");
  }
  return project;
}

/** The stack's state file in the file backend, as stored (secrets encrypted). */
function stateFileIn(backendDir: string): string {
  const stacks = path.join(backendDir, ".pulumi", "stacks");
  const files = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).filter((f) => /(^|\/)remote\.json$/.test(f));
  assert.strictEqual(files.length, 1, `one state file for the stack under ${stacks}: ${files.join(", ")}`);
  return fs.readFileSync(path.join(stacks, files[0]), "utf8");
}

describe("engine: @pulumi/command remote Command over real SSH (command plugin stand-in)", function () {
  this.timeout(180_000);

  let tmp: string;
  let sshd: SshdServer | undefined;
  let clientKey: SshKeyPair;
  let stack: Stack;
  let command: PulumiCommand;
  let env: Record<string, string>;
  let markerPath: string;
  const stdinText = "written through stdin, a secret";
  const storedState = () => stateFileIn(path.join(tmp, "state"));

  before(async () => {
    command = await enginePulumiCommand(); // fails with "run npm run engine" when missing
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-remote-command-"));
    for (const sub of ["state", "sshd"]) fs.mkdirSync(path.join(tmp, sub));
    clientKey = await generateEd25519KeyPair(path.join(tmp, "client_ed25519"), "kube-fabric-engine-test");
    sshd = await startSshd({ label: "command-host", workDir: path.join(tmp, "sshd"), loginCommand: ["/bin/sh"], authorizedKey: clientKey.publicKey });
    markerPath = path.join(tmp, "marker.txt");
    env = engineEnv({ backendDir: path.join(tmp, "state"), passphrase: TEST_STACK_PASSPHRASE });
    stack = await LocalWorkspace.createStack(
      { stackName: "remote", workDir: copyFixture(tmp) },
      { pulumiCommand: command, envVars: env, secretsProvider: "passphrase" },
    );
    await stack.setAllConfig({
      "remote-command-fixture:host": { value: sshd.host },
      "remote-command-fixture:port": { value: String(sshd.port) },
      "remote-command-fixture:user": { value: sshd.user },
      "remote-command-fixture:hostKey": { value: sshd.hostKey },
      "remote-command-fixture:privateKey": { value: clientKey.privateKey, secret: true },
      "remote-command-fixture:stdinText": { value: stdinText, secret: true },
      "remote-command-fixture:markerPath": { value: markerPath },
    });
  });

  after(async () => {
    await sshd?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("up runs create over SSH: stdin reaches the command, stdout is the output", async () => {
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(up.summary.resourceChanges, { create: 2 });
    assert.strictEqual(fs.readFileSync(markerPath, "utf8"), stdinText);
    assert.strictEqual(up.outputs.stdout.value, "created");
  });

  it("a preview right after up plans no change and opens no SSH connection", async () => {
    const connectionsBefore = sshd!.connections();
    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 2 });
    assert.strictEqual(sshd!.connections(), connectionsBefore);
  });

  it("the stored state holds the private key and stdin as ciphertext only", () => {
    const state = storedState();
    // The key's base64 lines, but the first (the same "openssh-key-v1 ... ssh-ed25519" prefix in every such key).
    const keyLines = clientKey.privateKey.split("\n").filter((line) => line && !line.startsWith("-----")).slice(1);
    assert.ok(keyLines.length > 0);
    for (const line of keyLines) assert.ok(!state.includes(line), "a line of the private key is in the stored state in plain text");
    assert.ok(!state.includes(stdinText), "stdin is in the stored state in plain text");
    // 1.2.1 stores the whole connection as a secret, in the inputs and in the outputs.
    const secretConnections = state.match(/"connection":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/g) ?? [];
    assert.strictEqual(secretConnections.length, 2, "connection is ciphertext in both the inputs and the outputs");
  });

  it("a host key that does not match is refused before logging in, and nothing runs", async () => {
    const impostor = await generateEd25519KeyPair(path.join(tmp, "impostor_ed25519"), "not-the-server");
    await stack.setConfig("remote-command-fixture:hostKey", { value: impostor.publicKey });
    const loginsBefore = sshd!.logins();
    fs.writeFileSync(markerPath, "untouched");
    // A connection change is an update (1.2.1 does not replace on it): create runs again, on the new connection.
    await assert.rejects(stack.up(), /host key mismatch for 127\.0\.0\.1:/);
    assert.strictEqual(sshd!.logins(), loginsBefore, "logged in to a server whose host key did not match");
    assert.strictEqual(fs.readFileSync(markerPath, "utf8"), "untouched");
    await stack.setConfig("remote-command-fixture:hostKey", { value: sshd!.hostKey });
    fs.writeFileSync(markerPath, stdinText);
  });

  it("destroy runs delete from the state", async () => {
    const destroy = await stack.destroy();
    assert.strictEqual(destroy.summary.result, "succeeded");
    assert.deepStrictEqual(destroy.summary.resourceChanges, { delete: 2 });
    assert.strictEqual(fs.existsSync(markerPath), false, `${markerPath} still exists after destroy`);
  });

  it("`pulumi plugin ls` lists the command plugin at 1.2.1", async () => {
    const { stdout } = await promisify(execFile)(command.command, ["plugin", "ls", "--json"], { env: { ...process.env, ...env } });
    const plugins = JSON.parse(stdout) as Array<{ name: string; kind: string; version: string }>;
    assert.ok(
      plugins.some((p) => p.name === "command" && p.kind === "resource" && p.version === "1.2.1"),
      `plugins: ${JSON.stringify(plugins)}`,
    );
  });
});
