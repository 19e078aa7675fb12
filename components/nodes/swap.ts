// Step 4a: no swap, now and after a reboot (the kubelet refuses to start with swap on).

import { bashScript, StepScript } from "./script";

export function renderSwapOff(): StepScript {
  const body = String.raw`
active=$(swapon --show=NAME --noheadings 2>/dev/null || true)
if [ -n "$active" ]; then
  kf_run swapoff -a
  [ -z "$(swapon --show=NAME --noheadings 2>/dev/null || true)" ] || kf_fail "swap is still on after swapoff -a: $(swapon --show=NAME --noheadings | tr '\n' ' ')"
  kf_changed "swap turned off ($(printf '%s' "$active" | tr '\n' ' '))"
else
  kf_unchanged "no swap is on"
fi

# /etc/fstab: comment out every swap entry (type field 'swap'); everything else stays as it is.
if [ -f /etc/fstab ]; then
  awk '
    /^[[:space:]]*#/ || NF < 3 { print; next }
    $3 == "swap" { print "# kube-fabric: swap off for the kubelet: " $0; next }
    { print }
  ' /etc/fstab >"$kf_tmp/fstab"
  if cmp -s "$kf_tmp/fstab" /etc/fstab; then
    kf_unchanged "/etc/fstab has no swap entry in use"
  else
    count=$(diff /etc/fstab "$kf_tmp/fstab" | grep -c '^>' || true)
    kf_run cp "$kf_tmp/fstab" /etc/fstab
    kf_changed "/etc/fstab: $count swap entries commented out"
  fi
else
  kf_unchanged "/etc/fstab does not exist: no swap entry"
fi
`;
  return bashScript("swap", "swap off now and in /etc/fstab", body);
}
