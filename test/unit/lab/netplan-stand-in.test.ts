// The lab node's `netplan apply` stand-in, run in sh as a node runs it, against networkd files as
// Debian's `netplan generate` writes them (copied from bookworm's netplan 0.106 output) and an `ip`
// that records what it was asked: it must do what networkd would with those files, and pass every
// other netplan command to the real netplan untouched.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderNetplanStandIn } from "../../../lab/stack-lab/netplan-stand-in";

const FABRIC_NIC = "[Match]\nName=ens3\n\n[Network]\nLinkLocalAddressing=ipv6\nAddress=10.0.11.1/31\n\n[Route]\nDestination=10.0.0.0/8\nGateway=10.0.11.0\n";
const DEFAULT_ROUTE = "[Match]\nName=ens4\n\n[Network]\nLinkLocalAddressing=ipv6\nAddress=10.5.0.2/24\nAddress=fd00::2/64\n\n[Route]\nDestination=0.0.0.0/0\nGateway=10.5.0.1\n";
const ABSENT_LINK = "[Match]\nName=ens9\n\n[Network]\nAddress=10.9.0.2/24\n";

describe("lab: netplan apply stand-in", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-netplan-"));
    fs.mkdirSync(path.join(dir, "bin"));
    fs.mkdirSync(path.join(dir, "network"));
    // ip: records every call; `link show` knows ens3 and ens4 only.
    const ip = ["#!/bin/sh", `echo "ip $*" >> ${dir}/calls`, 'case "$*" in "link show dev ens9") exit 1 ;; esac', "exit 0"].join("\n");
    fs.writeFileSync(path.join(dir, "bin", "ip"), `${ip}\n`, { mode: 0o755 });
    const real = ["#!/bin/sh", `echo "netplan $*" >> ${dir}/calls`].join("\n");
    fs.writeFileSync(path.join(dir, "bin", "real-netplan"), `${real}\n`, { mode: 0o755 });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function netplan(...args: string[]): { status: number | null; calls: string[]; stderr: string } {
    const script = path.join(dir, "netplan");
    fs.writeFileSync(script, renderNetplanStandIn(path.join(dir, "bin", "real-netplan")), { mode: 0o755 });
    const env = { ...process.env, PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, KF_NETWORKD_DIR: path.join(dir, "network") };
    const result = spawnSync("sh", [script, ...args], { encoding: "utf8", env });
    const calls = fs.existsSync(path.join(dir, "calls")) ? fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n") : [];
    return { status: result.status, calls, stderr: result.stderr };
  }

  it("apply: generates, then sets each file's link, IPv4 addresses and routes with ip", () => {
    fs.writeFileSync(path.join(dir, "network", "10-netplan-ens3.network"), FABRIC_NIC);
    fs.writeFileSync(path.join(dir, "network", "10-netplan-ens4.network"), DEFAULT_ROUTE);
    const result = netplan("apply");
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, [
      "netplan generate",
      "ip link show dev ens3",
      "ip link set dev ens3 up",
      "ip -4 address replace 10.0.11.1/31 dev ens3",
      "ip -4 route replace 10.0.0.0/8 via 10.0.11.0 dev ens3",
      "ip link show dev ens4",
      "ip link set dev ens4 up",
      "ip -4 address replace 10.5.0.2/24 dev ens4",
      "ip -4 route replace 0.0.0.0/0 via 10.5.0.1 dev ens4",
    ]);
  });

  it("apply: a file for a link the node does not have is left alone, as networkd leaves it", () => {
    fs.writeFileSync(path.join(dir, "network", "10-netplan-ens9.network"), ABSENT_LINK);
    const result = netplan("apply");
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, ["netplan generate", "ip link show dev ens9"]);
  });

  it("every other command is the real netplan's, arguments unchanged", () => {
    const result = netplan("get", "ethernets.ens3");
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.calls, ["netplan get ethernets.ens3"]);
  });

  it("apply fails as the real one does when generate fails", () => {
    fs.writeFileSync(path.join(dir, "bin", "real-netplan"), "#!/bin/sh\necho 'Error in network definition' >&2\nexit 1\n", { mode: 0o755 });
    const result = netplan("apply");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Error in network definition/);
  });
});
