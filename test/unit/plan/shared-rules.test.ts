// The plan and the node renderers must agree: a name the plan accepts renders, a name it refuses
// is refused by the renderer with the same reason, so nothing passes preview and fails on a node.

import { strict as assert } from "assert";
import { checkNicName } from "../../../components/plan/interface-names";
import { SUPPORTED_KUBERNETES } from "../../../components/plan/kubernetes-releases";
import { KUBERNETES_MINORS } from "../../../components/nodes/kube-versions";
import { interfaceName, nodeName } from "../../../components/nodes/script-values";
import { NODE_NAME_PATTERN } from "../../../model/cli-safe";

const NICS = ["ens3", "eth0", "enp0s31f6", "bond0.100", "lo", "lo0", "Lo", "eth 1", "1eth", "ens3;reboot", "a234567890123456", "a23456789012345", ""];
const NODE_NAMES = ["k-master", "w1", "Worker-1", "w1-", "w_1", "-w1", "1w", "a".repeat(63), "a".repeat(64)];

describe("rules shared by the plan and the node renderers", () => {
  for (const nic of NICS) {
    it(`NIC '${nic}': the renderer decides as the plan does`, () => {
      const planned = checkNicName(nic);
      let rendered: string | Error;
      try {
        rendered = interfaceName("nodes.k-w1.nic", nic);
      } catch (error) {
        rendered = error as Error;
      }
      if (planned.ok) assert.equal(rendered, nic);
      else assert.equal((rendered as Error).message, `nodes.k-w1.nic: ${planned.reason} — ${planned.fix}`);
    });
  }

  for (const name of NODE_NAMES) {
    it(`node name '${name.length > 20 ? `${name.length} characters` : name}': the renderer decides as the plan does`, () => {
      const accepted = NODE_NAME_PATTERN.test(name);
      if (accepted) assert.equal(nodeName("node.name", name), name);
      else assert.throws(() => nodeName("node.name", name), /is not a Kubernetes node name: lowercase letters/);
    });
  }

  it("supports exactly the Kubernetes minors whose node facts exist", () => {
    assert.deepEqual(Object.keys(SUPPORTED_KUBERNETES), Object.keys(KUBERNETES_MINORS));
  });
});
