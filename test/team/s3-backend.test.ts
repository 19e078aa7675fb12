// A team's stack on a real S3 backend (issue 20): Versity's S3 gateway on 127.0.0.1, two checkouts of this repo
// (git clones) logged in to the same bucket with `pulumi login s3://…`, each running test/team/fabric-stack (the
// fabric half of index.ts) on two EOS doubles. A creates; B, with A's stack file from git, previews no change,
// refreshes and destroys. Two ups at once: the second is refused by the lock and nothing is typed twice. An up
// killed with kill -9 mid-change leaves its lock: the next up is refused naming it, `pulumi cancel` removes it, and
// the next up converges. No object in the bucket holds the switch password or the passphrase in plain text.
import assert from "assert";
import { ChildProcess, execFile, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { EngineLocation, requireEngine } from "../../tools/engine/engine-env";
import { awaitGone, descendantsOf, identify, isRunning, ProcessIdentity, signalIdentified } from "../../lab/processes";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { S3_REGION, S3Gateway, startS3Gateway } from "../support/s3-gateway";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PROJECT_DIR = path.join("test", "team", "fabric-stack");
const PROJECT = "kube-fabric-team";
const STACK = "team";
const BUCKET = "kube-fabric-state";
const SWITCH_PASSWORD = `Team-Switch-${randomBytes(6).toString("hex")}`;
const NODE_PASSWORD = `Team-Node-${randomBytes(6).toString("hex")}`;
const PASSPHRASE = `team-passphrase-${randomBytes(8).toString("hex")}`;
const LOCK_REFUSAL = "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.";
const run = promisify(execFile);

/** One team member's checkout: a git clone of this repo, its own PULUMI_HOME (and so its own `pulumi login`). */
interface Checkout {
  readonly name: string;
  readonly dir: string;
  readonly home: string;
}

interface PulumiRun {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: string | null; output: string }>;
}

