// An interactive CLI over one SSH shell channel (with a pty, as a person would type): send one line,
// wait for the prompt, return what the device printed in between. One command at a time.
//
// A login may print anything before the device's first prompt: a motd, banners, whatever the login
// account's start-up files echo, even lines that look like a prompt or a `%` error. So the first thing
// that looks like a prompt is only a candidate: a comment line with a random token is typed, and the
// prompt printed right after its echo is the device's own. Everything before it is the login's.

import { randomBytes } from "crypto";
import { scrubDeviceText } from "./secrets";
import { StringDecoder } from "string_decoder";
import type { Client, ClientChannel } from "ssh2";
import { PromptMatch, PromptRules } from "./prompt";
import { cleanTerminalText, lastScreenLine } from "./terminal-text";
import { CommandTimeoutError, SessionClosedError } from "./errors";

export interface CommandResult {
  command: string;
  /** What the device printed between the echo of the command and the next prompt, cleaned of ANSI/CR. */
  output: string;
  /** The prompt that ended the command. */
  prompt: PromptMatch;
}

export interface TranscriptEntry {
  device: string;
  /** The command as typed, or `<secret>` for an answer to a password prompt. */
  command: string;
  output: string;
  prompt: string;
  elapsedMs: number;
}

export interface CliShellOptions {
  device: string;
  /** Prompt rules before (null) and after the hostname is known. */
  promptRules: (hostname: string | null) => PromptRules;
  commandTimeoutMs: number;
  /** Wide enough that no line we type or read wraps. */
  columns?: number;
  /** Every command and its output (never a secret answer's text), e.g. for debug logs. */
  onTranscript?: (entry: TranscriptEntry) => void;
  /** For fault tests only: the line typed in place of a command on `device` (never of a secret answer). */
  alterCommand?: (command: string, device: string) => string;
  /**
   * What starts a comment in every CLI or shell the login may land in (`!` on EOS; `#` for FRR, whose
   * vtysh and POSIX shells both ignore it). The login's synchronisation line is this, a space and a token.
   */
  loginSyncComment: string;
}

