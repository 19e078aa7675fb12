// stopTracked of a daemon that ignores SIGTERM: after the SIGKILL, the caller's code after the
// await runs. The daemon is unref'd, so a stop awaiting only its exit let Node end (exit code 0)
// with nothing else pending, in the middle of a lab:down.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const SCRIPT = `
const { spawnTracked, stopTracked } = require(${JSON.stringify(path.resolve(__dirname, "../../../lab/processes"))});
const os = require("os"), path = require("path");
(async () => {
  const log = path.join(os.tmpdir(), "kf-stop-tracked-" + process.pid + ".log");
  const proc = await spawnTracked("stubborn", "/bin/sh", ["-c", "trap '' TERM; while :; do sleep 0.1; done"], log);
  await new Promise((r) => setTimeout(r, 300));
  await stopTracked(proc, 200);
  require("fs").rmSync(log, { force: true });
  console.log("after stop: " + proc.hasExited());
  process.exitCode = 3;
})();
`;

describe("lab/processes stopTracked", () => {
  it("returns to its caller after SIGKILLing a daemon that ignores SIGTERM (Node does not end mid-stop)", () => {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", SCRIPT], { encoding: "utf8", timeout: 30_000 });
    assert.equal(result.stdout.trim(), "after stop: true", result.stderr);
    assert.equal(result.status, 3);
  });
});
