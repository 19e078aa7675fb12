// How the migration bench counts a lost packet: no reply came back. Routes never make a packet
// delivered or lost; they only say where a lost one went.
import assert from "assert";
import { countFlow, PathSample, PingFlow, reportSteps, StepWindow } from "../../../bench/migration-accounting";

const flow = (packets: Array<[number, boolean]>): PingFlow => ({
  label: "n1→n2",
  fromNode: "n1",
  toNode: "n2",
  fromBlock: "B1",
  toBlock: "B2",
  packets: packets.map(([at, replied], i) => ({ seq: i + 1, at, replied })),
});
const window: StepWindow = { name: "step", from: 10, to: 20, convergeSeconds: 1 };
const sample = (at: number, node: string, block: string, kind: PathSample["kind"]): PathSample => ({ at, node, block, kind });

describe("migration bench accounting", () => {
  it("counts only the packets sent inside the step's window", () => {
    const counted = countFlow(flow([[9.9, false], [10, true], [15, false], [20, false]]), window, []);
    assert.deepStrictEqual(counted, { sent: 2, lost: 1, lostIntoLeaf: 0 });
  });

  it("a reply is a delivery whatever the routes said; a loss while a leg tunnelled into the leaf is named so", () => {
    const samples = [sample(9, "n1", "B2", "native"), sample(9, "n2", "B1", "native"), sample(12, "n2", "B1", "tunnel-to-non-node"), sample(14, "n2", "B1", "native")];
    const counted = countFlow(flow([[11, false], [12.5, true], [13.9, false], [14.1, false]]), window, samples);
    assert.deepStrictEqual(counted, { sent: 4, lost: 3, lostIntoLeaf: 1 });
  });

  it("a loss while both legs tunnel to nodes is a loss", () => {
    const samples = [sample(9, "n1", "B2", "tunnel-to-node"), sample(9, "n2", "B1", "tunnel-to-node")];
    const counted = countFlow(flow([[11, false], [16, true]]), window, samples);
    assert.deepStrictEqual(counted, { sent: 2, lost: 1, lostIntoLeaf: 0 });
  });

  it("sums the flows per step", () => {
    const reports = reportSteps([window, { name: "next", from: 20, to: 30, convergeSeconds: 2 }], [flow([[11, true], [21, false]]), flow([[12, false]])], []);
    assert.deepStrictEqual(reports.map((r) => [r.step.name, r.sent, r.lost]), [["step", 2, 1], ["next", 1, 1]]);
  });
});
