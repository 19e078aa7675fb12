// Runs a Pulumi program under pulumi.runtime.setMocks and records every registered resource with
// its parent, its dependencies (explicit dependsOn and input dependencies) and its inputs, so tests
// can assert the graph's order and that no secret leaks into a plain input.

import * as pulumi from "@pulumi/pulumi";

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  dependencies: string[];
  inputs: Record<string, unknown>;
  custom: boolean;
}

export interface MockRun {
  resources: RecordedResource[];
  byName(name: string): RecordedResource;
  /**
   * Every URN this resource waits for, following registration dependencies transitively. A parent's
   * dependsOn is not inherited by its children, so it is not followed.
   */
  waitsFor(resource: RecordedResource): Set<string>;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
}

type MockState = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown> | undefined;

export async function runWithMocks(
  config: Record<string, string>,
  secretKeys: string[],
  program: () => void,
  stateFor: MockState = () => undefined,
): Promise<MockRun> {
  const resources: RecordedResource[] = [];
  const pending: { urnPrefix: string; req: RegisterRequest }[] = [];
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        return { id: `${args.name}-id`, state: { ...args.inputs, ...stateFor(args) } };
      },
      call(args) {
        return args.inputs;
      },
    },
    "kube-fabric",
    "dev",
    true,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, callback: (err: unknown, response: { getUrn(): string } | undefined) => void): Promise<void>;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const entry = { urnPrefix: "", req };
    pending.push(entry);
    return original(req, (err, response) => {
      if (response) {
        resources.push({
          urn: response.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent(),
          custom: req.getCustom(),
          dependencies: req.getDependenciesList(),
          inputs: {},
        });
      }
      callback(err, response);
    });
  };
  const inputsByUrn = new Map<string, Record<string, unknown>>();
  // Inputs as the engine would receive them (after secrets are marked), captured by a transform.
  pulumi.runtime.registerResourceTransform((args) => {
    inputsByUrn.set(`${args.type}::${args.name}`, args.props as Record<string, unknown>);
    return undefined;
  });
  program();
  await settle();
  for (const r of resources) r.inputs = inputsByUrn.get(`${r.type}::${r.name}`) ?? {};
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return {
    resources,
    byName(name: string) {
      const found = resources.find((r) => r.name === name);
      if (!found) throw new Error(`no resource named ${name}; have: ${resources.map((r) => r.name).join(", ")}`);
      return found;
    },
    waitsFor(resource: RecordedResource) {
      const seen = new Set<string>();
      const visit = (urn: string) => {
        if (seen.has(urn)) return;
        seen.add(urn);
        const r = byUrn.get(urn);
        if (!r) return;
        r.dependencies.forEach(visit);
      };
      resource.dependencies.forEach(visit);
      return seen;
    },
  };
}

/** Lets every pending registration and output resolve. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
}
