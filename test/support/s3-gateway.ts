// A real S3-compatible server for the team-state tests: Versity's S3 gateway (tools/versitygw/build.sh) with
// its posix backend in a temp dir, on a free 127.0.0.1 port, with a generated access key and secret; and the
// few S3 calls the tests make themselves (CreateBucket, ListObjectsV2, GetObject), signed with SigV4.
// The gateway is our direct child, stopped by PID; its folder is removed with it, also on a failed start.
import { createHash, createHmac, randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { registerExitCleanup } from "../../lab/exit-cleanup";
import { cacheRoot } from "../../lab/kube-binaries";
import { killTrackedSync, spawnTracked, stopTracked, TrackedProcess } from "../../lab/processes";
import { freePort } from "../../lab/sshd";

export const VERSITYGW_VERSION = "v1.8.0";
/** The region the gateway is started with and requests are signed for. */
export const S3_REGION = "us-east-1";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface S3Gateway {
  /** `127.0.0.1:<port>`, as a Pulumi backend URL's endpoint names it. */
  readonly hostPort: string;
  readonly credentials: S3Credentials;
  /** The posix backend's root: one folder per bucket, one file per object. */
  readonly dataDir: string;
  readonly pid: number;
  createBucket(bucket: string): Promise<void>;
  /** Every key in the bucket, whole listing (continuation followed). */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  getObject(bucket: string, key: string): Promise<Buffer>;
  /** Stops the gateway (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>;
}

/** The built gateway, or an error naming the build script. */
export function versitygwBinary(env: NodeJS.ProcessEnv = process.env): string {
  const binary = path.join(cacheRoot(env), "versitygw", VERSITYGW_VERSION, "versitygw");
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    return binary;
  } catch {
    throw new Error(`${binary} is missing: run \`sh tools/versitygw/build.sh\` (builds it from its Go module into that cache; scripts/setup.sh runs it)`);
  }
}

export async function startS3Gateway(): Promise<S3Gateway> {
  const binary = versitygwBinary();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-fabric-s3-"));
  const dataDir = path.join(workDir, "data");
  const logFile = path.join(workDir, "versitygw.log");
  fs.mkdirSync(dataDir);
  const credentials: S3Credentials = { accessKeyId: `KF${randomBytes(9).toString("hex").toUpperCase()}`, secretAccessKey: randomBytes(24).toString("base64url") };
  let gateway: TrackedProcess | undefined;
  let unregister = () => undefined as void;
  try {
    const port = await freePort();
    const hostPort = `127.0.0.1:${port}`;
    // The root account's keys on the command line would show in `ps`: the gateway reads them from its environment too.
    gateway = await spawnTracked("versitygw", binary, ["--port", hostPort, "--region", S3_REGION, "posix", dataDir], logFile, {
      ...process.env,
      ROOT_ACCESS_KEY_ID: credentials.accessKeyId,
      ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    const started = gateway;
    unregister = registerExitCleanup({ label: `versitygw ${hostPort}`, stopSync: () => killTrackedSync(started) });
    await waitForAnswer(hostPort, started, logFile);
    const s3 = (method: string, resource: string, query: Record<string, string> = {}) => signedRequest(hostPort, credentials, method, resource, query);
    return {
      hostPort,
      credentials,
      dataDir,
      pid: started.pid,
      async createBucket(bucket) {
        const answer = await s3("PUT", `/${bucket}`);
        if (answer.status !== 200) throw new Error(`CreateBucket ${bucket}: HTTP ${answer.status}: ${answer.body.toString("utf8")}`);
      },
      async listKeys(bucket, prefix = "") {
        const keys: string[] = [];
        let token: string | undefined;
        do {
          const query: Record<string, string> = { "list-type": "2", prefix, ...(token ? { "continuation-token": token } : {}) };
          const answer = await s3("GET", `/${bucket}`, query);
          const xml = answer.body.toString("utf8");
          if (answer.status !== 200) throw new Error(`ListObjectsV2 ${bucket}: HTTP ${answer.status}: ${xml}`);
          for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(xmlText(match[1]));
          token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlText(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? "") : undefined;
        } while (token);
        return keys;
      },
      async getObject(bucket, key) {
        const answer = await s3("GET", `/${bucket}/${key}`);
        if (answer.status !== 200) throw new Error(`GetObject ${bucket}/${key}: HTTP ${answer.status}: ${answer.body.toString("utf8")}`);
        return answer.body;
      },
      async stop() {
        try {
          await stopTracked(started);
        } finally {
          unregister();
          fs.rmSync(workDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (gateway) await stopTracked(gateway);
    unregister();
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** Until the gateway answers HTTP on its port (any status: an unsigned request gets 403), at most 15 s. */
async function waitForAnswer(hostPort: string, gateway: TrackedProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (gateway.hasExited()) throw new Error(`versitygw exited (${await gateway.exited}); its log:\n${fs.readFileSync(logFile, "utf8")}`);
    const answered = await new Promise<boolean>((resolve) => {
      const request = http.get(`http://${hostPort}/`, (response) => {
        response.resume();
        resolve(true);
      });
      request.on("error", () => resolve(false));
    });
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`versitygw did not answer on ${hostPort} within 15 s; its log:\n${fs.readFileSync(logFile, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function xmlText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** One path-style S3 request with an empty body, signed with AWS Signature Version 4. */
function signedRequest(hostPort: string, credentials: S3Credentials, method: string, resource: string, query: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256("");
  const canonicalPath = resource.split("/").map(uriEncode).join("/");
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((key) => `${uriEncode(key)}=${uriEncode(query[key])}`)
    .join("&");
  const headers: Record<string, string> = { host: hostPort, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
  const signedHeaders = Object.keys(headers).sort().join(";");
  const canonicalRequest = [method, canonicalPath, canonicalQuery, ...Object.keys(headers).sort().map((key) => `${key}:${headers[key]}`), "", signedHeaders, payloadHash].join("\n");
  const scope = `${day}/${S3_REGION}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), S3_REGION), "s3"), "aws4_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: Number(hostPort.split(":")[1]), method, path: canonicalPath + (canonicalQuery ? `?${canonicalQuery}` : ""), headers: { ...headers, authorization } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}
