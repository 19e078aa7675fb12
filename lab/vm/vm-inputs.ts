// What a VM lab needs from this machine's cache, built by the tools' scripts when missing (each
// prints its result on its last line and reuses it when current): the node image, and the binaries
// the depot packages (Kubernetes, etcd, crictl, CoreDNS, pause).

import { spawnSync } from "child_process";
import { join } from "path";
import { DepotInputs } from "./depot-content";
import { VmImage } from "./machine";
import { labCalicoRelease } from "../calico-release";

export interface VmLabInputs {
  image: VmImage;
  depot: DepotInputs;
}

function lastLine(projectRoot: string, script: string, env: NodeJS.ProcessEnv = {}): string {
  const built = spawnSync("sh", [join(projectRoot, script)], { encoding: "utf8", timeout: 3_600_000, env: { ...process.env, ...env } });
  if (built.status !== 0) throw new Error(`${script} failed (run sh scripts/setup.sh):\n${built.stderr.split("\n").slice(-15).join("\n")}`);
  return built.stdout.trim().split("\n").pop() as string;
}

export function vmLabInputs(projectRoot: string): VmLabInputs {
  const imageDir = lastLine(projectRoot, "tools/vm-node/build-image.sh");
  const kubeDir = lastLine(projectRoot, "tools/kube/build.sh", { KUBE_BINARIES: "kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubectl" });
  return {
    image: { kernel: join(imageDir, "vmlinuz"), initrd: join(imageDir, "initrd.img"), base: join(imageDir, "base.img") },
    depot: {
      kubeDir,
      kubeadm: lastLine(projectRoot, "tools/kubeadm/build.sh"),
      etcd: lastLine(projectRoot, "tools/etcd/build.sh"),
      crictl: lastLine(projectRoot, "tools/crictl/build.sh"),
      coredns: lastLine(projectRoot, "tools/coredns/build.sh"),
      pause: lastLine(projectRoot, "tools/pause/build.sh"),
      debianDebs: join(imageDir, "debs"),
      calico: {
        calicoDir: lastLine(projectRoot, "tools/calico/build.sh"),
        birdDir: lastLine(projectRoot, "tools/bird/build.sh"),
        cniPluginsDir: lastLine(projectRoot, "tools/cni-plugins/build.sh"),
        calicoModule: labCalicoRelease().root,
      },
    },
  };
}
