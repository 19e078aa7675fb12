// The Kubernetes releases kube-fabric installs: the minors whose kubeadm config, pause image and
// package repository it knows (components/nodes/kube-versions.ts), each up to its last patch.

/** Minor → last patch release published for it (all three are end of life; no later patch will come). */
export const SUPPORTED_KUBERNETES: Readonly<Record<string, number>> = {
  "1.28": 15,
  "1.29": 15,
  "1.30": 14,
};

export type ReleaseCheck = { ok: true; minor: string; version: string } | { ok: false; reason: string; fix: string };

export function supportedRange(): string {
  const minors = Object.keys(SUPPORTED_KUBERNETES);
  const last = minors[minors.length - 1];
  return `${minors[0]}.0 to ${last}.${SUPPORTED_KUBERNETES[last]}`;
}

/** A real release in the supported range, written as kubeadm prints it (1.28.15; a leading v is accepted). */
export function checkKubernetesRelease(value: string): ReleaseCheck {
  const fix = `write a release from ${supportedRange()}, e.g. 1.28.15`;
  const match = /^v?(1\.\d{1,2})\.(\d{1,3})$/.exec(value);
  if (!match) return { ok: false, reason: `'${value.replace(/[^\x20-\x7e]/g, "?")}' is not a Kubernetes release`, fix };
  const [, minor, patchText] = match;
  const patch = Number(patchText);
  const last = SUPPORTED_KUBERNETES[minor];
  if (last === undefined) {
    return { ok: false, reason: `${value} is outside the supported range ${supportedRange()}`, fix };
  }
  if (patch > last || String(patch) !== patchText) {
    return { ok: false, reason: `${value} is not a Kubernetes release: ${minor} ends at ${minor}.${last}`, fix };
  }
  return { ok: true, minor, version: `${minor}.${patch}` };
}
