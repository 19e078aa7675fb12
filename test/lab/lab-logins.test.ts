// The lab's SSH logins do not depend on the host's shell start-up files. Inside a private mount namespace
// (unshare -m; the host's real files are never edited) every start-up file root, sh, bash or sshd could
// read, and those in the lab login account's home, is replaced by one that records that it ran, prints
// banner-, prompt- and `%`-error-like lines and sleeps. The lab (FRR logins into vtysh and into a shell,
// exec and shell channels), the switch provider over SSH and node steps over SSH then run there
// (startup-files/lab-under-noisy-startup.ts) and must behave exactly as without them: no start-up file
// runs, no noise reaches any output. With root as the login user (main before issue 12) it fails.
import assert from "assert";
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LAB_LOGIN_ACCOUNT, labLoginAccountProblem } from "../../lab/system-accounts";
import { PROJECT_ROOT } from "../support/dev-stack";
import type { LabUnderNoisyStartupReport } from "./startup-files/lab-under-noisy-startup";
import { HOST_STARTUP_FILES, inPrivateMounts, NOISE_LINES, NOISE_MARK, prepareNoisyMounts, renderNoisyStartupFile } from "./startup-files/noisy-startup-files";

const SLEEP_SECONDS = 2;

function digest(path: string): string {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : "absent";
}

/** The lines of `text` that a noisy start-up file printed. */
function noiseIn(text: string): string[] {
  return text.split("\n").filter((line) => line.includes(NOISE_MARK));
}

