// Interface names the plan accepts, in one place for the plan and the node renderers:
// EOS port spellings folded to the one EOS itself uses, and the rule for a node's fabric NIC.

import { EOS_INTERFACE_PATTERN, LINUX_INTERFACE_PATTERN } from "../../model/cli-safe";

export type InterfaceNameCheck = { ok: true; name: string } | { ok: false; reason: string; fix: string };

/** What EOS accepts for an Ethernet port: any prefix of `Ethernet` from `Et`, any case, leading zeros. */
const EOS_ETHERNET = /^et(?:h(?:e(?:r(?:n(?:e(?:t)?)?)?)?)?)?\s?(\d{1,4}(?:\/\d{1,4}){0,2})$/i;
const EOS_OTHER: readonly [RegExp, string][] = [
  [/^lo(?:o(?:p(?:b(?:a(?:c(?:k)?)?)?)?)?)?\s?(\d{1,4})$/i, "Loopback"],
  [/^ma(?:n(?:a(?:g(?:e(?:m(?:e(?:n(?:t)?)?)?)?)?)?)?)?\s?(\d{1,2}(?:\/\d{1,2})?)$/i, "Management"],
  [/^po(?:r(?:t(?:-(?:c(?:h(?:a(?:n(?:n(?:e(?:l)?)?)?)?)?)?)?)?)?)?\s?(\d{1,6})$/i, "Port-Channel"],
];

const EOS_EXAMPLE = "Ethernet2 or Ethernet1/1";

/**
 * The one spelling EOS prints for a port (`show running-config`): Et3, eth3, Ethernet03 → Ethernet3.
 * Duplicates are then found by port, and the running config reads back as written.
 */
export function canonicalEosInterface(name: string): InterfaceNameCheck {
  const ethernet = EOS_ETHERNET.exec(name);
  const numbered = ethernet ? { kind: "Ethernet", numbers: ethernet[1] } : undefined;
  const other = numbered ? undefined : EOS_OTHER.map(([pattern, kind]) => ({ kind, match: pattern.exec(name) })).find((o) => o.match);
  const found = numbered ?? (other?.match ? { kind: other.kind, numbers: other.match[1] } : undefined);
  if (!found) {
    return { ok: false, reason: `'${printable(name)}' is not a valid EOS interface name`, fix: `use a name like ${EOS_EXAMPLE}` };
  }
  const parts = found.numbers.split("/").map((n) => Number(n));
  const canonical = `${found.kind}${parts.join("/")}`;
  if (found.kind === "Ethernet" && parts.some((n) => n === 0)) {
    return {
      ok: false,
      reason: `'${printable(name)}' is not a port: EOS numbers Ethernet ports (and their modules and lanes) from 1`,
      fix: `use the port as \`show interfaces status\` lists it, e.g. Ethernet1 or Ethernet1/1`,
    };
  }
  if (!EOS_INTERFACE_PATTERN.test(canonical)) {
    return { ok: false, reason: `'${printable(name)}' is not a valid EOS interface name`, fix: `use a name like ${EOS_EXAMPLE}` };
  }
  return { ok: true, name: canonical };
}

/**
 * A node's fabric NIC: a Linux interface name the node's scripts can configure (netplan, `ip`),
 * and not the loopback. The plan and the node renderers both ask this.
 */
export function checkNicName(name: string): InterfaceNameCheck {
  if (!LINUX_INTERFACE_PATTERN.test(name)) {
    return { ok: false, reason: `'${printable(name)}' is not a Linux interface name`, fix: NIC_FIX };
  }
  if (name === "lo") {
    return { ok: false, reason: "'lo' is the loopback, not a NIC that is cabled to a leaf", fix: NIC_FIX };
  }
  return { ok: true, name };
}

export const NIC_FIX = "use the NIC's name as `ip link` shows it, e.g. ens3 (1-15 characters: letters, digits, '_', '.', '-', starting with a letter)";

function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?");
}
