// The VM lab's node image as the lab's site hands it over: the depot's container images already in
// containerd's store and the site's resolver in /etc/resolv.conf, as a site's VM template carries
// them (tools/vm-node/preload-images.sh writes it; without a nameserver CoreDNS exits at start). Under TCG a node
// pulling and unpacking Calico's images took minutes of a control plane that had none to spare.
// What stays out (the test pods' image) is still pulled through the stack's registryMirrors, so that
// path keeps being exercised. Cached beside the base image, keyed by the depot and the list.

import { createHash } from "crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { blobPath, OCI_MANIFEST, parseReference, readRefs } from "./oci-image";
import { VmImage } from "./machine";
import { run } from "../exec";

export const PRELOAD_SCRIPT = "tools/vm-node/preload-images.sh";

/** The OCI image layout's index (pure): one entry per reference, named as containerd names images. */
export function layoutIndex(refs: Readonly<Record<string, string>>, references: readonly string[], manifestSize: (digest: string) => number): object {
  return {
    schemaVersion: 2,
    manifests: references.map((reference) => {
      const digest = refs[reference];
      if (!digest) throw new Error(`the depot has no image ${reference}`);
      return {
        mediaType: OCI_MANIFEST,
        digest,
        size: manifestSize(digest),
        annotations: { "io.containerd.image.name": reference, "org.opencontainers.image.ref.name": parseReference(reference).tag },
      };
    }),
  };
}

/** The depot's references that go into the image: all but `pulledAtRunTime`. */
export function preloadedReferences(refs: Readonly<Record<string, string>>, pulledAtRunTime: readonly string[]): string[] {
  return Object.keys(refs)
    .filter((reference) => !pulledAtRunTime.includes(reference))
    .sort();
}

/** Builds (once) and returns the image whose base.img holds the depot's images; the kernel and initrd are the base's. */
export async function preloadedImage(projectRoot: string, image: VmImage, depotDir: string, debianDebs: string, pulledAtRunTime: readonly string[], siteFiles: Readonly<Record<string, string>>, progress: (line: string) => void): Promise<VmImage> {
  const store = join(depotDir, "images");
  const refs = readRefs(store);
  const references = preloadedReferences(refs, pulledAtRunTime);
  const key = createHash("sha256")
    .update(`${image.base}\n${depotDir}\n${references.join("\n")}\n${JSON.stringify(siteFiles)}\n`)
    .update(readFileSync(join(projectRoot, PRELOAD_SCRIPT)))
    .digest("hex")
    .slice(0, 16);
  const imageDir = dirname(image.base);
  const target = join(imageDir, `preloaded-${key}.img`);
  if (!existsSync(target)) {
    progress(`node image: ${references.length} container images into containerd's store (once per depot)`);
    const layout = join(imageDir, `preload-layout-${key}`);
    rmSync(layout, { recursive: true, force: true });
    mkdirSync(join(layout, "blobs", "sha256"), { recursive: true });
    writeFileSync(join(layout, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    writeFileSync(join(layout, "index.json"), JSON.stringify(layoutIndex(refs, references, (digest) => statSync(blobPath(store, digest)).size)));
    for (const digest of new Set(references.flatMap((reference) => blobsOf(store, refs[reference])))) {
      symlinkSync(blobPath(store, digest), blobPath(layout, digest));
    }
    const files = join(imageDir, `preload-files-${key}`);
    rmSync(files, { recursive: true, force: true });
    for (const [path, content] of Object.entries(siteFiles)) {
      mkdirSync(join(files, dirname(path)), { recursive: true });
      writeFileSync(join(files, path), content, { mode: 0o644 });
    }
    const partial = `${target}.partial`;
    try {
      await run("sh", [join(projectRoot, PRELOAD_SCRIPT), image.base, debianDebs, layout, files, partial]);
      await run("mv", [partial, target]);
    } finally {
      rmSync(layout, { recursive: true, force: true });
      rmSync(files, { recursive: true, force: true });
      rmSync(partial, { force: true });
    }
    for (const old of readdirSync(imageDir).filter((name) => /^preloaded-[0-9a-f]{16}\.img$/.test(name) && name !== `preloaded-${key}.img`)) rmSync(join(imageDir, old));
  }
  return { ...image, base: target };
}

/** Every blob an image needs: its manifest, config and layers. */
function blobsOf(store: string, manifestDigest: string): string[] {
  const manifest = JSON.parse(readFileSync(blobPath(store, manifestDigest), "utf8")) as { config: { digest: string }; layers: { digest: string }[] };
  return [manifestDigest, manifest.config.digest, ...manifest.layers.map((layer) => layer.digest)];
}
