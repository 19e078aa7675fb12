// The pure script and config generators: what they render for the seed lab, and the clear
// errors for values they must not embed. No I/O (the real runs are in test/nodes).

import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { nodeConnection } from "../../../components/nodes";
import { renderContainerd } from "../../../components/nodes/containerd";
import { hostsEntries, renderHostname, renderHostsBlock } from "../../../components/nodes/hostname";
import { kubernetesReleaseFacts } from "../../../components/nodes/kube-versions";
import { renderKubePackages } from "../../../components/nodes/kube-packages";
import { renderKubeadmJoin } from "../../../components/nodes/kubeadm-join";
import { renderNetplan, renderNetplanYaml } from "../../../components/nodes/netplan";
import { renderOsCheck } from "../../../components/nodes/os-check";
import { rootStdin, runAsRoot } from "../../../components/nodes/run-as-root";
import { writeFileHeredoc } from "../../../components/nodes/script";
import { allSeedScripts, controlPlaneOf, seedPlan } from "./seed-scripts";

describe("node script generators", () => {
  const plan = seedPlan();
  const master = controlPlaneOf(plan);

  describe("Kubernetes release facts", () => {
    it("gives kubeadm 1.28 the pause:3.9 sandbox image and the v1beta3 config API", () => {
      assert.deepEqual(kubernetesReleaseFacts("1.28.15"), {
        minor: "1.28",
        version: "1.28.15",
        sandboxImage: "registry.k8s.io/pause:3.9",
        kubeadmApiVersion: "kubeadm.k8s.io/v1beta3",
      });
      assert.equal(kubernetesReleaseFacts("v1.28.15").version, "1.28.15");
    });

    it("refuses a minor it does not know, naming the field and the fix", () => {
      assert.throws(() => kubernetesReleaseFacts("1.31.2"), /topology\.kubernetes\.version: Kubernetes 1\.31\.2 has minor 1\.31.*use a 1\.28, 1\.29, 1\.30 release, or add 1\.31 to components\/nodes\/kube-versions\.ts/);
      assert.throws(() => kubernetesReleaseFacts("1.28"), /is not a Kubernetes release such as 1\.28\.15/);
      assert.throws(() => renderContainerd({ version: "1.27.9" }), /minor 1\.27/);
    });
  });

  it("renders the seed's netplan for k-master: /31 on ens3, 10.0.0.0/8 via the leaf, nothing else", () => {
    assert.equal(
      renderNetplanYaml(master),
      [
        "# Managed by kube-fabric: the fabric NIC of k-master, a routed /31 to Leaf-1 Ethernet2.",
        "# Other interfaces are configured in other files and left alone.",
        "network:",
        "  version: 2",
        "  ethernets:",
        "    ens3:",
        "      dhcp4: false",
        "      addresses:",
        "        - 10.0.11.1/31",
        "      routes:",
        "        - to: 10.0.0.0/8",
        "          via: 10.0.11.0",
        "",
      ].join("\n"),
    );
    assert.match(renderNetplanYaml({ ...master, fabricRoute: "default" }), /- to: default\n {10}via: 10\.0\.11\.0\n/);
  });

  it("refuses plan values that would change a script's meaning, naming the field", () => {
    assert.throws(() => renderNetplan({ ...master, nic: "ens3;reboot" }), /nodes\.k-master\.nic: 'ens3;reboot' is not a Linux interface name/);
    assert.throws(() => renderNetplan({ ...master, fabricAddress: "10.0.11.1/24" }), /must be the node's end of a \/31/);
    assert.throws(() => renderNetplan({ ...master, leafPeerAddress: "$(id)" }), /leafPeerAddress: '\$\(id\)' is not an IPv4 address/);
    assert.throws(() => renderHostname("k-master`id`", hostsEntries(plan.nodes)), /is not a Kubernetes node name/);
    assert.throws(() => renderNetplan({ ...master, nic: "lo" }), /nodes\.k-master\.nic: .lo. is the loopback, not a NIC/);
    assert.throws(() => hostsEntries([{ ...master, name: "bad name" }]), /nodes\[0\]\.name: 'bad name'/);
  });

  it("lists every node of the plan in the /etc/hosts block, by fabric address", () => {
    assert.equal(
      renderHostsBlock(hostsEntries(plan.nodes)),
      "# BEGIN kube-fabric nodes (managed by kube-fabric: edits inside this block are overwritten)\n" +
        "10.0.11.1 k-master\n10.1.11.1 k-w1\n10.2.22.1 k-w2\n10.3.33.1 k-w3\n# END kube-fabric nodes\n",
    );
  });

  it("accepts Ubuntu 22.04/24.04 and Debian 12, with no test-only switch, and names them when it refuses", () => {
    const script = renderOsCheck().script;
    assert.match(script, /^ {2}ubuntu:22\.04\|ubuntu:24\.04\|debian:12\) ;;$/m);
    assert.match(script, /this node runs .*; kube-fabric supports Ubuntu 22\.04\/24\.04 and Debian 12: reinstall the node with one of them"/);
    assert.match(script, /cannot read \$os_release: kube-fabric supports Ubuntu 22\.04\/24\.04 and Debian 12"/);
    assert.doesNotMatch(script, /test-only/);
  });

  it("pins the Kubernetes packages to the planned release from its minor's repository, and holds them", () => {
    const script = renderKubePackages(plan.kubernetes).script;
    assert.match(script, /^repository='https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.28\/deb\/'$/m);
    assert.match(script, /^version='1\.28\.15'$/m);
    assert.match(script, /apt-mark hold "\$package"/);
  });

  it("starts every script strict, with stdin closed unless the step reads a payload line", () => {
    for (const s of allSeedScripts()) {
      const lines = s.script.split("\n");
      assert.equal(lines[0], "#!/usr/bin/env bash", s.label);
      assert.equal(lines[2], "set -euo pipefail", s.label);
      const closesStdin = lines.indexOf("exec </dev/null");
      assert.ok(closesStdin > 0 && closesStdin < 8, `${s.label} must close stdin at the top`);
      if (s.step === "kubeadm-join") assert.equal(lines[closesStdin - 1], "IFS= read -r kf_payload || true");
    }
  });

  it("never puts a token in the join script: the worker fills it in from stdin", () => {
    const script = renderKubeadmJoin(plan.kubernetes, plan.nodes[1]).script;
    assert.doesNotMatch(script, /[a-z0-9]{6}\.[a-z0-9]{16}/);
    assert.match(script, /token: @KUBE_FABRIC_JOIN_TOKEN@/);
  });

  describe("root and sudo", () => {
    it("sends the password and the payload only on stdin, one line each", () => {
      assert.equal(rootStdin("s3cret pass", undefined), "s3cret pass\n");
      assert.equal(rootStdin(undefined, "kubeadm join x  \n"), "\nkubeadm join x\n");
      assert.equal(rootStdin("pw", "payload"), "pw\npayload\n");
      assert.equal(rootStdin(undefined, undefined), undefined);
    });

    it("refuses a password with a line break without showing it", () => {
      assert.throws(
        () => rootStdin("line1\nline2-SECRET", undefined),
        (e: Error) => /kube-fabric:nodePassword contains a line break/.test(e.message) && !e.message.includes("SECRET"),
      );
    });

    it("wraps the script as a single-quoted word the login shell cannot expand", () => {
      const wrapped = runAsRoot({ step: "demo", script: "echo '$HOME' \"$(id)\"\n" });
      assert.match(wrapped, /^kf_script='echo '\\''\$HOME'\\'' "\$\(id\)"\n'$/m);
      assert.match(wrapped, /sudo -S -p '' bash --noprofile --norc -c "\$kf_script" kube-fabric-demo/);
      // No start-up file runs in the step's own bash, on any of the three paths to root.
      assert.equal(wrapped.match(/bash --noprofile --norc -c "\$kf_script"/g)?.length, 3);
    });

    it("needs a password or a private key to connect", () => {
      assert.throws(() => nodeConnection(master, {}), /nodes\.k-master: no SSH credentials: set the secret config kube-fabric:nodePrivateKey or kube-fabric:nodePassword/);
      const connection = nodeConnection(master, { privateKey: pulumi.output("key") });
      assert.equal(connection.hostKey, master.ssh.hostKey);
      assert.equal(connection.password, undefined);
    });
  });

  it("refuses file content that would end its here-document early", () => {
    assert.throws(() => writeFileHeredoc("/tmp/x", "a\nKUBE_FABRIC_EOF\nb\n"), /contains the here-document delimiter/);
  });
});
