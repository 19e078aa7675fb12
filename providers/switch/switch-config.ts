// SwitchConfig: the lines one phase (e.g. underlay, BGP to the nodes) owns on one switch, kept true over SSH.
// The provider it registers is the small serialisable one of implementation-loader.ts: the state holds a
// path, never the implementation or a secret.

import * as pulumi from "@pulumi/pulumi";
import type { OwnedConfig } from "../dialects/types";
import type { DialectName } from "../../model/device-plan";
import { configText } from "./config-tree/config-text";
import { makeSerialisableProvider } from "./implementation-loader";
import type { LastChange, SwitchOptions } from "./provider";
import { KUBE_FABRIC_MODULE, keepUnnamedUrn } from "../dynamic-types";
import { PREVIEW_FLAG } from "./provider/types";

export interface SwitchConnectionArgs {
  host: pulumi.Input<string>;
  /** Default 22. */
  port?: pulumi.Input<number>;
  username: pulumi.Input<string>;
  /** Login password (or use privateKey). Stored as a Pulumi secret. */
  password?: pulumi.Input<string>;
  /** OpenSSH/PEM private key text. Stored as a Pulumi secret. */
  privateKey?: pulumi.Input<string>;
  /** For an encrypted privateKey. Stored as a Pulumi secret. */
  passphrase?: pulumi.Input<string>;
  /** For `enable` when the login lands at `>`; defaults to password. Stored as a Pulumi secret. */
  enablePassword?: pulumi.Input<string>;
  /** The device's pinned OpenSSH public host key (`ssh-ed25519 AAAA...`), checked on every connection. */
  hostKey: pulumi.Input<string>;
}

export interface SwitchConfigArgs {
  /** Device name (the plan's), e.g. `Leaf-1`. Changing it replaces the resource. */
  device: pulumi.Input<string>;
  dialect: pulumi.Input<DialectName>;
  connection: SwitchConnectionArgs;
  /** What this resource is on the device, e.g. `underlay` or `node-peering`. */
  phase: pulumi.Input<string>;
  /**
   * The ordered lines this resource owns (context lines with their child lines). The resource holds them as
   * one property, `config`: CLI text in device order and indentation, what `pulumi preview --diff` shows.
   */
  ownedConfig: pulumi.Input<OwnedConfig>;
  options?: pulumi.Input<SwitchOptions>;
}

const switchConfigProvider = makeSerialisableProvider();

export class SwitchConfig extends pulumi.dynamic.Resource {
  declare readonly device: pulumi.Output<string>;
  declare readonly dialect: pulumi.Output<DialectName>;
  declare readonly phase: pulumi.Output<string>;
  declare readonly connection: pulumi.Output<{ host: string; port: number; username: string; hostKey: string }>;
  /** The owned lines as CLI text (device order and indentation), as last written to the device. */
  declare readonly config: pulumi.Output<string>;
  /** Owned lines changed or removed by hand, found by the last refresh. */
  declare readonly drift: pulumi.Output<string[]>;
  /** Only in a create's `pulumi preview`: the values on the device these lines replace (destroy types them back). */
  declare readonly replaces: pulumi.Output<string[] | undefined>;
  /** What the device had before kube-fabric where these lines sit: lines it kept, values delete types back. */
  declare readonly baseline: pulumi.Output<{ kept: string[][]; replaced: string[][] }>;
  /** The last change: lines typed, the device's own diff (EOS), whether it was saved. */
  declare readonly lastChange: pulumi.Output<LastChange | null>;

  constructor(name: string, args: SwitchConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const c = args.connection;
    super(
      switchConfigProvider,
      name,
      {
        device: args.device,
        dialect: args.dialect,
        phase: args.phase,
        connection: { host: c.host, port: c.port ?? 22, username: c.username, hostKey: c.hostKey },
        // One secret property: the engine keeps all of it encrypted in the state and out of diffs.
        credentials: pulumi.secret({ password: c.password, privateKey: c.privateKey, passphrase: c.passphrase, enablePassword: c.enablePassword }),
        // One multi-line string: `pulumi preview --diff` shows a change as the rows that change (-/+).
        config: pulumi.all([args.dialect, args.ownedConfig]).apply(([dialect, owned]) => configText(dialect, owned)),
        options: args.options ?? {},
        // Hidden from displays (a `__` key): in `pulumi preview`, a create reads the device to show what it replaces.
        [PREVIEW_FLAG]: pulumi.runtime.isDryRun(),
        drift: undefined,
        baseline: undefined,
        lastChange: undefined,
      },
      pulumi.mergeOptions(keepUnnamedUrn(opts), { additionalSecretOutputs: ["credentials"] }),
      KUBE_FABRIC_MODULE,
      "SwitchConfig",
    );
  }
}
