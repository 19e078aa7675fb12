// Calico 3.28.5 as the cluster tier has it without internet: the github.com/projectcalico/calico
// module (release-v3.28 just after v3.28.5) in Go's module cache, fetched by tools/confd/build.sh.
// It holds the release's manifests (manifests/calico.yaml), CRDs (libcalico-go/config/crd) and
// confd's BIRD templates (confd/etc/calico/confd).
import { existsSync } from "fs";
import { join } from "path";
import { runSync } from "./exec";
import { CALICO_MODULE_VERSION } from "./kube-binaries";

export const LAB_CALICO_VERSION = "3.28.5";

export interface CalicoRelease {
  version: string;
  /** The module's folder (read only). */
  root: string;
  manifest: string;
  crdDir: string;
  confdDir: string;
}

function goModCache(): string {
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  const go = process.env.GO || (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : "go");
  return runSync(go, ["env", "GOMODCACHE"]).stdout.trim();
}

export function labCalicoRelease(): CalicoRelease {
  const root = join(goModCache(), `github.com/projectcalico/calico@${CALICO_MODULE_VERSION}`);
  const release: CalicoRelease = {
    version: LAB_CALICO_VERSION,
    root,
    manifest: join(root, "manifests", "calico.yaml"),
    crdDir: join(root, "libcalico-go", "config", "crd"),
    confdDir: join(root, "confd", "etc", "calico", "confd"),
  };
  for (const path of [release.manifest, release.crdDir, release.confdDir]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`sh tools/confd/build.sh\` (fetches the calico module into Go's module cache)`);
  }
  return release;
}
