// A step's stdout payload (the admin kubeconfig, the join command) is read between markers, so a
// node whose shell start-up files print something still hands over exactly the payload.

import { strict as assert } from "assert";
import { bashScript, payloadFromStdout, STEP_PAYLOAD_BEGIN, STEP_PAYLOAD_END } from "../../../components/nodes/script";

const wrap = (payload: string) => `${STEP_PAYLOAD_BEGIN}\n${payload}\n${STEP_PAYLOAD_END}\n`;

describe("step payload on stdout", () => {
  it("takes exactly the payload, whatever a login shell printed before or after it", () => {
    const kubeconfig = "apiVersion: v1\nkind: Config\n";
    assert.equal(payloadFromStdout("read-kubeconfig", wrap(kubeconfig)), kubeconfig);
    assert.equal(payloadFromStdout("read-kubeconfig", `Welcome!\nhello from .bashrc\n${wrap(kubeconfig)}bye\n`), kubeconfig);
    assert.equal(payloadFromStdout("join-token", wrap("kubeadm join 10.0.11.1:6443")), "kubeadm join 10.0.11.1:6443");
    assert.equal(payloadFromStdout("join-token", wrap("")), "");
  });

  it("takes the payload from stdout as @pulumi/command hands it over: its last newline trimmed", () => {
    // Seen on the first real `pulumi up` of VM nodes: the end marker was the last line with no newline
    // after it, and the admin kubeconfig was refused as incomplete.
    const kubeconfig = "apiVersion: v1\nkind: Config\n";
    assert.equal(payloadFromStdout("read-kubeconfig", wrap(kubeconfig).replace(/\n$/, "")), kubeconfig);
    assert.throws(() => payloadFromStdout("read-kubeconfig", `${STEP_PAYLOAD_BEGIN}\nx\n${STEP_PAYLOAD_END}-not`), /no complete payload/);
  });

  it("fails without quoting stdout when a marker is missing", () => {
    for (const stdout of ["apiVersion: v1 SECRET\n", `${STEP_PAYLOAD_BEGIN}\nSECRET\n`, `SECRET\n${STEP_PAYLOAD_END}\n`]) {
      assert.throws(
        () => payloadFromStdout("read-kubeconfig", stdout),
        (e: Error) => /step read-kubeconfig: its output has no complete payload between kube-fabric's markers/.test(e.message) && !e.message.includes("SECRET"),
      );
    }
  });

  it("only printsPayload steps print the markers, around the body", () => {
    const plain = bashScript("demo", "demo", "kf_unchanged ok");
    assert.ok(!plain.script.includes(STEP_PAYLOAD_BEGIN));
    const payload = bashScript("demo", "demo", "cat /etc/x", { printsPayload: true }).script;
    assert.ok(payload.indexOf(STEP_PAYLOAD_BEGIN) < payload.indexOf("cat /etc/x") && payload.indexOf("cat /etc/x") < payload.indexOf(STEP_PAYLOAD_END));
  });
});
