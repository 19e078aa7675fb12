// The VM lab's depot, without a VM: the layer tar as GNU tar reads it, images under the names kubeadm
// asks for, the registry API containerd's mirror requests use (by tag with ns=, by digest, blobs),
// nothing outside files/ served, and the apt repository signed so that gpgv accepts it.

import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { answer } from "../../../lab/vm/depot-server";
import { blobPath, readRefs, writeImage } from "../../../lab/vm/oci-image";
import { CALICO_NODE_ENV } from "../../../lab/vm/calico-images";
import { tarArchive } from "../../../lab/vm/tar-writer";
import { debControl } from "../../../lab/vm/deb-package";

describe("VM lab depot: image layers, registry API, packages", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kf-depot-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a layer GNU tar lists and extracts byte for byte, parents first, symlinks kept", () => {
    const binary = Buffer.from("#!/bin/sh\necho pause\n");
    const long = `a/${"b".repeat(90)}/${"c".repeat(60)}`;
    const archive = tarArchive([
      { kind: "file", path: "/usr/local/bin/pause", mode: 0o755, content: binary },
      { kind: "symlink", path: "/usr/sbin/iptables", target: "xtables-nft-multi" },
      { kind: "file", path: long, mode: 0o644, content: Buffer.alloc(1000, 7) },
    ]);
    writeFileSync(join(dir, "layer.tar"), archive);
    const listed = execFileSync("tar", ["-tvf", join(dir, "layer.tar")], { encoding: "utf8" }).trim().split("\n");
    assert.deepEqual(
      listed.map((line) => line.split(/\s+/).slice(5).join(" ")),
      ["usr/", "usr/local/", "usr/local/bin/", "usr/local/bin/pause", "usr/sbin/", "usr/sbin/iptables -> xtables-nft-multi", "a/", `a/${"b".repeat(90)}/`, long],
    );
    assert.ok(listed.every((line) => line.includes("root/root")), "every entry owned by root");
    mkdirSync(join(dir, "x"));
    execFileSync("tar", ["-xf", join(dir, "layer.tar"), "-C", join(dir, "x")]);
    assert.deepEqual(readFileSync(join(dir, "x/usr/local/bin/pause")), binary);
    assert.deepEqual(readFileSync(join(dir, "x", long)), Buffer.alloc(1000, 7));
  });

  it("gives the same digest for the same files (reproducible images)", () => {
    const spec = { reference: "registry.k8s.io/pause:3.9", entrypoint: ["/pause"], entries: [{ kind: "file" as const, path: "/pause", mode: 0o755, content: Buffer.from("x") }] };
    const first = writeImage(join(dir, "a"), spec);
    const second = writeImage(join(dir, "b"), spec);
    assert.equal(first, second);
    assert.deepEqual(readRefs(join(dir, "a")), { "registry.k8s.io/pause:3.9": first });
  });

  it("writes an image's environment into its config beside PATH (calico/node's SVDIR, which confd's `sv hup bird` needs)", () => {
    const store = join(dir, "env");
    const digest = writeImage(store, { reference: "docker.io/calico/node:v3.28.5", entrypoint: ["/sbin/start_runit"], env: CALICO_NODE_ENV, entries: [] });
    const manifest = JSON.parse(readFileSync(blobPath(store, digest), "utf8")) as { config: { digest: string } };
    const config = JSON.parse(readFileSync(blobPath(store, manifest.config.digest), "utf8")) as { config: { Env: string[] } };
    assert.deepEqual(config.config.Env, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SVDIR=/etc/service/enabled"]);
  });

  it("answers a mirrored pull: manifest by tag for its registry, by digest, then config and layer blobs", () => {
    const store = join(dir, "images");
    const digest = writeImage(store, { reference: "registry.k8s.io/coredns/coredns:v1.10.1", entrypoint: ["/coredns"], entries: [] });
    writeImage(store, { reference: "docker.io/calico/node:v3.28.5", entrypoint: ["/bin/calico-node"], entries: [] });
    assert.deepEqual(answer(dir, { method: "GET", path: "/v2/" }).status, 200);
    const byTag = answer(dir, { method: "GET", path: "/v2/coredns/coredns/manifests/v1.10.1", namespace: "registry.k8s.io" });
    assert.ok("file" in byTag && byTag.digest === digest, JSON.stringify(byTag));
    const manifestBytes = readFileSync((byTag as { file: string }).file);
    assert.equal(`sha256:${createHash("sha256").update(manifestBytes).digest("hex")}`, digest, "the manifest's bytes hash to its digest");
    assert.ok("file" in answer(dir, { method: "HEAD", path: `/v2/coredns/coredns/manifests/${digest}` }));
    const manifest = JSON.parse(manifestBytes.toString()) as { config: { digest: string }; layers: { digest: string }[] };
    for (const blob of [manifest.config.digest, manifest.layers[0].digest]) {
      const got = answer(dir, { method: "GET", path: `/v2/coredns/coredns/blobs/${blob}` });
      assert.ok("file" in got && got.digest === blob);
    }
    assert.equal(answer(dir, { method: "GET", path: "/v2/calico/node/manifests/v3.28.5", namespace: "registry.k8s.io" }).status, 404, "not under another registry's name");
    assert.equal(answer(dir, { method: "GET", path: "/v2/calico/node/manifests/v3.28.5", namespace: "docker.io" }).status, 200);
    assert.equal(answer(dir, { method: "PUT", path: "/v2/calico/node/manifests/x" }).status, 405, "read-only");
  });

  it("serves files/ only: no path out of it", () => {
    mkdirSync(join(dir, "files", "debian"), { recursive: true });
    writeFileSync(join(dir, "files", "debian", "Packages"), "Package: containerd\n");
    writeFileSync(join(dir, "secret"), "no");
    assert.equal(answer(dir, { method: "GET", path: "/debian/Packages" }).status, 200);
    assert.equal(answer(dir, { method: "GET", path: "/../secret" }).status, 404);
    assert.equal(answer(dir, { method: "GET", path: "/debian/%2e%2e/%2e%2e/secret" }).status, 404);
  });

  it("writes a Debian control file with the dependencies pkgs.k8s.io's kubeadm has", () => {
    const control = debControl({ name: "kubeadm", version: "1.28.15-1.1", depends: ["kubelet (>= 1.19.0)", "cri-tools (>= 1.25.0)"], description: "d", files: [] });
    assert.match(control, /^Package: kubeadm\nVersion: 1\.28\.15-1\.1\nArchitecture: amd64\n/);
    assert.match(control, /\nDepends: kubelet \(>= 1\.19\.0\), cri-tools \(>= 1\.25\.0\)\n/);
    assert.throws(() => debControl({ name: "Bad_Name", version: "1", depends: [], description: "d", files: [] }));
  });
});