/** The dev stack's Spine-1 and Leaf-1 with Leaf-1's first node, pointed at the doubles. */
function topology(spine: EosDoubleHandle, leaf: EosDoubleHandle, nodeAsn: number): Record<string, unknown> {
  const mgmt = (double: EosDoubleHandle) => ({ host: double.host, port: double.port, hostKey: double.hostPublicKey });
  return {
    addressing: { mode: "explicit" },
    credentials: { switchUsername: "admin", nodeUsername: "user" },
    spines: [{ name: "Spine-1", dialect: "eos", mgmt: mgmt(spine) }],
    leaves: [{ name: "Leaf-1", asn: 65011, mgmt: mgmt(leaf), uplinks: [{ spine: "Spine-1", port: "Ethernet1", spinePort: "Ethernet1", subnet: "10.11.99.0/31" }] }],
    nodes: [
      {
        name: "k-master",
        role: "control-plane",
        asn: nodeAsn,
        leaf: "Leaf-1",
        leafPort: "Ethernet2",
        subnet: "10.0.11.0/31",
        nic: "ens3",
        fabricRoute: "10.0.0.0/8",
        ssh: { host: "127.0.0.1", port: 9, hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOaZ3TPUb1QgbSbbpcgK2vM4q4vNYU2dK+/T4HbaD8Kv" },
      },
    ],
    kubernetes: { version: "1.28.15", podCidr: "10.66.0.0/16", blockSize: 24, serviceCidr: "10.96.0.0/12", controlPlaneEndpoint: "10.0.11.1", provision: "existing" },
    calico: { version: "3.28.5" },
    switchOptions: { commitConfirmSeconds: 300 },
  };
}

describe("team: one stack on an S3 backend (versitygw), two checkouts", function () {
  this.timeout(900_000);
  this.bail(true); // each step runs on the stack the one before left
  let gateway: S3Gateway;
  let spine: EosDoubleHandle;
  let leaf: EosDoubleHandle;
  let workDir: string;
  let backendUrl: string;
  const startConfigs = new Map<EosDoubleHandle, string>();
  const runs: PulumiRun[] = [];
  /** Every process a killed run had started (they outlive its CLI): stopped by the test, or by `after` on a failure. */
  const killedRunProcesses: ProcessIdentity[] = [];
  /** The run's CLI and every process under it, as they are now. */
  const processTree = (run: PulumiRun) => [identify(run.pid), ...descendantsOf(run.pid)].filter((p): p is ProcessIdentity => p !== undefined);
  const a: Checkout = { name: "A", dir: "", home: "" };
  const b: Checkout = { name: "B", dir: "", home: "" };

  let engine: EngineLocation;
  const pulumiEnv = (checkout: Checkout): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [engine.binDir, process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_HOME: checkout.home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      // The program is type-checked with the repo (npx tsc covers test/team/fabric-stack); each run only transpiles it.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      AWS_ACCESS_KEY_ID: gateway.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: gateway.credentials.secretAccessKey,
      AWS_REGION: S3_REGION,
    };
    delete env.PULUMI_BACKEND_URL; // the backend is the one `pulumi login` stored in this checkout's PULUMI_HOME
    return env;
  };

  /** Starts `pulumi ARGS` in the checkout's project folder, detached from the test's terminal (after() stops what is left). */
  const startPulumi = (checkout: Checkout, args: string[]): PulumiRun => {
    const child = spawn("pulumi", [...args, "--non-interactive"], { cwd: path.join(checkout.dir, PROJECT_DIR), env: pulumiEnv(checkout), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const done = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve({ code, signal, output }));
    });
    assert.ok(child.pid, "pulumi started");
    const started = { pid: child.pid, child, done };
    runs.push(started);
    return started;
  };
  /** Runs `pulumi ARGS` to its end; fails the test with its output unless it exits as `expect` says. */
  const pulumi = async (checkout: Checkout, args: string[], expect: "ok" | "fails" = "ok"): Promise<string> => {
    const { code, output } = await startPulumi(checkout, args).done;
    if (expect === "ok") assert.strictEqual(code, 0, `${checkout.name}: pulumi ${args.join(" ")} failed:\n${output}`);
    else assert.notStrictEqual(code, 0, `${checkout.name}: pulumi ${args.join(" ")} should have failed:\n${output}`);
    return output;
  };
  const git = (checkout: Checkout, args: string[]) => run("git", ["-C", checkout.dir, "-c", "user.name=kube-fabric test", "-c", "user.email=test@kube-fabric.invalid", ...args]);
  /** A changes the stack's config and commits its stack file; B pulls it, as a team shares a stack's config. */
  const setNodeAsn = async (asn: number) => {
    await pulumi(a, ["config", "set", "kube-fabric:topology", JSON.stringify(topology(spine, leaf, asn))]);
    const stackFile = path.join(PROJECT_DIR, `Pulumi.${STACK}.yaml`);
    await git(a, ["add", "--", stackFile]);
    await git(a, ["commit", "--quiet", "-m", `k-master in AS ${asn}`, "--", stackFile]);
    await git(b, ["pull", "--quiet", "--ff-only", a.dir, "HEAD"]);
  };
  const lockKeys = () => gateway.listKeys(BUCKET, ".pulumi/locks/");
  const typed = (double: EosDoubleHandle, pattern: RegExp) => double.transcript().filter((entry) => pattern.test(entry.line));
  const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  before(async () => {
    engine = requireEngine();
    gateway = await startS3Gateway();
    await gateway.createBucket(BUCKET);
    // The URL a team member types; the engine turns disableSSL/s3ForcePathStyle into the AWS SDK v2's options.
    backendUrl = `s3://${BUCKET}?endpoint=${gateway.hostPort}&s3ForcePathStyle=true&disableSSL=true`;
    const user = { username: "admin", password: SWITCH_PASSWORD, privilege: 1 };
    spine = await startEosDouble({ hostname: "Spine-1", users: [user], enablePassword: SWITCH_PASSWORD });
    leaf = await startEosDouble({ hostname: "Leaf-1", users: [user], enablePassword: SWITCH_PASSWORD });
    for (const double of [spine, leaf]) startConfigs.set(double, double.runningConfig());
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-team-"));
    for (const checkout of [a, b]) {
      Object.assign(checkout, { dir: path.join(workDir, checkout.name), home: path.join(workDir, `${checkout.name}-pulumi-home`) });
      await run("git", ["clone", "--quiet", REPO_ROOT, checkout.dir]);
      fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(checkout.dir, "node_modules"));
      // Its own PULUMI_HOME (credentials.json holds its login) with the engine's plugins.
      fs.mkdirSync(checkout.home);
      fs.symlinkSync(path.join(engine.pulumiHome, "plugins"), path.join(checkout.home, "plugins"));
      assert.match(await pulumi(checkout, ["login", backendUrl]), /Logged in to /);
    }
  });

  after(async () => {
    for (const started of runs) {
      if (started.child.exitCode === null && started.child.signalCode === null) killedRunProcesses.push(...processTree(started));
    }
    for (const leftover of killedRunProcesses.reverse()) signalIdentified(leftover, "SIGKILL");
    try {
      await Promise.all([spine?.stop(), leaf?.stop()]);
    } finally {
      try {
        await gateway?.stop();
      } finally {
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
      }
    }
  });

  it("checkout A: stack init with the passphrase secrets provider, up: the switches get their lines, the state is in the bucket", async () => {
    await pulumi(a, ["stack", "init", STACK, "--secrets-provider", "passphrase"]);
    await pulumi(a, ["config", "set", "--secret", "kube-fabric:switchPassword", SWITCH_PASSWORD]);
    await pulumi(a, ["config", "set", "--secret", "kube-fabric:nodePassword", NODE_PASSWORD]); // the plan wants one; no node is reached
    await setNodeAsn(65000);
    const up = await pulumi(a, ["up", "--yes"]);
    assert.match(up, /6 created/, up);
    assert.match(leaf.runningConfig(), /^ {3}neighbor 10\.0\.11\.1 remote-as 65000$/m);
    assert.match(spine.runningConfig(), /^router ospf 1$/m);
    const keys = await gateway.listKeys(BUCKET);
    assert.ok(keys.includes(`.pulumi/stacks/${PROJECT}/${STACK}.json`), keys.join("\n"));
    assert.deepStrictEqual(await lockKeys(), [], "the lock is gone after the run");
  });

  it("checkout B, with A's stack file from git: preview shows no change, refresh finds none, and neither types a line", async () => {
    await git(b, ["pull", "--quiet", "--ff-only", a.dir, "HEAD"]);
    await pulumi(b, ["stack", "select", STACK]);
    for (const double of [spine, leaf]) double.resetStats();
    const preview = await pulumi(b, ["preview", "--expect-no-changes"]);
    assert.match(preview, /6 unchanged/, preview);
    await pulumi(b, ["refresh", "--yes", "--expect-no-changes"]);
    for (const double of [spine, leaf]) assert.deepStrictEqual(typed(double, /^configure/), [], "nothing configured");
  });

  it("two ups at once: the second is refused by the lock, naming the first; the change is typed once", async () => {
    await setNodeAsn(65100);
    for (const double of [spine, leaf]) double.resetStats();
    leaf.setResponseDelay(100); // the first up holds the lock for a few seconds
    const first = startPulumi(a, ["up", "--yes"]);
    await waitFor("the first up's lock in the bucket", async () => (await lockKeys()).length === 1);
    const [firstLock] = await lockKeys();
    const second = await pulumi(b, ["up", "--yes"], "fails");
    assert.ok(second.includes(LOCK_REFUSAL), second);
    // The lock's URL (the backend URL's query, no credentials in it), who holds it and the PID of the first up.
    assert.ok(second.includes(`s3://${BUCKET}/${firstLock}?`), second);
    assert.ok(second.includes(`: created by ${os.userInfo().username}@${os.hostname()} (pid ${first.pid}) at `), second);
    const firstResult = await first.done;
    leaf.setResponseDelay(0);
    assert.strictEqual(firstResult.code, 0, firstResult.output);
    assert.match(firstResult.output, /1 updated/);
    assert.strictEqual(typed(leaf, /remote-as 65100$/).length, 1, "the new neighbour AS typed once");
    // One SSH connection (the first up's), one configuration session entered (then confirmed), the new AS typed once.
    assert.deepStrictEqual([leaf.stats().connections, spine.stats().connections], [1, 0], "the refused up reached no switch");
    assert.strictEqual(typed(leaf, /^configure session \S+$/).length, 1, "one configuration session");
    assert.strictEqual(leaf.runningConfig().split("\n").filter((line) => /neighbor 10\.0\.11\.1 remote-as/.test(line)).join("\n"), "   neighbor 10.0.11.1 remote-as 65100");
    assert.deepStrictEqual(await lockKeys(), []);
  });

  const neighbourAs = () => leaf.runningConfig().split("\n").filter((line) => /neighbor 10\.0\.11\.1 remote-as/.test(line));
  const pendingOperations = async (checkout: Checkout) => {
    const exportFile = path.join(workDir, `export-${checkout.name}.json`);
    await pulumi(checkout, ["stack", "export", "--file", exportFile]);
    const exported = JSON.parse(fs.readFileSync(exportFile, "utf8")) as { deployment: { pending_operations?: Array<{ type: string; resource: { urn: string } }> } };
    return (exported.deployment.pending_operations ?? []).map((op) => `${op.type} ${op.resource.urn.split("::").pop()}`);
  };
  /** Starts an up from A that changes k-master's AS to `asn` and returns it once the leaf has been typed the new AS. */
  const upCaughtMidChange = async (asn: number) => {
    await setNodeAsn(asn);
    leaf.resetStats();
    leaf.setResponseDelay(300);
    const started = startPulumi(a, ["up", "--yes"]);
    await waitFor("the new neighbour AS typed on the leaf", () => typed(leaf, new RegExp(`remote-as ${asn}$`)).length > 0);
    return started;
  };
  /**
   * What the teammate finds after a killed run and does (B): the killed run's lock and its update pending in the
   * state; up refused naming the killed PID; `pulumi cancel`, `pulumi refresh`, `pulumi up`; then no change left.
   * Returns what the recovering up typed on the leaf.
   */
  const recoverFromKilledRun = async (killedPid: number) => {
    const [staleLock, ...otherLocks] = await lockKeys();
    assert.ok(staleLock && otherLocks.length === 0, "the killed run's lock is left in the bucket");
    assert.deepStrictEqual(await pendingOperations(b), ["updating Leaf-1-node-peering"]);
    const refused = await pulumi(b, ["up", "--yes"], "fails");
    assert.ok(refused.includes(LOCK_REFUSAL) && refused.includes(`(pid ${killedPid})`), refused);
    assert.match(await pulumi(b, ["cancel", "--yes"]), /The currently running update for 'team' has been canceled!/);
    assert.deepStrictEqual(await lockKeys(), []);
    await pulumi(b, ["refresh", "--yes"]);
    assert.deepStrictEqual(await pendingOperations(b), [], "refresh clears the pending update");
    leaf.resetStats();
    assert.match(await pulumi(b, ["up", "--yes"]), /1 updated/);
    const typedByRecovery = leaf.transcript().map((entry) => entry.line);
    await pulumi(b, ["preview", "--expect-no-changes"]);
    return typedByRecovery;
  };

  it("an up whose CLI is killed with kill -9 mid-change: its provider finishes the change whole; the lock stays and refuses the next up naming the PID; cancel, refresh and up converge without typing it again", async () => {
    const killed = await upCaughtMidChange(65200);
    const started = descendantsOf(killed.pid); // language host, program, dynamic provider
    killedRunProcesses.push(...started);
    process.kill(killed.pid, "SIGKILL");
    assert.strictEqual((await killed.done).signal, "SIGKILL");
    // The CLI's plugins outlive it, and the provider goes on with the change it was typing: wait until the switch has
    // no configuration session open, then stop what the killed run had started.
    await waitFor("no configuration session left open on the leaf", () => leaf.sessions().every((session) => session.state === "completed"), 30_000);
    const orphans = started.filter(isRunning);
    console.log(`      kill -9 of pulumi ${killed.pid}: ${orphans.length} of the ${started.length} processes it had started still ran after the switch was done (stopped now)`);
    for (const orphan of orphans) signalIdentified(orphan, "SIGKILL");
    leaf.setResponseDelay(0);
    assert.deepStrictEqual(neighbourAs(), ["   neighbor 10.0.11.1 remote-as 65200"], "the change is whole on the switch");

    const typedByRecovery = await recoverFromKilledRun(killed.pid);
    assert.deepStrictEqual(typedByRecovery.filter((line) => /remote-as 65200$|^configure session \S+$/.test(line)), [], "the change is not typed again");
    assert.deepStrictEqual(neighbourAs(), ["   neighbor 10.0.11.1 remote-as 65200"]);
  });

  it("an up killed whole with kill -9 (the CLI and every process under it, at once) mid-change: the switch keeps the old AS; cancel, refresh and up type the change once", async () => {
    const before = neighbourAs();
    const killed = await upCaughtMidChange(65300);
    // Each plugin runs in a process group of its own (the engine's cmdutil.RegisterProcessGroup): kill the tree, as a
    // killed CI job or a lost machine would end it.
    const tree = processTree(killed);
    killedRunProcesses.push(...tree);
    for (const member of [...tree].reverse()) signalIdentified(member, "SIGKILL");
    assert.strictEqual((await killed.done).signal, "SIGKILL");
    await awaitGone(tree);
    leaf.setResponseDelay(0);
    // Typed into a configuration session that was never committed: the running config is untouched.
    assert.deepStrictEqual(neighbourAs(), before, "the switch is as before the run");
    const leftOpen = leaf.sessions().filter((session) => session.state !== "completed").map((session) => `${session.name} ${session.state}`);
    assert.strictEqual(leftOpen.length, 1, "the killed run's session is left open on the switch");

    const typedByRecovery = await recoverFromKilledRun(killed.pid);
    assert.strictEqual(typedByRecovery.filter((line) => /remote-as 65300$/.test(line)).length, 1, "the change typed once");
    assert.deepStrictEqual(neighbourAs(), ["   neighbor 10.0.11.1 remote-as 65300"]);
    assert.deepStrictEqual(leaf.sessions().filter((session) => session.state !== "completed"), [], `no session left open (the killed run's was ${leftOpen[0]})`);
  });

  it("no object in the bucket holds the switch or node password, the passphrase or the S3 secret in plain text", async () => {
    const keys = await gateway.listKeys(BUCKET);
    const checkpoint = (await gateway.getObject(BUCKET, `.pulumi/stacks/${PROJECT}/${STACK}.json`)).toString("utf8");
    assert.match(checkpoint, /"ciphertext":"v1:/, "the switch credentials are in the state, encrypted");
    for (const key of keys) {
      const text = (await gateway.getObject(BUCKET, key)).toString("utf8");
      for (const secret of [SWITCH_PASSWORD, NODE_PASSWORD, PASSPHRASE, gateway.credentials.secretAccessKey]) assert.ok(!text.includes(secret), `${key} holds a secret in plain text`);
    }
  });

  it("checkout B destroys: both switches are back to their start config, and A sees an empty stack", async () => {
    const destroyed = await pulumi(b, ["destroy", "--yes"]);
    assert.match(destroyed, /6 deleted/, destroyed);
    for (const [double, start] of startConfigs) assert.strictEqual(double.runningConfig(), start);
    const exportFile = path.join(workDir, "exported.json");
    await pulumi(a, ["stack", "export", "--file", exportFile]);
    const exported = JSON.parse(fs.readFileSync(exportFile, "utf8")) as { deployment: { resources?: unknown[] } };
    assert.deepStrictEqual(exported.deployment.resources ?? [], []);
  });
});
