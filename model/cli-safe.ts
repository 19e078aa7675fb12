// Rules for every string that reaches a device CLI or a shell: nothing that could end a line,
// start a new command or confuse a prompt. Shared by plan validation and the provider's check().

/** Names of devices, nodes and hosts: also hostnames, BGP descriptions and Kubernetes node names. */
export const NAME_PATTERN = /^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
export const NAME_RULE = "letters, digits and '-', starting with a letter and not ending in '-', at most 63 characters (a valid hostname)";

/**
 * Kubernetes node names: a lowercase RFC 1123 label (kubeadm takes `Worker-1` and the kubelet then
 * registers a node the API server refuses). Also a hostname, so it starts with a letter.
 */
export const NODE_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const NODE_NAME_RULE =
  "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters (RFC 1123: Kubernetes registers the node under this name)";

/** EOS interface names we configure. */
export const EOS_INTERFACE_PATTERN = /^(Ethernet\d{1,3}(\/\d{1,3}){0,2}|Loopback\d{1,4}|Management\d{1,2}(\/\d{1,2})?|Port-Channel\d{1,6})$/;
/** Linux interface names (FRR interfaces and node NICs): IFNAMSIZ is 16 with the NUL. */
export const LINUX_INTERFACE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;

/** Control characters (including CR/LF/TAB), DEL and the C1 range. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
/** Characters that change meaning at an EOS/FRR prompt or in a POSIX shell. */
const CLI_METACHARACTERS = /[|;&$`\\"'<>(){}!?#]/;

export type CliSafety = { ok: true } | { ok: false; reason: string };

/** Free text that ends up after a CLI keyword (e.g. `description`): printable ASCII without metacharacters. */
export function checkCliText(value: string): CliSafety {
  if (CONTROL_CHARACTERS.test(value)) return { ok: false, reason: "contains a newline or another control character" };
  if (/[^\x20-\x7e]/.test(value)) return { ok: false, reason: "contains a non-ASCII character" };
  const meta = CLI_METACHARACTERS.exec(value);
  if (meta) return { ok: false, reason: `contains '${meta[0]}', which a CLI or shell would interpret` };
  if (value.trim() !== value) return { ok: false, reason: "has leading or trailing spaces" };
  if (value.length === 0) return { ok: false, reason: "is empty" };
  if (value.length > 200) return { ok: false, reason: "is longer than 200 characters" };
  return { ok: true };
}

/** A whole configuration line the provider will type: one line, printable, no prompt-changing metacharacters. */
export function checkConfigLine(line: string): CliSafety {
  if (CONTROL_CHARACTERS.test(line)) return { ok: false, reason: "contains a newline or another control character" };
  if (/[^\x20-\x7e]/.test(line)) return { ok: false, reason: "contains a non-ASCII character" };
  const meta = /[|;`\\"'<>{}?]/.exec(line);
  if (meta) return { ok: false, reason: `contains '${meta[0]}', which the CLI would interpret` };
  if (line.trim().length === 0) return { ok: false, reason: "is empty" };
  if (line.length > 512) return { ok: false, reason: "is longer than 512 characters" };
  return { ok: true };
}
