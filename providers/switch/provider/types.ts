// The switch provider's shapes: the inputs check() produces, the outputs the state keeps.

import type { DialectName } from "../../../model/device-plan";
import type { Baseline } from "../config-tree/baseline";

export interface SwitchConnection {
  host: string;
  port: number;
  username: string;
  /** Pinned OpenSSH public host key. */
  hostKey: string;
}

/** Secret: kept in its own top-level property so the whole of it is a Pulumi secret. */
export interface SwitchCredentials {
  password?: string;
  privateKey?: string;
  passphrase?: string;
  enablePassword?: string;
}

export interface SwitchOptions {
  /** EOS: commit with `commit timer` and confirm only after the change reads back right. */
  commitConfirmSeconds?: number;
  connectTimeoutSeconds?: number;
  commandTimeoutSeconds?: number;
  /** Connection attempts in total (connection failures only). */
  connectAttempts?: number;
}

/** What check() returns and every other method receives as inputs. */
export interface SwitchConfigInputs {
  device: string;
  dialect: DialectName;
  phase: string;
  connection: SwitchConnection;
  credentials: SwitchCredentials;
  /**
   * The owned lines as CLI text in device order and indentation: the one representation of what this
   * resource owns, and what `pulumi preview --diff` shows. In the state's outputs: the lines as written; in
   * its inputs after a refresh: the lines as the device runs them, so the next preview shows what goes back.
   */
  config: string;
  options: SwitchOptions;
}

export interface LastChange {
  /** The lines typed in configuration mode. */
  lines: string[];
  /** EOS: `show session-config named … diffs`; null on FRR. */
  deviceDiff: string | null;
  savedToStartup: boolean;
  warnings: string[];
}

export interface SwitchConfigOutputs extends SwitchConfigInputs {
  /**
   * What the device had where our lines sit, before kube-fabric: lines it already ran (delete leaves them)
   * and values ours replaced (delete types them back). Also kept on the device (config-tree/baseline.ts).
   */
  baseline: Baseline;
  /** Owned lines changed or removed by hand, as found by the last read (empty after create/update). */
  drift: string[];
  lastChange: LastChange | null;
}

/**
 * The property paths whose change means another device: replace, never update. The management address and
 * SSH port are not among them: a switch moved to another address (or its DNS name) is the same switch, an
 * update that types nothing; the pinned host key makes sure it is.
 */
export const IDENTITY_PROPERTIES = ["device", "dialect"] as const;

/**
 * Hidden input (the engine hides `__` keys from every display) the program sets to `pulumi.runtime.isDryRun()`:
 * in `pulumi preview`, a create reads its device once to show what it replaces (provider/preview-read.ts).
 */
export const PREVIEW_FLAG = "__preview";
