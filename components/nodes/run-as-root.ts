// How a step script reaches root on the node: the command string that the SSH server runs with
// the login shell (POSIX sh: bash, dash), and the standard input that goes with it.
//
// Standard input carries the secrets, never the command string (which is plain in Pulumi state
// and in `pulumi preview`): line 1 is the sudo password (empty when none is configured), the
// rest is the step's payload (the join command for `kubeadm-join`). The password is handed to
// `sudo -S` through a pipe from a shell builtin, so it appears in no argument list, log or error.

import { singleQuote, StepScript } from "./script";

/**
 * The command string for @pulumi/command's remote.Command `create`: runs the step script as root,
 * either directly (logged in as root), through passwordless sudo, or through `sudo -S` fed the
 * password from line 1 of standard input. Fails with a clear message when none of these works.
 */
export function runAsRoot(step: StepScript): string {
  const label = `kube-fabric-${step.step}`;
  const fail = (message: string) => `  printf 'error: %s: ${message}\\n' ${singleQuote(step.step)} "$(id -un)" >&2\n  exit 1`;
  return [
    `# kube-fabric: run step ${step.step} as root (directly, or through sudo)`,
    "# shellcheck disable=SC2016 # the script is data here: it expands when bash runs it",
    `kf_script=${singleQuote(step.script)}`,
    "kf_password=''",
    "IFS= read -r kf_password || true",
    'if [ "$(id -u)" -eq 0 ]; then',
    "  kf_password=''",
    `  exec bash --noprofile --norc -c "$kf_script" ${label}`,
    "fi",
    "if ! command -v sudo >/dev/null 2>&1; then",
    fail("user %s is not root and sudo is not installed: connect as root, or install sudo"),
    "fi",
    "if sudo -n true 2>/dev/null; then",
    "  kf_password=''",
    `  exec sudo -n bash --noprofile --norc -c "$kf_script" ${label}`,
    "fi",
    'if [ -z "$kf_password" ]; then',
    fail(
      "sudo asks user %s for a password: set the secret config kube-fabric:nodePassword, or allow this user sudo without a password (NOPASSWD)",
    ),
    "fi",
    // sudo reads its password byte by byte up to the newline; the rest of stdin reaches the script.
    `{ printf '%s\\n' "$kf_password"; cat; } | sudo -S -p '' bash --noprofile --norc -c "$kf_script" ${label}`,
    "",
  ].join("\n");
}

/**
 * The standard input for runAsRoot: the password line, then the payload line if any.
 * Undefined when there is nothing to send. The caller keeps the result secret.
 */
export function rootStdin(password: string | undefined, payload: string | undefined): string | undefined {
  if (password !== undefined && /[\r\n]/.test(password)) {
    throw new Error("kube-fabric:nodePassword contains a line break, which sudo cannot take: set a one-line password");
  }
  if (payload !== undefined && /[\r\n]/.test(payload.replace(/\s+$/, ""))) {
    throw new Error("internal: a step payload must be one line");
  }
  if (password === undefined && payload === undefined) return undefined;
  const lines = [password ?? ""];
  if (payload !== undefined) lines.push(payload.replace(/\s+$/, ""));
  return lines.join("\n") + "\n";
}
