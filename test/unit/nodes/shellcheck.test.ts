// Every generated script, and the root/sudo wrapper around each, passes shellcheck: the step
// scripts as bash, the wrappers as POSIX sh (the SSH server runs them with the login shell).

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { runAsRoot } from "../../../components/nodes/run-as-root";
import { allSeedScripts } from "./seed-scripts";

function shellcheck(shell: "bash" | "sh", text: string): { status: number | null; output: string; missing: boolean } {
  const result = spawnSync("shellcheck", ["--shell", shell, "--severity", "info", "-"], { input: text, encoding: "utf8" });
  const missing = result.error !== undefined && (result.error as NodeJS.ErrnoException).code === "ENOENT";
  return { status: result.status, output: `${result.stdout}${result.stderr}`, missing };
}

describe("generated node scripts pass shellcheck", function () {
  this.timeout(120_000);
  const scripts = allSeedScripts();

  before(() => {
    const probe = shellcheck("bash", "true\n");
    if (probe.missing) {
      throw new Error("shellcheck is not installed: apt-get install -y shellcheck (Debian package), then run this test again");
    }
  });

  it("covers every step of the bootstrap and the cluster", () => {
    const steps = new Set(scripts.map((s) => s.step));
    const expected = ["os-check", "hostname", "netplan", "swap", "kernel-modules", "sysctl", "containerd", "kube-packages", "kubeadm-init", "read-kubeconfig", "join-token", "kubeadm-join", "drain-on-destroy", "drain-worker", "kubeadm-reset", "release-holds"];
    assert.deepEqual([...steps].sort(), [...expected].sort());
  });

  it("step scripts (bash), with no finding at any severity", () => {
    const failures = scripts
      .map((s) => ({ s, r: shellcheck("bash", s.script) }))
      .filter(({ r }) => r.status !== 0)
      .map(({ s, r }) => `--- ${s.label}\n${r.output}`);
    assert.equal(failures.length, 0, failures.join("\n"));
  });

  it("root/sudo wrappers (POSIX sh), with no finding at any severity", () => {
    const failures = scripts
      .map((s) => ({ s, r: shellcheck("sh", runAsRoot(s)) }))
      .filter(({ r }) => r.status !== 0)
      .map(({ s, r }) => `--- ${s.label} (wrapper)\n${r.output}`);
    assert.equal(failures.length, 0, failures.join("\n"));
  });

  it("would catch a broken script (shellcheck really runs)", () => {
    const r = shellcheck("bash", "#!/usr/bin/env bash\nrm -rf $dir/*\n");
    assert.notEqual(r.status, 0, "shellcheck accepted an unquoted rm -rf $dir/*");
    assert.match(r.output, /SC2086|SC2115|SC2154/);
  });
});
