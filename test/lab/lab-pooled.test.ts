// The second topology (Pulumi.pooled.yaml: pooled addressing, two spines) through the same path as
// npm start: lab:up → pulumi up → verify passes with ECMP over both spines → a spine shut down
// mid-run (every port down, as a power cut looks to its leaves) → the client still reaches every
// node and pod → lab:down.

import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bringLabUp, labPaths, LabPaths, takeLabDown } from "../../lab/stack-lab";
import { run } from "../../lab/exec";
import { labPulumi, pulumiOk } from "../../lab/stack-lab/pulumi-cli";
import { LabState } from "../../lab/stack-lab/state";
import { pingReplies, renderTable } from "../../verify/checks";
import { verifyStack } from "../../verify/stack";
import { requireEngine } from "../../tools/engine/engine-env";

describe("lab: the pooled two-spine topology, ECMP and a spine going down", function () {
  this.timeout(900_000);
  let tmp: string;
  let paths: LabPaths;
  let state: LabState;

  before(async () => {
    requireEngine();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-lab-pooled-"));
    fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
    paths = labPaths("pooled", `lab-pooled-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
    state = (await bringLabUp(paths, () => undefined)).state;
    pulumiOk(labPulumi(paths.projectDir, paths.stateDir, paths.labStack), ["up", "--stack", paths.labStack, "--yes", "--skip-preview", "--non-interactive"]);
  });

  after(async () => {
    if (paths) await takeLabDown(paths).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("verify passes, with every leaf reaching the other leaf's pod blocks over both spines", async () => {
    const report = await verifyStack(paths.labStack, () => undefined, { waitMs: 180_000, env: { KUBE_FABRIC_LAB_DIR: tmp } });
    assert.ok(report.ok, renderTable(report.results));
    const ecmp = report.results.filter((r) => r.check === "ecmp");
    assert.equal(ecmp.length, 3, "leaf1 → node3's block, leaf2 → node1's and node2's");
    for (const r of ecmp) assert.match(r.detail, /via \S+, \S+$/, `${r.device} ${r.subject}: two next hops`);
  });

  it("keeps the client reaching every node and pod while spine1 goes down", async () => {
    const client = state.namespaces.find((n) => n.endsWith("-client")) as string;
    const spine = state.namespaces.find((n) => n.endsWith("-spine1")) as string;
    // A steady stream from the client to node1 (on the other leaf) across the cut.
    const pinger = spawn("ip", ["netns", "exec", client, "ping", "-n", "-i", "0.05", "-c", "200", "-W", "1", "10.0.1.1"], { stdio: ["ignore", "pipe", "ignore"] });
    let output = "";
    pinger.stdout.on("data", (d: Buffer) => (output += d.toString()));
    const done = new Promise((resolve) => pinger.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const port of ["eth1", "eth2"]) await run("ip", ["-n", spine, "link", "set", port, "down"]);
    await done;
    const { sent, received } = pingReplies(output);
    assert.equal(sent, 200);
    // Losing the carrier drops the OSPF adjacency at once on the leaf side: at most a few packets in flight.
    assert.ok(sent - received <= 5, `${sent - received} of ${sent} pings lost across the cut`);
    const report = await verifyStack(paths.labStack, () => undefined, { waitMs: 60_000, pingsOnly: true, env: { KUBE_FABRIC_LAB_DIR: tmp } });
    const pings = report.results.filter((r) => r.check === "ping");
    assert.ok(pings.length > 0 && pings.every((r) => r.ok), renderTable(pings));
  });
});
