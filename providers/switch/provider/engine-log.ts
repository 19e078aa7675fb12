// Messages from the switch provider to the engine, shown in the run's output as the program's own messages
// are. Like every provider plugin, the Node dynamic-provider host is started with the engine's address as its
// first argument; it does not hand that to the providers it runs (pulumi.log has no engine there), so this
// opens its own client to that address. A message is best effort: it never fails the operation.

import * as grpc from "@grpc/grpc-js";

/** The path of the Node dynamic-provider host's entry point, as it appears in its process's argv. */
const DYNAMIC_PROVIDER_HOST = /[\\/]cmd[\\/]dynamic-provider(?:[\\/]index\.js)?$/;
const ADDRESS = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/** The engine's address when this process is the dynamic-provider host (`node …/dynamic-provider/index.js <engine>`). */
export function engineAddressOf(argv: readonly string[]): string | null {
  const [, script, address] = argv;
  if (!script || !DYNAMIC_PROVIDER_HOST.test(script) || !address || !ADDRESS.test(address)) return null;
  return address;
}

interface EngineLogClient {
  log(request: unknown, callback: (error: grpc.ServiceError | null) => void): void;
}

let client: EngineLogClient | null = null;

/** Sends `message` to the engine as an info message; false when there is no engine to send it to, or it failed. */
export async function logToEngine(message: string, argv: readonly string[] = process.argv): Promise<boolean> {
  const address = engineAddressOf(argv);
  if (address === null) return false;
  // The engine's generated gRPC stubs, as @pulumi/pulumi ships them (no typings are published for these paths).
  const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineClient: new (address: string, credentials: grpc.ChannelCredentials) => EngineLogClient };
  const proto = require("@pulumi/pulumi/proto/engine_pb") as {
    LogRequest: new () => { setSeverity(severity: number): void; setMessage(message: string): void };
    LogSeverity: { INFO: number };
  };
  client ??= new EngineClient(address, grpc.credentials.createInsecure());
  const request = new proto.LogRequest();
  request.setSeverity(proto.LogSeverity.INFO);
  request.setMessage(message);
  const engine = client;
  return new Promise((resolve) => engine.log(request, (error) => resolve(error === null)));
}