interface Waiter {
  command: string;
  secret: boolean;
  startedAt: number;
  /** The first prompt may come without a line break before it; later ones come after the echo's. */
  needsLineBreak: boolean;
  /** Set for the login's synchronisation line: only a prompt right after this token's echo counts. */
  echoToken?: string;
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function openShellChannel(client: Client, columns: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.shell({ term: "vt100", cols: columns, rows: 200 }, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

export class CliShell {
  private raw = "";
  private readonly decoder = new StringDecoder("utf8");
  private waiter: Waiter | null = null;
  private closed = false;
  private rules: PromptRules;
  private currentPrompt: PromptMatch | null = null;

  private constructor(
    private readonly channel: ClientChannel,
    private readonly options: CliShellOptions,
  ) {
    this.rules = options.promptRules(null);
    channel.on("data", (chunk: Buffer) => this.receive(this.decoder.write(chunk)));
    channel.stderr.on("data", (chunk: Buffer) => this.receive(chunk.toString("utf8")));
    channel.on("close", () => this.onClosed());
    channel.on("error", () => this.onClosed());
  }

  /**
   * Opens a shell, waits for what looks like the first prompt, then synchronises (see the top of this
   * file); the hostname is learned from the device's own prompt.
   */
  static async open(client: Client, options: CliShellOptions): Promise<CliShell> {
    const channel = await openShellChannel(client, options.columns ?? 4096);
    const shell = new CliShell(channel, options);
    const first = await shell.expectPrompt("<login>", false, false, options.commandTimeoutMs);
    // What is typed at a password prompt is taken as the password: nothing to synchronise on there.
    const own = first.prompt.mode === "password" ? first : await shell.synchronise();
    shell.rules = options.promptRules(own.prompt.hostname || null);
    return shell;
  }

  /**
   * Types `<comment> kube-fabric-sync-<random>` and waits until its echo is followed by one line break and a
   * prompt, nothing else: text printed before the device read the line (even if the terminal echoed it
   * early) cannot end with the token, and the device answers a comment with its prompt alone.
   */
  private synchronise(): Promise<CommandResult> {
    const token = `kube-fabric-sync-${randomBytes(6).toString("hex")}`;
    const line = `${this.options.loginSyncComment} ${token}`;
    const shownAs = `${line} (typed after the login to find the device's own prompt)`;
    const pending = this.expectPrompt(shownAs, false, true, this.options.commandTimeoutMs, token);
    this.channel.write(line + "\n");
    return pending;
  }

  get device(): string {
    return this.options.device;
  }

  /** The last prompt seen. */
  get prompt(): PromptMatch {
    if (this.currentPrompt === null) throw new Error("CliShell: no prompt yet");
    return this.currentPrompt;
  }

  /** Types one line and waits for the next prompt. */
  run(command: string, timeoutMs: number = this.options.commandTimeoutMs): Promise<CommandResult> {
    if (/[\r\n]/.test(command)) throw new Error(`CliShell: refusing to type a line break in '${JSON.stringify(command)}'`);
    const typed = this.options.alterCommand?.(command, this.options.device) ?? command;
    return this.send(typed, typed, false, timeoutMs);
  }

  /**
   * Types a command that starts another CLI (e.g. `vtysh` from a login shell) and waits for its first
   * prompt, which may show another hostname than the one before: the prompt rules are bound to the new one.
   */
  async enter(command: string, timeoutMs: number = this.options.commandTimeoutMs): Promise<CommandResult> {
    this.rules = this.options.promptRules(null);
    const result = await this.run(command, timeoutMs);
    this.rules = this.options.promptRules(result.prompt.hostname || null);
    return result;
  }

  /** Answers a password prompt; the text is neither echoed by the device nor recorded anywhere. */
  answerSecret(secret: string, timeoutMs: number = this.options.commandTimeoutMs): Promise<CommandResult> {
    return this.send(secret, "<secret>", true, timeoutMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.end();
    this.channel.destroy();
  }

  private send(text: string, shownAs: string, secret: boolean, timeoutMs: number): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new SessionClosedError(this.options.device, shownAs));
    const pending = this.expectPrompt(shownAs, secret, true, timeoutMs);
    this.channel.write(text + "\n");
    return pending;
  }

  private expectPrompt(command: string, secret: boolean, needsLineBreak: boolean, timeoutMs: number, echoToken?: string): Promise<CommandResult> {
    if (this.waiter !== null) throw new Error(`CliShell: '${command}' sent while '${this.waiter.command}' is still running`);
    this.raw = "";
    return new Promise<CommandResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new CommandTimeoutError(this.options.device, command, timeoutMs, cleanTerminalText(this.raw)));
      }, timeoutMs);
      this.waiter = { command, secret, startedAt: Date.now(), needsLineBreak, echoToken, resolve, reject, timer };
      this.check();
    });
  }

  private receive(text: string): void {
    this.raw += text;
    this.check();
  }

  private check(): void {
    const waiter = this.waiter;
    if (waiter === null) return;
    if (waiter.needsLineBreak && !this.raw.includes("\n")) return;
    const prompt = waiter.echoToken === undefined ? this.rules.match(lastScreenLine(this.raw)) : this.promptAfterEcho(waiter.echoToken);
    if (prompt === null) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    this.currentPrompt = prompt;
    const output = this.extractOutput(waiter);
    this.options.onTranscript?.({
      device: this.options.device,
      command: waiter.command,
      output: waiter.secret ? "" : scrubDeviceText(output),
      prompt: prompt.text,
      elapsedMs: Date.now() - waiter.startedAt,
    });
    waiter.resolve({ command: waiter.command, output, prompt });
  }

  /** The prompt that directly follows the last echo of `token` (one line break between), or null. */
  private promptAfterEcho(token: string): PromptMatch | null {
    const screen = cleanTerminalText(this.raw);
    const at = screen.lastIndexOf(token);
    if (at < 0) return null;
    const after = screen.slice(at + token.length).split("\n");
    if (after.length !== 2 || after[0].trim() !== "") return null;
    return this.rules.match(after[1]);
  }

  private extractOutput(waiter: Waiter): string {
    const lines = cleanTerminalText(this.raw).split("\n");
    lines.pop(); // the prompt
    if (waiter.needsLineBreak && lines.length > 0) {
      const echo = lines[0].trim();
      // The first line is the echo of what was typed (empty for a secret, which is not echoed).
      if (echo === "" || waiter.secret || echo.endsWith(waiter.command.trim())) lines.shift();
    }
    while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
    return lines.join("\n");
  }

  private onClosed(): void {
    this.closed = true;
    const waiter = this.waiter;
    if (waiter === null) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.reject(new SessionClosedError(this.options.device, waiter.command === "<login>" ? null : waiter.command));
  }
}
