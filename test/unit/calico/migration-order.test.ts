// The move's order: nothing that carries traffic goes before its replacement is verified.
import assert from "assert";
import { migrationSteps } from "../../../components/calico/migration-order";

describe("Calico migration order", () => {
  it("to tor: bridges, IPIP off, eBGP (per-node AS + peers + mesh off), bridges off — each with its gate", () => {
    assert.deepStrictEqual(migrationSteps("overlay", "tor").map((s) => [s.name, s.gate.kind]), [
      ["bridges-on", "leaf-bridges"],
      ["ipip-off", "node-encapsulation"],
      ["ebgp-on", "leaf-sessions"],
      ["bridges-off", "leaf-bridges"],
    ]);
  });

  it("back: bridges, eBGP off (mesh back), IPIP on only after no leaf route is left, bridges off", () => {
    assert.deepStrictEqual(migrationSteps("tor", "overlay").map((s) => [s.name, s.gate.kind]), [
      ["bridges-on", "leaf-bridges"],
      ["ebgp-off", "node-mesh"],
      ["ipip-on", "node-encapsulation"],
      ["bridges-off", "leaf-bridges"],
    ]);
  });

  it("IPIP is never on while nodes peer with a leaf, in either direction", () => {
    for (const [from, to] of [["overlay", "tor"], ["tor", "overlay"]] as const) {
      let ipip = from === "overlay";
      let ebgp = from === "tor";
      for (const step of migrationSteps(from, to)) {
        if (step.change.kind === "encapsulation") ipip = step.change.ipipMode === "Always";
        if (step.change.kind === "ebgp") ebgp = step.change.enabled;
        assert.ok(!(ipip && ebgp), `${from}→${to}: after ${step.name} IPIP and leaf peering are both on`);
      }
    }
  });

  it("no move when the routing stays", () => {
    assert.deepStrictEqual(migrationSteps("tor", "tor"), []);
  });
});
