// One error type per failure a user can act on. Every message names the device; none carries a secret:
// device output in a message goes through scrubDeviceText.

import { scrubDeviceText } from "./secrets";

/** Base of every failure the switch provider reports for one device. */
export class SwitchDeviceError extends Error {
  readonly device: string;

  constructor(device: string, message: string) {
    super(`switch ${device}: ${message}`);
    this.name = new.target.name;
    this.device = device;
  }
}

/** The device presented a host key other than the pinned one. Fatal: never retried. */
export class HostKeyMismatchError extends SwitchDeviceError {
  readonly expectedFingerprint: string;
  readonly presentedFingerprint: string;

  constructor(args: {
    device: string;
    address: string;
    expectedType: string;
    expectedFingerprint: string;
    presentedType: string;
    presentedFingerprint: string;
    presentedKey: string;
  }) {
    super(
      args.device,
      `host key mismatch at ${args.address}: expected ${args.expectedFingerprint} (${args.expectedType}, pinned), ` +
        `the device presented ${args.presentedFingerprint} (${args.presentedType}). Nothing was sent and this is not retried: ` +
        `it may be a different machine or a man in the middle. If the device was re-installed or re-keyed on purpose, ` +
        `check the new key out of band and re-pin it as the device's hostKey, e.g. "${args.presentedKey}".`,
    );
    this.expectedFingerprint = args.expectedFingerprint;
    this.presentedFingerprint = args.presentedFingerprint;
  }
}

/** The pinned key or the credentials in the inputs cannot be used at all. */
export class SshConfigurationError extends SwitchDeviceError {}

/** TCP connect, SSH handshake or login did not complete (after the allowed retries). */
export class SshConnectError extends SwitchDeviceError {
  readonly attempts: number;

  constructor(device: string, address: string, attempts: number, cause: string) {
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    super(device, `could not open an SSH session to ${address} (${tries}): ${cause}`);
    this.attempts = attempts;
  }
}

/** The device refused the username and credentials. Not retried (lockouts). */
export class SshAuthenticationError extends SwitchDeviceError {
  constructor(device: string, address: string, username: string) {
    super(device, `authentication failed at ${address} for user '${username}' — check the username and the password or private key`);
  }
}

/** A command did not bring back a prompt in time. */
export class CommandTimeoutError extends SwitchDeviceError {
  readonly command: string;

  constructor(device: string, command: string, timeoutMs: number, screenTail: string) {
    super(device, `no prompt ${timeoutMs} ms after '${command}'; last output: ${JSON.stringify(scrubDeviceText(screenTail.slice(-300)))}`);
    this.command = command;
  }
}

/** The SSH channel closed while a command was running. */
export class SessionClosedError extends SwitchDeviceError {
  constructor(device: string, command: string | null) {
    super(device, command === null ? "the SSH session closed before the first prompt" : `the SSH session closed during '${command}'`);
  }
}

/** The session broke mid-command (the connection dropped, or the device stopped answering): its effect is unknown. */
export function isBrokenSession(error: unknown): error is SessionClosedError | CommandTimeoutError {
  return error instanceof SessionClosedError || error instanceof CommandTimeoutError;
}

/** A CLI answer the edge did not expect (not the prompt/mode it needs to go on). */
export class UnexpectedCliStateError extends SwitchDeviceError {}

/** The device rejected a configuration line. `restored` says whether the device is back as it was. */
export class ConfigLineRejectedError extends SwitchDeviceError {
  readonly line: string;
  readonly lineNumber: number;
  readonly deviceMessage: string;
  readonly restored: boolean;

  constructor(args: {
    device: string;
    line: string;
    lineNumber: number;
    deviceMessage: string;
    restored: boolean;
    howRestored: string;
  }) {
    super(
      args.device,
      `the device rejected line ${args.lineNumber} '${scrubDeviceText(args.line)}': ${scrubDeviceText(args.deviceMessage.trim())} — ${scrubDeviceText(args.howRestored)}`,
    );
    this.line = args.line;
    this.lineNumber = args.lineNumber;
    this.deviceMessage = scrubDeviceText(args.deviceMessage);
    this.restored = args.restored;
  }
}

/** A session-level step (commit, save, abort, enable …) failed. */
export class DeviceCommandError extends SwitchDeviceError {
  readonly command: string;
  readonly deviceMessage: string;

  constructor(device: string, command: string, deviceMessage: string, consequence: string) {
    super(device, `'${command}' failed: ${scrubDeviceText(deviceMessage.trim())} — ${scrubDeviceText(consequence)}`);
    this.command = command;
    this.deviceMessage = scrubDeviceText(deviceMessage);
  }
}

/** After applying, the owned lines read back from the device are not what was intended. */
export class VerificationError extends SwitchDeviceError {
  readonly problems: readonly string[];

  constructor(device: string, problems: readonly string[], consequence: string) {
    const scrubbed = problems.map(scrubDeviceText);
    super(device, `the change did not verify (${scrubbed.join("; ")}) — ${scrubDeviceText(consequence)}`);
    this.problems = scrubbed;
  }
}

/** Another run is configuring the device now (an open config session of it): nothing was changed. */
export class DeviceBusyError extends SwitchDeviceError {
  constructor(device: string, sessions: ReadonlyArray<{ name: string; state: string; ageSeconds: number }>, staleAfterMinutes: number) {
    const open = sessions.map((s) => `config session ${s.name} ${s.state}, started ${s.ageSeconds} s ago`).join("; ");
    super(
      device,
      `busy: another kube-fabric run is configuring it (${open}) — nothing was changed; run again when that run has ended ` +
        `(an uncommitted session of ours is removed as stale after ${staleAfterMinutes} minutes)`,
    );
  }
}

/** The change was committed under a commit timer, then the run failed before confirming it. */
export class UnconfirmedCommitError extends SwitchDeviceError {
  constructor(device: string, session: string, timer: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      device,
      `${reason} — the change was committed in config session ${session} with a ${timer} commit timer and is NOT confirmed: ` +
        `EOS rolls it back when the timer ends. Run again before then: the next run reads the change back and confirms it, or aborts it`,
    );
  }
}
