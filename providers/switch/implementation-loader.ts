// The switch provider as Pulumi serialises it into the state, and how it finds its implementation.
//
// Pulumi runs a dynamic provider from the state (also on `pulumi destroy`, when the program's code may have
// moved or changed). So the provider serialised here is tiny: each method loads the implementation module
// (providers/switch/provider.ts) at call time and forwards to it. It loads it only from the project's own
// path: the project the engine runs now (the engine starts the provider in the directory of Pulumi.yaml), else
// the absolute path it had at deployment. Never from a parent of the working directory: a file planted
// there would run with the switches' credentials.

import type * as pulumi from "@pulumi/pulumi";

/** The implementation's methods, as the serialised provider calls them. */
type Implementation = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/** Where the implementation may be: the running project's copy first (it may have moved), then the deployed one. */
export function implementationCandidates(relativePath: string, absolutePathAtDeploy: string, cwd: string): string[] {
  const nodePath = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const candidates: string[] = [];
  if (fs.existsSync(nodePath.join(cwd, "Pulumi.yaml"))) candidates.push(nodePath.join(cwd, relativePath));
  candidates.push(absolutePathAtDeploy);
  return candidates;
}

/**
 * Loads the implementation from the first candidate that exists. Serialised into the state with its two
 * string arguments; it calls only implementationCandidates and Node's own modules.
 */
export function loadImplementation(relativePath: string, absolutePathAtDeploy: string, exportName = "switchProvider"): Implementation {
  const nodePath = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  const candidates = implementationCandidates(relativePath, absolutePathAtDeploy, process.cwd());
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    throw new Error(
      `kube-fabric: cannot find the switch provider implementation '${relativePath}' in the project at ${process.cwd()} or at ${absolutePathAtDeploy}; ` +
        "run pulumi from the kube-fabric project directory (the one with Pulumi.yaml)",
    );
  }
  if (found.endsWith(".ts") && !require.extensions[".ts"]) {
    // The dynamic-provider process is plain Node: compile our TypeScript on the fly, as the program does.
    const root = nodePath.resolve(nodePath.dirname(found), ...relativePath.split("/").slice(1).map(() => ".."));
    const tsNode = require(require.resolve("ts-node", { paths: [root] })) as typeof import("ts-node");
    tsNode.register({ transpileOnly: true, project: nodePath.join(root, "tsconfig.json") });
  }
  return (require(found) as Record<string, Implementation>)[exportName];
}

function projectRootOf(start: string): string {
  const path = require("path") as typeof import("path");
  const fs = require("fs") as typeof import("fs");
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/**
 * The provider SwitchConfig registers: forwards every call to the implementation loaded at call time.
 * Other dynamic resources of the project (the Calico migration's steps) pass their own module and export.
 */
export function makeSerialisableProvider(implementationModule = require.resolve("./provider"), exportName = "switchProvider"): pulumi.dynamic.ResourceProvider {
  const path = require("path") as typeof import("path");
  const implementationFile = implementationModule;
  const relativePath = path.relative(projectRootOf(__dirname), implementationFile).split(path.sep).join("/");
  const load = () => loadImplementation(relativePath, implementationFile, exportName);
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
