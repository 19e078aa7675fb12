// What a CLI prompt tells the edge: which host, which mode, which config context.
// Each dialect supplies the patterns; the shell only asks "is the device waiting for input, and how?".

export type PromptMode = "exec" | "privileged" | "config" | "password";

export interface PromptMatch {
  /** The prompt as shown, e.g. `Leaf-1(config-s-kf-ab-if-Et2)#`. */
  text: string;
  mode: PromptMode;
  /** Hostname shown in the prompt ("" for a password prompt). */
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
