// The REST API, as the page uses it. Every call carries the signed-in user's token; failures become `ApiError`s that
// hold the server's problem details (RFC 7807), so the page can say what was wrong and with which field.

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly problem: Problem, public readonly retryAfter?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export interface Me { tenantId: string; userId: string; displayName: string; isAdministrator: boolean; isSystemTenant: boolean }

export type ApprovalStatus = "Created" | "Open" | "Approved" | "Rejected" | "Canceled";

export interface ApprovalEntryRow {
  requestId: string; entryNo: number; recordType: string; recordId: string; workflowCode: string; sequenceNo: number;
  senderId: string; approverId: string; status: ApprovalStatus; dueDate: string | null; amount: number; overdue: boolean;
  createdAt: string; lastModifiedAt: string;
}

export interface ApprovalComment { at: string; userId: string; text: string }
export interface ApprovalRequestView {
  requestId: string; recordType: string; recordId: string; workflowCode: string; senderId: string; amount: number;
  pendingApprovals: number; comments: ApprovalComment[];
}

export interface WorkflowStep {
  id: number; type: "Event" | "Response"; functionCode: string; previousStepId: number | null; entryPoint: boolean;
  sequenceNo: number; nextStepId: number | null; description: string | null; conditions: Record<string, string>;
  options: Record<string, string>;
}
export interface Workflow {
  code: string; description: string | null; category: string | null; recordType: string | null; enabled: boolean;
  template: boolean; version: number; updatedAt: string; steps: WorkflowStep[];
}

export interface InstanceSummary {
  instanceId: string; workflowCode: string; recordType: string; recordId: string; status: string; startedAt: string; updatedAt: string;
}
export interface StepInstance {
  stepId: number; type: "Event" | "Response"; functionCode: string; previousStepId: number | null; nextStepId: number | null;
  sequenceNo: number; description: string | null; conditions: Record<string, string>; options: Record<string, string>;
  status: string; error: string | null; updatedAt: string;
}
export interface InstanceHistoryEntry { at: string; kind: string; stepId: number | null; text: string }
export interface InstanceView {
  instanceId: string; workflowCode: string; recordType: string; recordId: string; status: string; senderUserId: string | null;
  startedAt: string; steps: StepInstance[]; history: InstanceHistoryEntry[]; restrictsRecord: boolean;
}

export interface RecordView {
  recordType: string; recordId: string; fields: Record<string, string | null>;
  restrictions: { instanceId: string; workflowCode: string; details: string }[];
}

export interface NotificationEntry {
  entryId: string; recipientUserId: string; entryType: string; recordType: string; recordId: string; instanceId: string | null;
  message: string; createdBy: string | null; createdAt: string; delivery?: { status: string; method: string | null };
}

export interface SiloActivity {
  silo: string; status: string; activations: number; roundTripsPerSecond: number; approvalActionsPerSecond: number;
  roundTripsSinceStart: number; reportedAt: string | null;
}
export interface ClusterView { silos: SiloActivity[]; activations: number; roundTripsPerSecond: number; approvalActionsPerSecond: number }

type Method = "GET" | "POST" | "PUT" | "DELETE";

export class Api {
  constructor(private readonly token: string, private readonly onUnauthorized: () => void) {}

  async call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, { title: "The server cannot be reached", detail: "Check the connection; nothing was changed." });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      const retry = Number(response.headers.get("Retry-After")) || undefined;
      throw new ApiError(response.status, (json as Problem) ?? { title: `HTTP ${response.status}` }, retry);
    }
    return json as T;
  }

  get<T>(path: string) { return this.call<T>("GET", path); }
  post<T>(path: string, body?: unknown) { return this.call<T>("POST", path, body ?? {}); }
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return { title: text.slice(0, 200) }; }
}

/** One line for a failure, naming the fields the server named. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.entries(error.problem.errors ?? {}).map(([field, reasons]) => `${field}: ${reasons.join(" ")}`);
    const main = error.problem.detail ?? error.problem.title ?? error.message;
    const retry = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : "";
    return (fields.length && !fields.some(f => main.includes(f)) ? `${main} (${fields.join("; ")})` : main) + retry;
  }
  return error instanceof Error ? error.message : String(error);
}

/** An idempotency key per click, so that sending an action again after a 503 has the effect of one. */
export function newKey(): string {
  // getRandomValues, unlike randomUUID, also exists on a plain-http page served to another machine.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
}
