// Container images of the VM lab, written from files on this machine into one content store that
// the depot serves over the registry API: blobs/sha256/<digest>, and refs.json mapping each image's
// full reference (registry.k8s.io/pause:3.9) to its manifest digest. One uncompressed layer per
// image, no base image: a TCG guest spends no minutes in gunzip.

import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { TarEntry, tarArchive } from "./tar-writer";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";

export interface ImageSpec {
  /** Full reference: registry/repository:tag. */
  reference: string;
  entrypoint: readonly string[];
  /** Environment beside PATH, as a Dockerfile's ENV lines set it. */
  env?: Readonly<Record<string, string>>;
  entries: readonly TarEntry[];
}

export interface ImageRefs {
  [reference: string]: string;
}

const BASE_FILES: TarEntry[] = [
  { kind: "dir", path: "tmp" },
  { kind: "dir", path: "var/run" },
  { kind: "file", path: "etc/passwd", mode: 0o644, content: Buffer.from("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n") },
  { kind: "file", path: "etc/group", mode: 0o644, content: Buffer.from("root:x:0:\nnogroup:x:65534:\n") },
];

function sha256(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function parseReference(reference: string): { registry: string; repository: string; tag: string } {
  const match = /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9._/-]+):([A-Za-z0-9._-]+)$/.exec(reference);
  if (!match) throw new Error(`internal: '${reference}' is not registry/repository:tag`);
  return { registry: match[1], repository: match[2], tag: match[3] };
}

export function blobPath(store: string, digest: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return join(store, "blobs", "sha256", digest.slice("sha256:".length));
}

function putBlob(store: string, data: Buffer): { digest: string; size: number } {
  const digest = sha256(data);
  const path = blobPath(store, digest);
  if (!existsSync(path)) writeFileSync(path, data);
  return { digest, size: data.length };
}

export function readRefs(store: string): ImageRefs {
  const path = join(store, "refs.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ImageRefs) : {};
}

/** Writes the image into the store and records its reference; returns the manifest digest. */
export function writeImage(store: string, spec: ImageSpec): string {
  parseReference(spec.reference);
  mkdirSync(join(store, "blobs", "sha256"), { recursive: true });
  const layer = putBlob(store, tarArchive([...BASE_FILES, ...spec.entries]));
  const config = putBlob(
    store,
    Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        created: "1970-01-01T00:00:00Z",
        config: {
          Entrypoint: spec.entrypoint,
          Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ...Object.entries(spec.env ?? {}).map(([name, value]) => `${name}=${value}`)],
          WorkingDir: "/",
        },
        rootfs: { type: "layers", diff_ids: [layer.digest] },
        history: [{ created: "1970-01-01T00:00:00Z", created_by: "kube-fabric VM lab" }],
      }),
    ),
  );
  const manifest = putBlob(
    store,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, ...config },
        layers: [{ mediaType: OCI_LAYER, ...layer }],
      }),
    ),
  );
  const refs = readRefs(store);
  refs[spec.reference] = manifest.digest;
  writeFileSync(join(store, "refs.json"), `${JSON.stringify(refs, null, 2)}\n`);
  return manifest.digest;
}
