// The shape every node script shares: strict bash, one `changed:`/`unchanged:` line per item,
// failures that name the command and show its stderr. Pure string building, no I/O.

/** A generated bash script for one step on one node. */
export interface StepScript {
  /** Short step name, e.g. `containerd`; also the name of the remote command. */
  step: string;
  /** The whole bash script, run as root. */
  script: string;
}

export interface ScriptOptions {
  /**
   * The step reads one line from standard input before anything else (e.g. the join command,
   * which holds a token). Every other step closes its standard input at once.
   */
  readsPayloadLine?: boolean;
  /**
   * The step's stdout is data another step reads (a kubeconfig, a join command): it is printed
   * between the two STEP_PAYLOAD markers, and readers take it with payloadFromStdout. Whatever a
   * node's shell start-up files print before the script runs stays outside the markers.
   */
  printsPayload?: boolean;
}

/** The lines around a step's stdout payload (see ScriptOptions.printsPayload). */
export const STEP_PAYLOAD_BEGIN = "----- kube-fabric step payload begin -----";
export const STEP_PAYLOAD_END = "----- kube-fabric step payload end -----";

/** The variable a step reads its payload line into (see ScriptOptions.readsPayloadLine). */
export const PAYLOAD_VARIABLE = "kf_payload";

const STEP_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Wraps a step body in the common prelude: strict mode, an ERR trap naming the failing line and
 * command, a private temporary directory removed on exit, and the helper functions
 * kf_changed / kf_unchanged / kf_note / kf_fail / kf_run / kf_install_file.
 */
export function bashScript(step: string, summary: string, body: string, options: ScriptOptions = {}): StepScript {
  if (!STEP_NAME.test(step)) throw new Error(`internal: step name '${step}' must be lower-case letters, digits and '-'`);
  if (/[\r\n]/.test(summary)) throw new Error(`internal: the summary of step ${step} must be one line`);
  const input = options.readsPayloadLine
    ? [`${PAYLOAD_VARIABLE}=''`, `IFS= read -r ${PAYLOAD_VARIABLE} || true`, "exec </dev/null"]
    : ["exec </dev/null"];
  const script = [
    "#!/usr/bin/env bash",
    `# kube-fabric step ${step}: ${summary}`,
    "set -euo pipefail",
    "set -o errtrace",
    ...input,
    "export LC_ALL=C DEBIAN_FRONTEND=noninteractive",
    "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    `kf_step='${step}'`,
    "umask 022",
    'kf_tmp=$(mktemp -d /tmp/kube-fabric.XXXXXX)',
    "trap 'rm -rf \"$kf_tmp\"' EXIT",
    "trap 'kf_on_error $? $LINENO' ERR",
    HELPERS,
    ...(options.printsPayload ? [`printf '%s\\n' '${STEP_PAYLOAD_BEGIN}'`] : []),
    body.trimEnd(),
    // The end marker on its own line even when the payload lacks a final newline; that newline is not payload.
    ...(options.printsPayload ? [`printf '\\n%s\\n' '${STEP_PAYLOAD_END}'`] : []),
    "",
  ].join("\n");
  return { step, script };
}

const HELPERS = String.raw`# Names the failing line and command (BASH_COMMAND is the trapped command inside a trap).
kf_on_error() { printf 'error: %s: line %s: %s exited with status %s\n' "$kf_step" "$2" "$BASH_COMMAND" "$1" >&2; }
kf_changed() { printf 'changed: %s\n' "$*"; }
kf_unchanged() { printf 'unchanged: %s\n' "$*"; }
# Notes go to stderr, so that stdout holds only changed/unchanged lines.
kf_note() { printf 'note: %s\n' "$*" >&2; }
kf_fail() {
  printf 'error: %s: %s\n' "$kf_step" "$*" >&2
  exit 1
}
# Runs a command quietly; if it fails, shows the command, its stderr and the end of its stdout, and stops.
kf_run() {
  local rc=0
  "$@" >"$kf_tmp/run.out" 2>"$kf_tmp/run.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf 'error: %s: command failed with status %s: %s\n' "$kf_step" "$rc" "$*" >&2
    sed 's/^/  stderr: /' "$kf_tmp/run.err" >&2
    tail -n 20 "$kf_tmp/run.out" | sed 's/^/  stdout: /' >&2
    exit "$rc"
  fi
}
# kf_install_file SOURCE TARGET MODE: puts SOURCE at TARGET (same directory, then rename) unless
# TARGET already has that content and mode. Succeeds if it changed something, fails if not.
kf_install_file() {
  local source=$1 target=$2 mode=$3
  if [ -f "$target" ] && cmp -s "$source" "$target" && [ "$(stat -c %a "$target")" = "$mode" ]; then
    return 1
  fi
  kf_run mkdir -p "$(dirname "$target")"
  kf_run install -m "$mode" "$source" "$target.kube-fabric-new"
  kf_run mv -f "$target.kube-fabric-new" "$target"
  return 0
}`;

/**
 * The payload a printsPayload step wrote to stdout, exactly, without anything a login shell printed
 * around it (a noisy ~/.bashrc). Throws, without quoting stdout (it may hold a secret), when the
 * markers are missing: the step did not finish, or its stdout is not a kube-fabric step's.
 */
export function payloadFromStdout(step: string, stdout: string): string {
  const begin = stdout.indexOf(`${STEP_PAYLOAD_BEGIN}\n`);
  // @pulumi/command hands stdout over without its last newline: the end marker may close the text.
  const closed = stdout.endsWith(`\n${STEP_PAYLOAD_END}`) ? `${stdout}\n` : stdout;
  const end = closed.lastIndexOf(`\n${STEP_PAYLOAD_END}\n`);
  if (begin < 0 || end < begin + STEP_PAYLOAD_BEGIN.length) {
    throw new Error(`step ${step}: its output has no complete payload between kube-fabric's markers (not shown: it may hold a secret); run pulumi up again, and check the node's shell start-up files if it persists`);
  }
  return stdout.slice(begin + STEP_PAYLOAD_BEGIN.length + 1, end);
}

/** `'text'` for POSIX shells: the only character to escape inside single quotes is the quote itself. */
export function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A quoted here-document that writes `content` to `target` (no expansion happens inside it).
 * Refuses content that holds the delimiter line, which would end the document early.
 */
export function writeFileHeredoc(target: string, content: string, delimiter = "KUBE_FABRIC_EOF"): string {
  const lines = content.endsWith("\n") ? content.slice(0, -1).split("\n") : content.split("\n");
  if (lines.includes(delimiter)) throw new Error(`internal: file content for ${target} contains the here-document delimiter ${delimiter}`);
  return [`cat >${target} <<'${delimiter}'`, ...lines, delimiter].join("\n");
}