/** Runs the child in `argv` to its end (bounded), killing exactly it on timeout; returns its output. */
function runChild(argv: readonly string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    // SIGTERM: the child's lab exit handlers stop what it started.
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("lab login account", () => {
  it("is accepted only as setup creates it: uid 0, its own home, /bin/sh", () => {
    const { name, home, shell } = LAB_LOGIN_ACCOUNT;
    assert.strictEqual(labLoginAccountProblem(`${name}:x:0:0:kube-fabric lab SSH logins:${home}:${shell}\n`), undefined);
    assert.match(labLoginAccountProblem(undefined) ?? "", /there is no account kube-fabric-lab/);
    assert.match(labLoginAccountProblem(`${name}:x:0:0::/root:/bin/bash`) ?? "", /home is \/root, must be \/var\/lib\/kube-fabric-lab; shell is \/bin\/bash, must be \/bin\/sh/);
    assert.match(labLoginAccountProblem(`${name}:x:999:999::${home}:${shell}`) ?? "", /uid is 999, must be 0/);
  });

  it("exists on this host as setup made it", () => {
    const line = spawnSync("getent", ["passwd", LAB_LOGIN_ACCOUNT.name], { encoding: "utf8" }).stdout;
    assert.strictEqual(labLoginAccountProblem(line || undefined), undefined, "run sh scripts/setup.sh");
  });
});

describe("noisy start-up files (test helper)", () => {
  it("record that they ran, print their noise and sleep, in POSIX sh", () => {
    const dir = mkdtempSync(join(tmpdir(), "kf-noisy-"));
    try {
      const marker = join(dir, "marker");
      const text = renderNoisyStartupFile("/root/.bashrc", marker, 0);
      const ran = spawnSync("/bin/sh", ["-c", text], { encoding: "utf8" });
      assert.strictEqual(ran.status, 0, ran.stderr);
      assert.deepStrictEqual(ran.stdout.split("\n").filter(Boolean), [...NOISE_LINES]);
      assert.strictEqual(readFileSync(marker, "utf8"), "/root/.bashrc\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lab logins ignore the host's shell start-up files (slow, noisy ones in a private mount namespace)", function () {
  this.timeout(900_000);
  let dir: string;
  let marker: string;
  let report: LabUnderNoisyStartupReport;
  let absent: string[];
  const digestsBefore = new Map<string, string>();

  before(async function () {
    if (process.getuid?.() !== 0) throw new Error("this test needs root (mount namespaces, the lab): run the tests as root");
    for (const path of HOST_STARTUP_FILES) digestsBefore.set(path, digest(path));
    const built = spawnSync("sh", [join(PROJECT_ROOT, "scripts/nodes-rootfs.sh")], { encoding: "utf8", timeout: 1_200_000 });
    if (built.status !== 0) throw new Error(`scripts/nodes-rootfs.sh failed:\n${built.stderr}`);
    const tarball = built.stdout.trim().split("\n").pop() as string;

    dir = mkdtempSync(join(tmpdir(), "kf-noisy-startup-"));
    marker = join(dir, "ran");
    const mounts = prepareNoisyMounts(dir, marker, LAB_LOGIN_ACCOUNT.home, SLEEP_SECONDS);
    absent = mounts.absent;
    assert.ok(mounts.binds.some(([, target]) => target === "/etc/profile"), "the host has an /etc/profile to make noisy");
    const child = join(__dirname, "startup-files", "lab-under-noisy-startup.ts");
    const argv = inPrivateMounts(mounts.binds, [process.execPath, "-r", "ts-node/register", child, tarball]);
    const result = await runChild(argv, 600_000);
    const last = result.stdout.trim().split("\n").pop() ?? "";
    if (result.code !== 0 || !last.startsWith("{")) {
      throw new Error(`the lab run under noisy start-up files failed (exit ${result.code}):\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-2000)}`);
    }
    report = JSON.parse(last) as LabUnderNoisyStartupReport;
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ran every part without error", () => {
    assert.deepStrictEqual(report.errors, []);
    if (absent.length > 0) console.log(`      (start-up files this host does not have, so not made noisy: ${absent.join(", ")})`);
  });

  it("no start-up file ran on any lab login (switches and nodes)", () => {
    const ran = existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean) : [];
    assert.deepStrictEqual([...new Set(ran)], [], `start-up files that ran on lab logins (${ran.length} times): ${[...new Set(ran)].join(", ")}`);
  });

  it(`logs in as ${LAB_LOGIN_ACCOUNT.name}, not root`, () => {
    assert.strictEqual(report.loginUser, LAB_LOGIN_ACCOUNT.name);
  });

  it("exec channels return exactly what vtysh prints, for a vtysh login and a shell login", () => {
    assert.strictEqual(report.exec.length, 2);
    for (const run of report.exec) {
      assert.strictEqual(run.code, 0, `${run.router} (${run.login}): exit ${run.code}`);
      assert.strictEqual(run.stdout, run.expected, `${run.router} (${run.login}): ${run.command} over SSH differs from vtysh's own output`);
    }
  });

  it("pty shells show no noise before the first prompt", () => {
    assert.strictEqual(report.greetings.length, 2);
    for (const { router, text } of report.greetings) assert.deepStrictEqual(noiseIn(text), [], `${router}: ${JSON.stringify(text)}`);
  });

  it("the switch provider creates, reads back and deletes on both routers, one SSH login each, no drift", () => {
    assert.strictEqual(report.provider.length, 6, JSON.stringify(report.provider));
    for (const op of report.provider) {
      assert.strictEqual(op.error, null, `${op.router} ${op.operation}: ${op.error}`);
      assert.deepStrictEqual(op.drift, [], `${op.router} ${op.operation}`);
      assert.strictEqual(op.logins, 1, `${op.router} ${op.operation}: SSH logins`);
    }
    assert.ok(report.baselinesRestored, "delete restored both routers' running config exactly");
  });

  it("node steps print only their changed/unchanged lines and succeed, twice", () => {
    assert.strictEqual(report.nodeSteps.length, 4, JSON.stringify(report.nodeSteps));
    for (const step of report.nodeSteps) {
      assert.strictEqual(step.code, 0, `${step.step} run ${step.run}: ${step.stdout}${step.stderr}`);
      const other = step.stdout.split("\n").filter((line) => line !== "" && !/^(un)?changed: /.test(line));
      assert.deepStrictEqual(other, [], `${step.step} run ${step.run}: stdout must hold only changed/unchanged lines`);
      assert.deepStrictEqual(noiseIn(step.stderr), [], `${step.step} run ${step.run} stderr`);
    }
  });

  it("left the host's real start-up files as they were, and no mount behind", () => {
    for (const [path, digestBefore] of digestsBefore) assert.strictEqual(digest(path), digestBefore, `${path} changed`);
    const mounts = readFileSync("/proc/self/mountinfo", "utf8");
    assert.ok(!mounts.includes(dir), `a bind mount from ${dir} is visible to the host`);
  });
});
