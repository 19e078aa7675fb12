// lab:down after lab:up was killed with SIGKILL half-way: the state file recorded each namespace
// before it was made and each process as it started, so nothing is left behind.

import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { labPaths, PROJECT_ROOT, takeLabDown } from "../../lab/stack-lab";
import { listNamespaces } from "../../lab/netns";
import { isRunning } from "../../lab/processes";
import { readLabState } from "../../lab/stack-lab/state";

describe("lab: lab:down after a SIGKILL of lab:up", function () {
  this.timeout(300_000);
  let tmp: string;

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("stops every recorded process and removes every namespace, path and file of the half-built lab", async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-lab-kill-"));
    fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
    const labStack = `lab-kill-${process.pid}`;
    const env = { ...process.env, KUBE_FABRIC_LAB_DIR: tmp };
    const paths = labPaths("dev", labStack, env);
    const tsNode = path.join(PROJECT_ROOT, "node_modules", ".bin", "ts-node");
    const child = spawn(tsNode, ["-T", path.join(PROJECT_ROOT, "scripts/lab.ts"), "up", "dev", "--as", labStack], { cwd: PROJECT_ROOT, env, stdio: "ignore" });
    try {
      // Kill it once FRR runs on some switches (their daemons and sshds are recorded).
      const deadline = Date.now() + 240_000;
      for (;;) {
        const state = readLabState(paths.stateDir);
        if (state && state.processes.length >= 6) break;
        assert.equal(child.exitCode, null, "lab:up ended before it could be killed");
        assert.ok(Date.now() < deadline, "lab:up did not start two switches within 240 s");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const recorded = readLabState(paths.stateDir);
    assert.ok(recorded && !recorded.complete);
    assert.ok(recorded.processes.some(isRunning), "the killed lab:up left daemons running");
    assert.ok(listNamespaces().some((n) => n.startsWith(recorded.labId)));

    const downStarted = Date.now();
    await takeLabDown({ ...paths }, (line) => console.log(line));
    console.log(`lab:down took ${Date.now() - downStarted} ms`);
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
    assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
    assert.deepEqual(fs.readdirSync("/var/run/frr").filter((n) => n.startsWith(recorded.labId)), []);
    assert.equal(fs.existsSync(paths.stateDir), false);
    assert.equal(fs.existsSync(paths.stackFile), false);
  });
});
