// Calico 3.28.5's three images under the release manifest's own names, from Calico's own code built
// here: calico/node (calico-node: Felix, confd, the startup, the probes; the BIRD fork; the release's
// own filesystem: start_runit, rc.local, the runit services, confd's templates), calico/cni (the
// plugin, calico-ipam, the installer, the reference plugins) and calico/kube-controllers. What the
// release takes from its UBI base (a shell, runit, iptables, ipset, ip, kmod) comes from this Debian
// machine with its libraries. Pure but for reading the files.

import { execFileSync } from "child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { hostProgramEntries, iptablesEntries } from "./host-programs";
import { ImageSpec } from "./oci-image";
import { TarEntry } from "./tar-writer";

export const CALICO_IMAGE_TAG = "v3.28.5";
/** The lab's test pods: busybox (sh, ping, nc, wget) and nothing else. */
export const PINGER_IMAGE = "docker.io/kube-fabric/pinger:1";

export interface CalicoImageInputs {
  /** tools/calico/build.sh: calico-node, calico, install, kube-controllers, check-status. */
  calicoDir: string;
  /** tools/bird/build.sh: bird, bird6, birdcl, birdcl6. */
  birdDir: string;
  /** tools/cni-plugins/build.sh: loopback, host-local, portmap, bandwidth, tuning. */
  cniPluginsDir: string;
  /** The github.com/projectcalico/calico module folder (node/filesystem, confd/etc/calico/confd). */
  calicoModule: string;
}

function binary(source: string, path: string): TarEntry {
  if (!existsSync(source)) throw new Error(`${source} is missing: run sh scripts/vm-lab-setup.sh`);
  return { kind: "file", path, mode: 0o755, content: readFileSync(source) };
}

/** A folder of the module into the image at `target`; scripts executable (a module zip keeps no modes). */
function tree(source: string, target: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const content = readFileSync(path);
      const script = content.subarray(0, 2).toString() === "#!" || /(^|\/)(run|rc\.local|start_runit|restart-calico-confd|versions)$/.test(path);
      entries.push({ kind: "file", path: join(target, relative(source, path)), mode: script ? 0o755 : 0o644, content });
    }
  };
  walk(source);
  return entries;
}

/** busybox as /bin/sh and every applet it has, for the release's shell scripts. */
function busyboxEntries(): TarEntry[] {
  const busybox = "/bin/busybox";
  const applets = execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
  return [
    binary(busybox, "/bin/busybox"),
    ...applets.filter((a) => a !== "busybox").map((a): TarEntry => ({ kind: "symlink", path: `/bin/${a}`, target: "busybox" })),
    { kind: "symlink", path: "/usr/bin/which", target: "/bin/busybox" }, // start_runit calls /usr/bin/which
  ];
}

/** The release image's ENV (node/Dockerfile.amd64 of the calico module). */
export const CALICO_NODE_ENV = { SVDIR: "/etc/service/enabled" } as const;

export async function calicoImages(inputs: CalicoImageInputs): Promise<ImageSpec[]> {
  const node: TarEntry[] = [
    ...busyboxEntries(),
    ...(await hostProgramEntries(["/usr/bin/runsvdir", "/usr/bin/runsv", "/usr/bin/sv", "/usr/bin/chpst", "/usr/bin/svlogd", "/usr/bin/ip", "/usr/sbin/ipset", "/usr/bin/kmod"])),
    ...["modprobe", "lsmod", "insmod", "rmmod"].map((name): TarEntry => ({ kind: "symlink", path: `/usr/sbin/${name}`, target: "/usr/bin/kmod" })),
    ...(await iptablesEntries()),
    binary(join(inputs.calicoDir, "calico-node"), "/bin/calico-node"),
    ...["bird", "bird6", "birdcl", "birdcl6"].map((name) => binary(join(inputs.birdDir, name), `/usr/bin/${name}`)),
    ...tree(join(inputs.calicoModule, "node", "filesystem"), "/"),
    ...tree(join(inputs.calicoModule, "confd", "etc", "calico", "confd"), "/etc/calico/confd"),
    { kind: "dir", path: "/var/lib/calico" },
    { kind: "dir", path: "/var/run/calico" },
    { kind: "dir", path: "/var/log/calico" },
  ];
  const cni: TarEntry[] = [
    binary(join(inputs.calicoDir, "calico"), "/opt/cni/bin/calico"),
    binary(join(inputs.calicoDir, "calico"), "/opt/cni/bin/calico-ipam"),
    binary(join(inputs.calicoDir, "install"), "/opt/cni/bin/install"),
    ...["loopback", "host-local", "portmap", "bandwidth", "tuning"].map((name) => binary(join(inputs.cniPluginsDir, name), `/opt/cni/bin/${name}`)),
  ];
  const controllers: TarEntry[] = [
    binary(join(inputs.calicoDir, "kube-controllers"), "/usr/bin/kube-controllers"),
    binary(join(inputs.calicoDir, "check-status"), "/usr/bin/check-status"),
  ];
  return [
    // SVDIR as the release's Dockerfile sets it: confd reloads BIRD with `sv hup bird || true`, which
    // without it fails unseen, and BIRD keeps the config it started with (no block route, ever).
    { reference: `docker.io/calico/node:${CALICO_IMAGE_TAG}`, entrypoint: ["/sbin/start_runit"], env: CALICO_NODE_ENV, entries: node },
    { reference: `docker.io/calico/cni:${CALICO_IMAGE_TAG}`, entrypoint: ["/opt/cni/bin/install"], entries: cni },
    { reference: `docker.io/calico/kube-controllers:${CALICO_IMAGE_TAG}`, entrypoint: ["/usr/bin/kube-controllers"], entries: controllers },
    { reference: PINGER_IMAGE, entrypoint: ["/bin/sh"], entries: busyboxEntries() },
  ];
}
