// The kube-packages step's installed_version helper, run in bash as the step runs it (set -euo
// pipefail) against a stand-in dpkg-query: a package dpkg has never heard of (every fresh node's
// kubeadm; dpkg-query exits 1) is "not installed", not a failure of the step.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderKubePackages } from "../../../components/nodes/kube-packages";
import { seedPlan } from "./seed-scripts";

describe("kube-packages: installed_version", () => {
  const helper = renderKubePackages(seedPlan().kubernetes).script.split("\n").find((line) => line.startsWith("installed_version() "));
  let stubs: string;

  before(() => {
    stubs = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-dpkg-"));
    // As dpkg-query 1.21 answers: kubelet installed, kubeadm removed with its config kept, anything else unknown.
    const dpkgQuery = [
      "#!/bin/sh",
      'for package; do :; done',
      'case "$package" in',
      "  kubelet) printf 'install ok installed 1.28.15-1.1' ;;",
      "  kubeadm) printf 'deinstall ok config-files 1.28.14-1.1' ;;",
      "  *) echo \"dpkg-query: no packages found matching $package\" >&2; exit 1 ;;",
      "esac",
    ].join("\n");
    fs.writeFileSync(path.join(stubs, "dpkg-query"), `${dpkgQuery}\n`, { mode: 0o755 });
  });

  after(() => fs.rmSync(stubs, { recursive: true, force: true }));

  function installedVersion(pkg: string): { status: number | null; stdout: string; stderr: string } {
    const program = `set -euo pipefail\nPATH=${stubs}:$PATH\n${helper}\nversion=$(installed_version ${pkg})\nprintf '[%s]' "$version"\n`;
    const result = spawnSync("bash", ["-c", program], { encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("is in the script", () => assert.ok(helper, "no installed_version() line"));

  it("gives the version of an installed package", () => {
    assert.deepEqual(installedVersion("kubelet"), { status: 0, stdout: "[1.28.15-1.1]", stderr: "" });
  });

  it("gives nothing for a package that is not installed, or that dpkg has never heard of, and the step goes on", () => {
    assert.deepEqual(installedVersion("kubeadm"), { status: 0, stdout: "[]", stderr: "" });
    assert.deepEqual(installedVersion("kubectl"), { status: 0, stdout: "[]", stderr: "" });
  });
});
