// Every script reads its command line the same way (scripts/lib/command-line.ts, node:util
// parseArgs, strict): what it accepts, and one clear error for anything else.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { parseCommandLine } from "../../../scripts/lib/command-line";
import { parseLabArgs } from "../../../scripts/lab";
import { PROJECT_ROOT } from "../../support/dev-stack";

const OPTIONS = {
  out: { type: "string", valueName: "FILE" },
  format: { type: "string", valueName: "FORMAT", values: ["svg", "dot"] },
  "dry-run": { type: "boolean" },
} as const;

describe("scripts: the command line", () => {
  it("reads positionals, --flag value and --flag=value, and booleans", () => {
    const none = parseCommandLine([], OPTIONS, ["stack"]);
    assert.deepEqual([{ ...none.values }, none.positionals], [{}, []]);
    const read = parseCommandLine(["lab", "--out", "x.yml", "--format=dot", "--dry-run"], OPTIONS, ["stack"]);
    assert.deepEqual(read.positionals, ["lab"]);
    assert.deepEqual({ ...read.values }, { out: "x.yml", format: "dot", "dry-run": true });
  });

  it("an unknown flag names everything the command takes", () => {
    assert.throws(() => parseCommandLine(["--outt", "x"], OPTIONS, ["stack"]), {
      message: "unknown option --outt: this command takes [stack] [--out FILE] [--format svg|dot] [--dry-run]",
    });
    assert.throws(() => parseCommandLine(["-x"], {}, []), { message: "unknown option -x: this command takes no arguments" });
  });

  it("a flag without its value, a value off its list, a value on a boolean and one positional too many are errors", () => {
    assert.throws(() => parseCommandLine(["--out"], OPTIONS, ["stack"]), { message: "--out needs a value (--out FILE)" });
    assert.throws(() => parseCommandLine(["--out="], OPTIONS, ["stack"]), { message: "--out needs a value (--out FILE)" });
    assert.throws(() => parseCommandLine(["--format", "png"], OPTIONS, ["stack"]), { message: "--format png: use one of svg, dot" });
    assert.throws(() => parseCommandLine(["--dry-run=yes"], OPTIONS, []), { message: "--dry-run takes no value" });
    assert.throws(() => parseCommandLine(["a", "b"], OPTIONS, ["stack"]), { message: "unexpected argument b: this command takes [stack] [--out FILE] [--format svg|dot] [--dry-run]" });
  });

  it("lab:up/down/status read their flags through it", () => {
    assert.deepEqual(parseLabArgs(["calico", "--as", "mylab", "--calico-start=defaults", "--nodes", "vm"]), { sourceStack: "calico", labStack: "mylab", calicoStart: "defaults", nodes: "vm" });
    assert.deepEqual(parseLabArgs([]), { sourceStack: "dev", labStack: "lab" });
    assert.throws(() => parseLabArgs(["--nodes", "kvm"]), { message: "--nodes kvm: use one of vm, namespace" });
    assert.throws(() => parseLabArgs(["--bogus"]), /^Error: unknown option --bogus: this command takes \[source stack\] \[--as LABSTACK\] \[--calico-start fresh\|defaults\] \[--nodes vm\|namespace\]$/);
  });

  for (const script of ["diagram.ts", "print-plan.ts", "verify.ts"]) {
    it(`${script} refuses an unknown flag with exit code 1 and that one line`, function () {
      this.timeout(120_000);
      const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "-T", path.join(PROJECT_ROOT, "scripts", script), "--no-such-flag"], { cwd: PROJECT_ROOT, encoding: "utf8" });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr.trim(), /^(error: )?unknown option --no-such-flag: this command takes /);
      assert.equal(run.stdout, "");
    });
  }
});
