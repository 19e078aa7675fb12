// The Calico migration's switch steps against a real FRR leaf (network namespaces, real OpenSSH): the
// bridges typed and removed through the switch provider's change machinery, and the leaf gate reading
// the leaf through the provider's SSH session and FRR parsers — passing, and failing after its bound
// naming the missing session.
import { strict as assert } from "assert";
import { renderFrrBridges } from "../../providers/dialects/frr/render";
import { renderEosBridges } from "../../providers/dialects/eos/render";
import { EosDoubleHandle, startEosDouble } from "../support/eos-double";
import { performStep } from "../../components/calico/steps/provider";
import { linesAsText } from "../../components/calico/chain-targets";
import type { LeafTarget, StepCredentials } from "../../components/calico/steps/types";
import { FrrLab, startFrrLab } from "../../lab/frr-lab";

const BRIDGES = renderFrrBridges({
  routes: [
    { prefix: "10.244.111.0/26", nextHop: "10.0.11.1", distance: 250 },
    { prefix: "10.244.95.0/26", nextHop: "10.0.11.1", distance: 250 },
  ],
  ospfProcessId: 1,
});

describe("Calico migration steps on a real FRR leaf", function () {
  this.timeout(300_000);
  let lab: FrrLab;
  let leaf: LeafTarget;
  let credentials: StepCredentials;

  before(async () => {
    lab = await startFrrLab({
      routers: [{ name: "leaf" }, { name: "node" }],
      links: [{ a: { router: "leaf", interface: "Ethernet2", address: "10.0.11.0/31" }, b: { router: "node", interface: "ens3", address: "10.0.11.1/31" } }],
    });
    await lab.router("leaf").vtysh(["configure terminal", "router ospf", "ospf router-id 10.255.0.1", "end"]);
    const ssh = lab.router("leaf").ssh;
    leaf = { device: "leaf", dialect: "frr", connection: { host: ssh.host, port: ssh.port, username: ssh.user, hostKey: ssh.hostKey } };
    credentials = { privateKey: ssh.privateKey };
  });

  after(async () => {
    await lab?.stop();
  });

  const running = () => lab.router("leaf").vtysh("show running-config");
  const bridges = (present: boolean) => performStep({ kind: "bridges", present, leaf, ownedConfig: BRIDGES, lines: linesAsText(BRIDGES), credentials, options: {} });
  const blocksGate = (timeoutSeconds: number, sessions: boolean) =>
    performStep({
      kind: "leaf-gate",
      what: sessions ? "every node session Established" : "every block on its leaf via its node",
      leaves: [{
        target: leaf,
        expect: {
          leaf: "leaf",
          sessions: sessions ? [{ node: "k-w1", address: "10.0.11.1" }] : [],
          blocks: [{ node: "k-w1", prefix: "10.244.111.0/26", nextHop: "10.0.11.1" }, { node: "k-w1", prefix: "10.244.95.0/26", nextHop: "10.0.11.1" }],
        },
      }],
      credentials,
      timeoutSeconds,
    });

  /** The prefixes the leaf announces into OSPF as externals (its own AS-external LSAs). */
  const externals = async () => {
    const text = await lab.router("leaf").vtysh("show ip ospf database external self-originate");
    return [...text.matchAll(/Link State ID: (\S+) \(External Network Number\)/g)].map((m) => m[1]).sort();
  };

  it("types the bridges (distance 250, redistributed into OSPF through their own route-map) and FRR runs them as written", async () => {
    // The operator's own static route on the leaf: not ours to put into OSPF.
    await lab.router("leaf").vtysh(["configure terminal", "ip route 198.51.100.0/24 blackhole", "end"]);
    await bridges(true);
    const config = await running();
    assert.match(config, /^ip route 10\.244\.111\.0\/26 10\.0\.11\.1 250$/m);
    assert.match(config, /^ip route 10\.244\.95\.0\/26 10\.0\.11\.1 250$/m);
    assert.match(config, /^router ospf\n(?: .*\n)*? redistribute static route-map KF-BRIDGES$/m);
  });

  it("only the bridges go into OSPF, not the leaf's other static routes", async () => {
    let seen: string[] = [];
    for (let i = 0; i < 50 && seen.length < 2; i++) {
      seen = await externals();
      if (seen.length < 2) await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(seen, ["10.244.111.0", "10.244.95.0"]);
  });

  it("the leaf gate passes: every block in the table via its node", async () => {
    await blocksGate(60, false);
  });

  it("a gate whose session never comes up stops after its bound, naming the session", async () => {
    const started = Date.now();
    await assert.rejects(blocksGate(5, true), /gate 'every node session Established' did not pass within 5 s; the chain stops here:\n {2}leaf: no BGP neighbor 10\.0\.11\.1 \(k-w1\)/);
    assert.ok(Date.now() - started < 60_000, "bounded");
  });

  it("removes the bridges and only them (the underlay's router ospf and the operator's route stay); removing again changes nothing", async () => {
    await bridges(false);
    const config = await running();
    assert.doesNotMatch(config, /ip route 10\.244\./);
    assert.doesNotMatch(config, /redistribute static|KF-BRIDGES|kube-fabric-baseline/);
    assert.match(config, /^ip route 198\.51\.100\.0\/24 blackhole$/m);
    assert.match(config, /^router ospf\n ospf router-id 10\.255\.0\.1$/m);
    await bridges(false);
    assert.equal(await running(), config);
  });
});

describe("Calico migration bridges on EOS (the EOS double)", function () {
  this.timeout(120_000);
  let double: EosDoubleHandle;
  const password = "bridges-SECRET-e05";

  before(async () => {
    double = await startEosDouble({ hostname: "Leaf-1", users: [{ username: "admin", password, privilege: 15 }] });
  });
  after(async () => {
    await double?.stop();
  });

  it("types `ip route P NH 250`, the KF-BRIDGES prefix-list and route-map, and `redistribute static route-map KF-BRIDGES` in router ospf 1 in a config session, and removes exactly them", async () => {
    const before = double.runningConfig();
    const lines = renderEosBridges({ routes: [{ prefix: "10.244.111.0/26", nextHop: "10.0.11.1", distance: 250 }], ospfProcessId: 1 });
    const leaf: LeafTarget = { device: "Leaf-1", dialect: "eos", connection: { host: double.host, port: double.port, username: "admin", hostKey: double.hostPublicKey } };
    const step = (present: boolean) => performStep({ kind: "bridges", present, leaf, ownedConfig: lines, lines: linesAsText(lines), credentials: { password }, options: {} });
    await step(true);
    assert.match(double.runningConfig(), /^ip route 10\.244\.111\.0\/26 10\.0\.11\.1 250$/m);
    assert.match(double.runningConfig(), /^router ospf 1\n(?: {3}.*\n)*? {3}redistribute static route-map KF-BRIDGES$/m);
    assert.match(double.runningConfig(), /^ip prefix-list KF-BRIDGES\n {3}seq 10 permit 10\.244\.111\.0\/26$/m);
    assert.match(double.runningConfig(), /^route-map KF-BRIDGES permit 10\n {3}match ip address prefix-list KF-BRIDGES$/m);
    await step(false);
    assert.equal(double.runningConfig(), before);
  });
});
