// One command through a lab device's own SSH login (vtysh for a switch, a shell for a node or host),
// with the lab's client key: what the lab end-to-end tests type on devices.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { LabState } from "../../lab/stack-lab/state";
import { connectSsh } from "../../providers/switch/ssh/connect";
import { execCommand } from "../../providers/switch/ssh/exec";

export async function sshExec(state: LabState, device: string, command: string): Promise<string> {
  const endpoint = state.endpoints.find((e) => e.name === device);
  assert.ok(endpoint, `lab endpoint ${device}`);
  const privateKey = fs.readFileSync(path.join(state.stateDir, "client_ed25519"), "utf8");
  const client = await connectSsh({ device, host: endpoint.host, port: endpoint.port, username: endpoint.user, hostKey: endpoint.hostKey, privateKey });
  try {
    const { code, stdout, stderr } = await execCommand(client, command);
    if (code !== 0) throw new Error(`${device}: ${command}: exit ${code}: ${stdout}${stderr}`);
    return stdout + stderr;
  } finally {
    client.end();
  }
}
