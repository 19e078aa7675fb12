// The contract every dialect answers over SSH (read the running config, apply a change script
// atomically), and the one place that opens a device session: lock, connect, shell, prepare, close.

import type { ChangeScript } from "../../dialects/types";
import type { DialectName } from "../../../model/device-plan";
import { connectSsh, DEFAULT_SSH_TIMEOUTS, SshEndpoint, SshTimeouts } from "./connect";
import { CliShell, TranscriptEntry } from "./shell";
import { PromptRules } from "./prompt";
import { SecretScrubber } from "./secrets";
import { deviceLockKey, deviceLocks } from "./device-lock";

export interface DeviceEndpoint extends SshEndpoint {
  /** For `enable` when the login lands at `>`; defaults to the login password. Secret. */
  enablePassword?: string;
}

export interface ApplyRequest {
  /** Short, CLI-safe id of the resource (part of the EOS config-session name). */
  resourceShortId: string;
  script: ChangeScript;
  /** `show running-config` as read at the start of this operation (FRR compares against it after a rollback). */
  runningBefore: string;
  /** Problems with the owned lines in a running config; empty when the device holds what was intended. */
  verify: (running: string) => string[];
  /** EOS: commit with a timer and confirm only after the change verifies. */
  commitConfirmSeconds?: number;
  /**
   * FRR: the lines that bring a device running `currentRunning` back to `runningBefore`, for when typing the
   * rollback after a partial change did not restore it exactly.
   */
  restoreLines?: (currentRunning: string) => string[];
}

/** What a run settles before it reads the config it plans against. */
export interface SettleRequest {
  /** Short, CLI-safe id of the resource (part of the EOS config-session name). */
  resourceShortId: string;
  /** Problems with the lines this run wants in place; empty when an earlier, unconfirmed change already holds them. */
  verify: (running: string) => string[];
  /**
   * Leave a change committed under a commit timer as it is (the timer or the next run settles it): set when
   * settling what the same run left after its session broke.
   */
  leaveCommitTimers?: boolean;
}

/** What a run settled before planning. */
export interface SettleOutcome {
  /** What it did, in words for the run's output. */
  notes: string[];
  /** It confirmed an earlier run's change (it read back as this run wants: the device runs this run's lines). */
  confirmed: boolean;
  /** It confirmed an earlier run's change and wrote the running config to startup-config. */
  saved: boolean;
}

export interface ApplyReport {
  /** What the device said would change (EOS `show session-config named … diffs`), or null. */
  deviceDiff: string | null;
  /** `show running-config` after the change. */
  runningAfter: string;
  /** Written to the startup configuration. */
  saved: boolean;
  warnings: string[];
}

/** One dialect's SSH behaviour. Adding a dialect means adding one of these. */
export interface DialectDriver {
  readonly dialect: DialectName;
  readonly promptRules: (hostname: string | null) => PromptRules;
  /** Starts a comment in every CLI or shell a login may land in; see CliShellOptions.loginSyncComment. */
  readonly loginSyncComment: string;
  /** From the login prompt to a privileged prompt with paging off. */
  prepare(shell: CliShell, endpoint: DeviceEndpoint): Promise<void>;
  runningConfig(shell: CliShell): Promise<string>;
  /**
   * Before anything is planned: finish what an earlier run left (EOS: its unconfirmed commit timer, its stale
   * sessions), or fail when another run is at work. Returns what it did, in words for the run's output.
   */
  settle(shell: CliShell, request: SettleRequest): Promise<SettleOutcome>;
  /** Applies the change script; on failure leaves the device as it was and throws a SwitchDeviceError. */
  apply(shell: CliShell, request: ApplyRequest): Promise<ApplyReport>;
}

/** What an operation can do inside its one SSH session. */
export interface DeviceSession {
  readonly device: string;
  readonly dialect: DialectName;
  runningConfig(): Promise<string>;
  settle(request: SettleRequest): Promise<SettleOutcome>;
  apply(request: ApplyRequest): Promise<ApplyReport>;
  /** Runs one exec-mode command (a `show`) and returns what it printed; for validators, never for changes. */
  show(command: string): Promise<string>;
}

export interface DeviceSessionOptions {
  timeouts?: Partial<SshTimeouts>;
  onTranscript?: (entry: TranscriptEntry) => void;
  /** For fault tests only (CliShellOptions.alterCommand). */
  alterCommand?: (command: string, device: string) => string;
}

export function secretsOf(endpoint: DeviceEndpoint): SecretScrubber {
  return new SecretScrubber([endpoint.password, endpoint.privateKey, endpoint.passphrase, endpoint.enablePassword]);
}

/**
 * Runs `work` in exactly one SSH session to the device, after every earlier operation on the same
 * host:port has finished. Errors come out scrubbed of the endpoint's secrets.
 */
export async function withDeviceSession<T>(
  endpoint: DeviceEndpoint,
  driver: DialectDriver,
  options: DeviceSessionOptions,
  work: (session: DeviceSession) => Promise<T>,
): Promise<T> {
  const scrubber = secretsOf(endpoint);
  const timeouts: SshTimeouts = { ...DEFAULT_SSH_TIMEOUTS, ...options.timeouts };
  return deviceLocks.run(deviceLockKey(endpoint.host, endpoint.port), async () => {
    let client: Awaited<ReturnType<typeof connectSsh>> | null = null;
    let shell: CliShell | null = null;
    try {
      client = await connectSsh(endpoint, timeouts);
      // A dropped connection surfaces through the shell; this keeps ssh2 from throwing it as unhandled.
      client.on("error", () => undefined);
      shell = await CliShell.open(client, {
        device: endpoint.device,
        promptRules: driver.promptRules,
        loginSyncComment: driver.loginSyncComment,
        commandTimeoutMs: timeouts.commandTimeoutMs,
        onTranscript: options.onTranscript,
        alterCommand: options.alterCommand,
      });
      await driver.prepare(shell, endpoint);
      const openShell = shell;
      return await work({
        device: endpoint.device,
        dialect: driver.dialect,
        runningConfig: () => driver.runningConfig(openShell),
        settle: (request) => driver.settle(openShell, request),
        apply: (request) => driver.apply(openShell, request),
        show: async (command) => (await openShell.run(command)).output,
      });
    } catch (error) {
      throw scrubber.scrubError(error);
    } finally {
      shell?.close();
      client?.end();
    }
  });
}
