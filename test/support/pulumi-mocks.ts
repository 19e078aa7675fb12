// Pulumi mocks with a recorder: every registration as the engine would receive it (type, name, parent,
// dependencies, wire-format inputs where secrets are still marked), so tests can assert the graph's
// order and that no secret travels in a plain position.

import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-var-requires */
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike };

/** The key the Pulumi wire format marks a secret value with (sdk: rpc.specialSigKey / specialSecretSig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

interface MonitorLike {
  registerResource(req: RegisterRequest, callback: (err: unknown, response?: { getUrn(): string }) => void): Promise<void>;
  registerResourceOutputs(req: OutputsRequest, callback: unknown): void;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> };
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

export interface Registration {
  type: string;
  name: string;
  /** Set when the monitor answers the registration. */
  urn: string;
  parent: string;
  dependencies: string[];
  additionalSecretOutputs: string[];
  /** Wire format: secrets are objects marked with SIG_KEY = SECRET_SIG. */
  inputs: Record<string, unknown>;
}

/** Wraps the monitor setMocks installed, keeping every raw request it receives. */
export class Recorder {
  readonly registrations: Registration[] = [];
  readonly componentOutputs = new Map<string, Record<string, unknown>>();

  constructor() {
    const monitor = settings.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const registration = this.record(req);
      const done = callback as (err: unknown, response?: { getUrn(): string }) => void;
      return registerResource(req, (err: unknown, response?: { getUrn(): string }) => {
        if (response) registration.urn = response.getUrn();
        done(err, response);
      });
    };
    monitor.registerResourceOutputs = (req, callback) => {
      this.componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
      registerResourceOutputs(req, callback);
    };
  }

  private record(req: RegisterRequest): Registration {
    const registration: Registration = {
      type: req.getType(),
      name: req.getName(),
      urn: "",
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      inputs: req.getObject().toJavaScript(),
    };
    this.registrations.push(registration);
    return registration;
  }

  byName(name: string): Registration {
    const found = this.registrations.find((r) => r.name === name);
    assert.ok(found, `no resource named ${name} was registered`);
    return found;
  }

  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  /** The names of every resource `name` waits for, directly or through others. */
  upstream(name: string): Set<string> {
    const byUrn = new Map(this.registrations.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [...this.byName(name).dependencies];
    while (stack.length > 0) {
      const urn = stack.pop() as string;
      const r = byUrn.get(urn);
      assert.ok(r, `dependency ${urn} of ${name} is not a registered resource`);
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      stack.push(...r.dependencies);
    }
    return seen;
  }
}

/** Strings found in plain positions and inside secrets, walking a wire-format value. */
export function stringsOf(value: unknown, inSecret = false, found = { plain: [] as string[], secret: [] as string[] }) {
  if (typeof value === "string") (inSecret ? found.secret : found.plain).push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, inSecret, found));
  else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const isSecret = record[SIG_KEY] === SECRET_SIG;
    for (const [key, v] of Object.entries(record)) {
      if (key !== SIG_KEY) stringsOf(v, inSecret || isSecret, found);
    }
  }
  return found;
}

/** Installs mocks (preview mode, project kube-fabric, stack dev) and returns a fresh recorder. */
export async function installMocks(
  stateFor: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>,
  callFor: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> = (args) => args.inputs,
): Promise<Recorder> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: stateFor(args) }),
      call: callFor,
    },
    "kube-fabric",
    "dev",
    true,
  );
  return new Recorder();
}

/** Resolves an Output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
