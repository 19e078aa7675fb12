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
import { HOSTS_TOML_MARKER, renderHostsToml } from "../../../components/nodes/registry-mirrors";
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
      assert.throws(() => renderContainerd({ version: "1.27.9", registryMirrors: [] }), /minor 1\.27/);
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
    assert.match(script, /^key_url='https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.28\/deb\/Release\.key'$/m);
    assert.match(script, /^version='1\.28\.15'$/m);
    assert.match(script, /apt-mark hold "\$package"/);
  });

  describe("a package repository of the site's own (topology.kubernetes.packageRepository)", () => {
    const mirror = { url: "http://10.9.0.1:8080/kubernetes/v1.28/deb/", keyUrl: "http://10.9.0.1:8080/keys/kubernetes.asc" };
    const script = renderKubePackages({ ...plan.kubernetes, packageRepository: mirror }).script;

    it("takes the packages and the key from there, never from pkgs.k8s.io", () => {
      assert.match(script, /^repository='http:\/\/10\.9\.0\.1:8080\/kubernetes\/v1\.28\/deb\/'$/m);
      assert.match(script, /^key_url='http:\/\/10\.9\.0\.1:8080\/keys\/kubernetes\.asc'$/m);
      assert.doesNotMatch(script, /pkgs\.k8s\.io/);
      assert.match(script, /kf_run curl -fsSL --retry 3 --max-time 60 -o "\$kf_tmp\/Release\.key" "\$key_url"$/m);
    });

    it("records beside the keyring which keyUrl it came from, and fetches the key again when that differs", () => {
      assert.match(script, /^keyring_source=\/etc\/apt\/keyrings\/kubernetes-apt-keyring\.source$/m);
      assert.match(script, /printf '# kube-fabric fetched %s from %s\\n' "\$keyring" "\$key_url" >"\$kf_tmp\/keyring\.source"/);
      assert.match(script, /if \[ -s "\$keyring" \] && cmp -s "\$kf_tmp\/keyring\.source" "\$keyring_source"; then/);
    });

    it("rewrites the sources line for the new repository and reads its package lists, even after an update for curl or gpg", () => {
      assert.match(script, /printf 'deb \[signed-by=%s\] %s \/\\n' "\$keyring" "\$repository" >"\$kf_tmp\/kubernetes\.list"/);
      assert.match(script, /if kf_install_file "\$kf_tmp\/kubernetes\.list" "\$sources" 644; then\n {2}sources_changed=1\n/);
      assert.match(script, /if \[ "\$sources_changed" = 1 \] \|\| \[ "\$key_changed" = 1 \]; then\n {2}updated=0\n {2}apt_update\nfi/);
    });

    it("refuses a URL that would change the script's meaning, naming the field", () => {
      assert.throws(
        () => renderKubePackages({ ...plan.kubernetes, packageRepository: { ...mirror, url: "http://10.9.0.1/deb/' /; reboot; '" } }),
        /topology\.kubernetes\.packageRepository\.url: .* is not a plain http\(s\) URL/,
      );
      assert.throws(
        () => renderKubePackages({ ...plan.kubernetes, packageRepository: { ...mirror, keyUrl: "http://10.9.0.1/key\nx" } }),
        /topology\.kubernetes\.packageRepository\.keyUrl: .* is not a plain http\(s\) URL/,
      );
    });
  });

  describe("registry mirrors (topology.kubernetes.registryMirrors)", () => {
    const mirrors = [
      { registry: "docker.io", endpoints: ["http://10.9.0.1:5000", "https://mirror.example.net"] },
      { registry: "registry.k8s.io", endpoints: ["http://10.9.0.1:5001"] },
    ];

    it("renders a registry's hosts.toml in containerd's format: kube-fabric's marker, the registry's own server, a [host] per mirror in order", () => {
      assert.equal(
        renderHostsToml(mirrors[0]),
        [
          HOSTS_TOML_MARKER,
          'server = "https://registry-1.docker.io"',
          "",
          '[host."http://10.9.0.1:5000"]',
          '  capabilities = ["pull", "resolve"]',
          "",
          '[host."https://mirror.example.net"]',
          '  capabilities = ["pull", "resolve"]',
          "",
        ].join("\n"),
      );
      assert.match(renderHostsToml(mirrors[1]), /^server = "https:\/\/registry\.k8s\.io"$/m);
      assert.match(renderHostsToml({ registry: "10.9.0.1:5000", endpoints: ["http://10.9.0.2:5000"] }), /^server = "https:\/\/10\.9\.0\.1:5000"$/m);
      assert.match(HOSTS_TOML_MARKER, /^# kube-fabric: .*topology\.kubernetes\.registryMirrors/);
    });

    it("points containerd's config_path at /etc/containerd/certs.d, and fails clearly where the default config has no such line", () => {
      const script = renderContainerd(plan.kubernetes).script;
      const editsConfigPath = String.raw`-e '/^[[:space:]]*\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\]$/,/^[[:space:]]*\[/ s|^([[:space:]]*config_path[[:space:]]*=[[:space:]]*)""|\1"/etc/containerd/certs.d"|'`;
      assert.ok(script.includes(editsConfigPath), "config_path is edited inside the CRI registry section only");
      assert.ok(script.includes(String.raw`has no config_path = \"\" under [plugins.\"io.containerd.grpc.v1.cri\".registry] to point at $certs_dir: kube-fabric supports containerd 1.6 and 1.7`));
      assert.match(script, /kf_changed "\$config: SystemdCgroup = true, sandbox_image = \$sandbox_image, config_path = \$certs_dir"/);
    });

    it("installs each registry's hosts.toml from the plan, and names the registries it keeps", () => {
      const script = renderContainerd({ ...plan.kubernetes, registryMirrors: mirrors }).script;
      assert.ok(script.includes(`cat >"$kf_tmp/hosts.toml" <<'KUBE_FABRIC_EOF'\n${renderHostsToml(mirrors[0])}KUBE_FABRIC_EOF\ninstall_hosts_toml 'docker.io' 'http://10.9.0.1:5000 https://mirror.example.net'\n`));
      assert.ok(script.includes(`install_hosts_toml 'registry.k8s.io' 'http://10.9.0.1:5001'\n`));
      assert.match(script, /^mirrored_registries=' docker\.io registry\.k8s\.io '$/m);
    });

    it("removes the hosts.toml of a registry that left the map, but only files kube-fabric wrote", () => {
      const script = renderContainerd(plan.kubernetes).script;
      assert.match(script, /^mirrored_registries=' '$/m);
      assert.doesNotMatch(script, /install_hosts_toml '/);
      assert.match(script, /for hosts_file in "\$certs_dir"\/\*\/hosts\.toml; do/);
      assert.match(script, /\[ "\$\(head -n 1 "\$hosts_file"\)" = "\$hosts_marker" \] \|\| continue/);
      assert.match(script, /kf_changed "\$hosts_file removed: \$registry has no mirrors in topology\.kubernetes\.registryMirrors"/);
    });

    it("refuses registries and endpoints that would change the script's meaning, naming the field", () => {
      assert.throws(
        () => renderContainerd({ ...plan.kubernetes, registryMirrors: [{ registry: "../../etc", endpoints: ["http://10.9.0.1:5000"] }] }),
        /topology\.kubernetes\.registryMirrors: '\.\.\/\.\.\/etc' is not a registry host/,
      );
      assert.throws(
        () => renderContainerd({ ...plan.kubernetes, registryMirrors: [{ registry: "docker.io", endpoints: ['http://10.9.0.1:5000"]\n[x'] }] }),
        /topology\.kubernetes\.registryMirrors\.docker\.io\[0\]: .* is not a plain http\(s\) URL/,
      );
    });
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
