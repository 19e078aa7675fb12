// The VM lab's pure pieces: what QEMU is started with (TCG, the overlay, a tap per NIC, the seed
// through fw_cfg), the seed a machine boots with, the forwarder's socat argv, the management
// network kept off the plan, and the lab stack of a VM lab (kubeadm, the depot as the site's mirrors).

import { strict as assert } from "assert";
import { forwarderArgs } from "../../../lab/vm/forwarder";
import { qemuArgs, seedFiles, vmMac, VmSpec } from "../../../lab/vm/machine";
import { managementOverlaps } from "../../../lab/vm/management";
import { managementNetplan, siteAptSource } from "../../../lab/vm/vm-nodes";
import { labTopology } from "../../../lab/stack-lab/lab-stack";
import { LabEndpoint } from "../../../lab/stack-lab/state";

const spec: VmSpec = {
  name: "k-w1",
  image: { kernel: "/c/vmlinuz", initrd: "/c/initrd.img", base: "/c/base.img" },
  workDir: "/lab/vms/k-w1",
  memoryMb: 1536,
  cpus: 1,
  nics: [
    { tap: "fabric-tap", mac: vmMac(1, 1), guestName: "ens3" },
    { tap: "mgmt-tap", mac: vmMac(1, 2), guestName: "mgmt0" },
  ],
  seed: { netplan: managementNetplan("172.31.255.11"), sshHostKey: "KEY", authorizedKey: "ssh-ed25519 AAAA", aptSource: siteAptSource() },
};

describe("VM lab machines: QEMU, seed, forwarder, management network", () => {
  it("starts QEMU under TCG on the machine's own overlay, one virtio NIC per tap with its MAC", () => {
    const args = qemuArgs(spec).join(" ");
    assert.match(args, /-accel tcg,thread=multi /);
    assert.match(args, /-append \S+.* tsc=reliable/, "the guest keeps TCG's TSC as its clock instead of the emulated HPET");
    assert.doesNotMatch(args, /kvm/, "KVM here is a PVM hypervisor a stock kernel cannot boot under");
    assert.match(args, /-drive file=\/lab\/vms\/k-w1\/k-w1\.qcow2,if=virtio,format=qcow2/);
    assert.match(args, /-netdev tap,id=n0,ifname=fabric-tap,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=52:54:00:00:01:01/);
    assert.match(args, /-netdev tap,id=n1,ifname=mgmt-tap,script=no,downscript=no -device virtio-net-pci,netdev=n1,mac=52:54:00:00:01:02/);
    assert.match(args, /-fw_cfg name=opt\/kube-fabric\/links,file=\/lab\/vms\/k-w1\/seed-links/);
    assert.doesNotMatch(args, /-netdev user|hostfwd/, "no user-mode network: nothing routes out of the lab");
  });

  it("seeds NIC names by MAC, the management address with the default route, keys and the site's mirror", () => {
    const seed = seedFiles(spec);
    assert.equal(seed.links, "52:54:00:00:01:01 ens3\n52:54:00:00:01:02 mgmt0");
    assert.match(seed.netplan, /mgmt0:\n\s+addresses: \[172\.31\.255\.11\/24\]\n\s+routes: \[\{to: default, via: 172\.31\.255\.1\}\]/);
    assert.equal(seed.apt_source, "deb [trusted=yes] http://172.31.255.1:8080/debian/ ./");
    assert.equal(seed.ssh_host_ed25519_key, "KEY");
  });

  it("forwards 127.0.0.1 only, into the named namespace", () => {
    assert.deepEqual(forwarderArgs(4022, "kfl-1-mgmt", "172.31.255.10", 22), [
      "TCP-LISTEN:4022,bind=127.0.0.1,reuseaddr,fork",
      "EXEC:ip netns exec kfl-1-mgmt socat STDIO TCP\\:172.31.255.10\\:22",
    ]);
    assert.throws(() => forwarderArgs(1, "ns; rm -rf /", "1.2.3.4", 22));
  });

  it("finds the plan's addresses that overlap the management network", () => {
    assert.deepEqual(managementOverlaps({ podCidr: "192.168.0.0/16", links: ["10.0.0.0/31"], big: "172.16.0.0/12" }), ["172.16.0.0/12"]);
    assert.deepEqual(managementOverlaps({ node: "172.31.255.20/31" }), ["172.31.255.20/31"]);
    assert.deepEqual(managementOverlaps({ podCidr: "192.168.0.0/16", serviceCidr: "10.96.0.0/12" }), []);
  });

  it("writes a VM lab's stack: kubeadm on the nodes as root, the depot as package repository and registry mirror", () => {
    const endpoint = (name: string, kind: LabEndpoint["kind"], user: string): LabEndpoint => ({ name, kind, namespace: "ns", host: "127.0.0.1", port: 1, user, hostKey: "ssh-ed25519 K", sshdDir: "/x" });
    const topology = labTopology(
      { spines: [{ name: "s" }], leaves: [], nodes: [{ name: "n" }], kubernetes: { version: "1.28.15", provision: "existing" } },
      [endpoint("s", "switch", "kube-fabric-lab"), endpoint("n", "node", "root")],
      undefined,
      { packageRepository: "http://172.31.255.1:8080/kubernetes/v1.28/deb/", registryMirrors: { "registry.k8s.io": ["http://172.31.255.1:8080"] }, apiAccess: { host: "127.0.0.1", port: 40443 } },
    );
    assert.deepEqual(topology.kubernetes, {
      version: "1.28.15",
      provision: "kubeadm",
      apiAccess: { host: "127.0.0.1", port: 40443 },
      packageRepository: { url: "http://172.31.255.1:8080/kubernetes/v1.28/deb/" },
      registryMirrors: { "registry.k8s.io": ["http://172.31.255.1:8080"] },
    });
    assert.deepEqual((topology.nodes as { ssh: unknown }[])[0].ssh, { host: "127.0.0.1", port: 1, hostKey: "ssh-ed25519 K", username: "root" });
    assert.deepEqual(topology.credentials, { switchUsername: "kube-fabric-lab", nodeUsername: "kube-fabric-lab" });
  });
});
