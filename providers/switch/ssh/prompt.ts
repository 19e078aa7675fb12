// What a CLI prompt tells the edge: which host, which mode, which config context.
// Each dialect supplies the patterns; the shell only asks "is the device waiting for input, and how?".

/** `shell`: a POSIX shell on the device (bash/sh/ash), not the network CLI. */
export type PromptMode = "exec" | "privileged" | "config" | "password" | "shell";

export interface PromptMatch {
  /** The prompt as shown, e.g. `Leaf-1(config-s-kf-ab-if-Et2)#`. */
  text: string;
  mode: PromptMode;
  /** Hostname shown in the prompt ("" for a password prompt or a shell prompt without one, e.g. `/ # `). */
  hostname: string;
  /** The mode in brackets without the parentheses, e.g. `config-if`, or null outside config. */
  context: string | null;
}

export interface PromptRules {
  /** Matches the last screen line (no line break, ANSI already removed) if it is a complete prompt. */
  match(lastLine: string): PromptMatch | null;
}

/**
 * Prompt rules for IOS-like CLIs: `host>`, `host#`, `host(context)#`, optionally a trailing space,
 * and `Password:`. Once the first prompt is seen, only prompts with that hostname count, so output
 * that happens to end in `#` cannot pass for a prompt.
 */
export function ciscoStylePromptRules(options: { trailingSpace: "optional" | "required" }): (hostname: string | null) => PromptRules {
  const space = options.trailingSpace === "required" ? " " : " ?";
  const generic = new RegExp(`^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\(([^()\\s]+)\\))?([>#])${space}$`);
  const password = /^Password: ?$/;
  return (hostname) => ({
    match(lastLine: string): PromptMatch | null {
      if (password.test(lastLine)) return { text: lastLine.trimEnd(), mode: "password", hostname: "", context: null };
      const m = generic.exec(lastLine);
      if (!m) return null;
      const [, host, context, sign] = m;
      if (hostname !== null && host !== hostname) return null;
      const mode: PromptMode = context !== undefined && context.startsWith("config") ? "config" : sign === ">" ? "exec" : "privileged";
      return { text: lastLine.trimEnd(), mode, hostname: host, context: context ?? null };
    },
  });
}

/** `user@host:path# `, `host:path$ `: a `:` before the path, which no IOS-like CLI prints. */
const SHELL_WITH_PATH = /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9][A-Za-z0-9._-]*):\S*[#$] $/;
/** `user@host$ `, `host$ `: `$` ends no IOS-like prompt. */
const SHELL_DOLLAR = /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9][A-Za-z0-9._-]*)\$ $/;
/** BusyBox/sh defaults without a hostname: `/ # `, `~ # `, `/etc $ `, a bare `$ `. */
const SHELL_HOSTLESS = /^(?:[/~]\S* [#$]|\$) $/;

/**
 * POSIX shell prompts (bash, dash, BusyBox ash) as they differ from any IOS-like CLI prompt: a `:path`
 * part, a `$` sign, or a path followed by a space before the sign. A bare `host# ` is never taken for a
 * shell. Once the hostname is known, a shell prompt showing another host does not count, and neither
 * does one showing no host at all.
 */
export function posixShellPromptRules(hostname: string | null): PromptRules {
  return {
    match(lastLine: string): PromptMatch | null {
      const named = SHELL_WITH_PATH.exec(lastLine) ?? SHELL_DOLLAR.exec(lastLine);
      if (named) {
        if (hostname !== null && named[1] !== hostname) return null;
        return { text: lastLine.trimEnd(), mode: "shell", hostname: named[1], context: null };
      }
      if (hostname === null && SHELL_HOSTLESS.test(lastLine)) return { text: lastLine.trimEnd(), mode: "shell", hostname: "", context: null };
      return null;
    },
  };
}

/** The CLI's own prompts first, then shell prompts: for devices whose SSH login may land in a shell. */
export function withShellPrompts(cli: (hostname: string | null) => PromptRules): (hostname: string | null) => PromptRules {
  return (hostname) => {
    const own = cli(hostname);
    const shell = posixShellPromptRules(hostname);
    return { match: (lastLine) => own.match(lastLine) ?? shell.match(lastLine) };
  };
}
