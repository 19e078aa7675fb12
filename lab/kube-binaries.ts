// Where the cluster tier's binaries are: the caches tools/*/build.sh fill (keyed by version).
// Nothing here builds: a missing binary is an error naming the script that builds it.
import { accessSync, constants, statSync } from "fs";
import { homedir } from "os";
import { join } from "path";

export const ETCD_VERSION = "v3.5.15";
export const KUBERNETES_VERSION = "v1.28.15";
/** The calico module the confd build and the Calico 3.28.5 manifests come from (tools/confd/go.mod). */
export const CALICO_MODULE_VERSION = "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520";

/** Calico's BIRD fork at the revision Calico 3.28.5 pins (tools/bird/build.sh builds it; a unit test keeps the two equal). */
export const CALICO_BIRD_REVISION = "1e2ff99db42b8f037a51f7a8f7b946a542d96bd1";

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBE_FABRIC_CACHE || join(homedir(), ".cache", "kube-fabric");
}

function requireExecutable(file: string, buildScript: string): string {
  try {
    accessSync(file, constants.X_OK);
    if (statSync(file).isFile()) return file;
  } catch {
    // reported below
  }
  throw new Error(`${file} is missing: run \`sh ${buildScript}\` (builds it from its Go module into that cache; scripts/setup.sh runs it)`);
}

export interface ControlPlaneBinaries {
  etcd: string;
  kubeApiserver: string;
  /** Undefined when not asked for. */
  kubeControllerManager?: string;
}

export function controlPlaneBinaries(withControllerManager = true, env: NodeJS.ProcessEnv = process.env): ControlPlaneBinaries {
  const root = cacheRoot(env);
  const kube = join(root, "kube", KUBERNETES_VERSION);
  return {
    etcd: requireExecutable(join(root, "etcd", ETCD_VERSION, "etcd"), "tools/etcd/build.sh"),
    kubeApiserver: requireExecutable(join(kube, "kube-apiserver"), "tools/kube/build.sh"),
    kubeControllerManager: withControllerManager ? requireExecutable(join(kube, "kube-controller-manager"), "tools/kube/build.sh") : undefined,
  };
}

export function confdBinary(env: NodeJS.ProcessEnv = process.env): string {
  return requireExecutable(join(cacheRoot(env), "confd", CALICO_MODULE_VERSION, "confd"), "tools/confd/build.sh");
}

/** Calico's BIRD (the fork calico-node runs) and its client, from tools/bird/build.sh's cache. */
export function calicoBird(env: NodeJS.ProcessEnv = process.env): { bird: string; birdcl: string } {
  const dir = join(cacheRoot(env), "bird", CALICO_BIRD_REVISION);
  return { bird: requireExecutable(join(dir, "bird"), "tools/bird/build.sh"), birdcl: requireExecutable(join(dir, "birdcl"), "tools/bird/build.sh") };
}
