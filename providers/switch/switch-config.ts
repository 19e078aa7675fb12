// SwitchConfig: the lines one phase (e.g. underlay, BGP to the nodes) owns on one switch, kept true over SSH.
//
// Pulumi serialises a dynamic provider into the state and runs it from there (also on `pulumi destroy`,
// when the program's code may have moved or changed). So the provider serialised here is tiny: each method
// finds the implementation module (providers/switch/provider) at call time, relative to the project, and
// forwards to it. The state holds a path, never the implementation or a secret.

import * as pulumi from "@pulumi/pulumi";
import type { DialectName, OwnedConfig } from "../dialects/types";
import type { LastChange, OwnedLineView, SwitchOptions } from "./provider";

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
  /** The ordered lines this resource owns (context lines with their child lines). */
  ownedConfig: pulumi.Input<OwnedConfig>;
  options?: pulumi.Input<SwitchOptions>;
}

/** The implementation's methods, as the serialised provider calls them. */
type Implementation = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/**
 * Where the implementation sits now: the same path relative to the project found from the current directory
 * (the project may have moved since it was deployed), else the absolute path it had at deployment.
 * Serialised into the state with its two string arguments; uses nothing else from this module.
 */
function loadImplementation(relativePath: string, absolutePathAtDeploy: string): Implementation {
  const nodePath = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const candidates: string[] = [];
  for (let dir = process.cwd(); ; dir = nodePath.dirname(dir)) {
    candidates.push(nodePath.join(dir, relativePath));
    if (nodePath.dirname(dir) === dir) break;
  }
  candidates.push(absolutePathAtDeploy);
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    throw new Error(
      `kube-fabric: cannot find the switch provider implementation '${relativePath}' from ${process.cwd()} or at ${absolutePathAtDeploy}; ` +
        "run pulumi from the kube-fabric project directory",
    );
  }
  if (found.endsWith(".ts") && !require.extensions[".ts"]) {
    // The dynamic-provider process is plain Node: compile our TypeScript on the fly, as the program does.
    const root = nodePath.resolve(nodePath.dirname(found), ...relativePath.split("/").slice(1).map(() => ".."));
    const tsNode = require(require.resolve("ts-node", { paths: [root] })) as typeof import("ts-node");
    tsNode.register({ transpileOnly: true, project: nodePath.join(root, "tsconfig.json") });
  }
  return (require(found) as { switchProvider: Implementation }).switchProvider;
}

function projectRootOf(start: string): string {
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

function makeSerialisableProvider(): pulumi.dynamic.ResourceProvider {
  const path = require("path") as typeof import("path");
  const implementationFile = require.resolve("./provider");
  const relativePath = path.relative(projectRootOf(__dirname), implementationFile).split(path.sep).join("/");
  const load = () => loadImplementation(relativePath, implementationFile);
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}

const switchConfigProvider = makeSerialisableProvider();

export class SwitchConfig extends pulumi.dynamic.Resource {
  declare readonly device: pulumi.Output<string>;
  declare readonly dialect: pulumi.Output<DialectName>;
  declare readonly phase: pulumi.Output<string>;
  declare readonly connection: pulumi.Output<{ host: string; port: number; username: string; hostKey: string }>;
  /** The owned lines as last applied or read back (after `pulumi refresh`: what the device runs). */
  declare readonly ownedConfig: pulumi.Output<OwnedConfig>;
  /** The owned lines keyed by context and setting: what `pulumi preview --diff` shows per line. */
  declare readonly ownedConfigLines: pulumi.Output<OwnedLineView>;
  /** Owned lines changed or removed by hand, found by the last refresh. */
  declare readonly drift: pulumi.Output<string[]>;
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
        ownedConfig: args.ownedConfig,
        options: args.options ?? {},
        ownedConfigLines: undefined,
        drift: undefined,
        baseline: undefined,
        lastChange: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credentials"] }),
    );
  }
}
