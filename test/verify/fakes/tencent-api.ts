/**
 * Fake Tencent Cloud API for verify: CAM (GetRole, ListAttachedRolePolicies, GetUserAppId; host `cam.*`) and SCF
 * (GetFunction; host `scf.*`, region from X-TC-Region), reached as `<service>.<TENCENTCLOUD_DOMAIN>`. It accepts the
 * SDKs' signed POST JSON requests (it checks their shape, not the signature), answers with the API's envelopes and
 * error documents, and can fail the next N calls of an action with an API error or an HTTP status.
 */
import * as http from "node:http";
import { LoopbackServer } from "../../function/fakes/loopback-server";

export interface FakeRole {
  document: string;
  policies: string[];
}

export interface FakeFunction {
  Runtime: string;
  Role: string;
  Environment: { Variables: { Key: string; Value: string }[] };
  Triggers: { TriggerName: string; Type: string; TriggerDesc: string; Enable: number }[];
}

export type TencentFault = { code: string; message?: string } | { status: number };

export class FakeTencentApi extends LoopbackServer {
  appId = "1250000000";
  readonly roles = new Map<string, FakeRole>();
  /** Keyed `<region>/<namespace>/<name>`. */
  readonly functions = new Map<string, FakeFunction>();
  readonly requests: { service: string; action: string; region: string; token?: string }[] = [];
  private readonly faults = new Map<string, TencentFault[]>();
  /** When set, every request is refused with this AuthFailure code. */
  rejectCredentials?: string;
  private counter = 0;

  /** `api.verify.test:<port>`, the value of TENCENTCLOUD_DOMAIN. */
  get domain(): string {
    return `api.verify.test:${this.hostPort.split(":")[1]}`;
  }

  failNext(action: string, fault: TencentFault, times = 1): void {
    const queue = this.faults.get(action) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(action, queue);
  }

  /** Forgets recorded requests and queued faults. */
  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
  }

  count(action?: string): number {
    return this.requests.filter((r) => action === undefined || r.action === action).length;
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const header = (name: string): string => String(request.headers[name] ?? "");
    const service = header("host").split(".")[0];
    const action = header("x-tc-action");
    const region = header("x-tc-region");
    this.requests.push({ service, action, region, ...(header("x-tc-token") ? { token: header("x-tc-token") } : {}) });
    const requestId = `fake-tc-${++this.counter}`;
    const reply = (payload: object): void => {
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ Response: { ...payload, RequestId: requestId } }));
    };
    const error = (code: string, message: string): void => reply({ Error: { Code: code, Message: message } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      return error("InvalidParameter", "body is not JSON");
    }
    if (request.method !== "POST" || !header("authorization").startsWith("TC3-HMAC-SHA256 Credential="))
      return error("AuthFailure.SignatureFailure", "missing TC3-HMAC-SHA256 signature");
    if (this.rejectCredentials)
      return error(this.rejectCredentials, "The provided credentials could not be validated.");
    const fault = this.faults.get(action)?.shift();
    if (fault && "status" in fault) {
      response.writeHead(fault.status, { "content-type": "text/plain" }).end("scripted failure");
      return;
    }
    if (fault) return error(fault.code, fault.message ?? "scripted failure");
    if (service === "cam" && header("x-tc-version") === "2019-01-16") {
      if (action === "GetUserAppId")
        return reply({ AppId: Number(this.appId), Uin: "100000000001", OwnerUin: "100000000001" });
      const role = this.roles.get(String(body.RoleName));
      if (action === "GetRole") {
        if (!role) return error("InvalidParameter.RoleNotExist", "role not exist");
        return reply({
          RoleInfo: { RoleId: "4611686018427000001", RoleName: body.RoleName, PolicyDocument: role.document },
        });
      }
      if (action === "ListAttachedRolePolicies") {
        if (!role) return error("InvalidParameter.RoleNotExist", "role not exist");
        return reply({
          TotalNum: role.policies.length,
          List: role.policies.map((name, i) => ({
            PolicyId: 1000 + i,
            PolicyName: name,
            AddTime: "2026-01-01 00:00:00",
          })),
        });
      }
    }
    if (service === "scf" && header("x-tc-version") === "2018-04-16" && action === "GetFunction") {
      const fn = this.functions.get(`${region}/${String(body.Namespace ?? "default")}/${String(body.FunctionName)}`);
      if (!fn) return error("ResourceNotFound.Function", `function ${String(body.FunctionName)} not found`);
      return reply({ FunctionName: body.FunctionName, Namespace: body.Namespace, ...fn });
    }
    return error("InvalidAction", `${service} ${action} is not served by this fake`);
  }
}
