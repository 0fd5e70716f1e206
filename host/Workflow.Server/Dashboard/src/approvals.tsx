import { useState } from "preact/hooks";
import { Api, ApprovalEntryRow, ApprovalRequestView, RecordView, describeError, newKey } from "./api";
import { formatAmount, formatDateTime, humanize, relative } from "./format";
import { useLoad } from "./hooks";
import { Empty, ErrorNote, Section, StatusBadge } from "./ui";

type Action = "approve" | "reject" | "delegate";

/** The approver's inbox: open entries, overdue first (the API's order), each with its comment box and actions. */
export function RequestsToApprove({ api, changes, onChanged }: { api: Api; changes: number; onChanged: () => void }) {
  const entries = useLoad(() => api.get<ApprovalEntryRow[]>("/approvals/requests-to-approve?take=200"), [changes]);
  const list = entries.data ?? [];
  return (
    <Section title="Requests to Approve" count={entries.data ? list.length : undefined}>
      <ErrorNote message={entries.error} />
      {entries.data && list.length === 0 && <Empty>Nothing waits for you. New requests appear here as they arrive.</Empty>}
      <ul class="cards" data-list="requests-to-approve">
        {list.map(entry => <ToApproveCard key={`${entry.requestId}:${entry.entryNo}`} api={api} entry={entry} onDone={() => { entries.reload(); onChanged(); }} />)}
      </ul>
    </Section>
  );
}

function ToApproveCard({ api, entry, onDone }: { api: Api; entry: ApprovalEntryRow; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<Action>();
  const [error, setError] = useState<string>();
  const [showComments, setShowComments] = useState(false);

  async function act(action: Action) {
    setBusy(action);
    setError(undefined);
    try {
      await api.post(`/approval-requests/${entry.requestId}/${action}`, {
        entryNo: entry.entryNo, comment: comment.trim() || undefined, idempotencyKey: newKey(),
      });
      setComment("");
      onDone();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <li class={`card ${entry.overdue ? "card-overdue" : ""}`} data-request={entry.requestId} data-record={entry.recordId}>
      <div class="card-main">
        <div class="card-title">
          <span class="record-id">{entry.recordId}</span>
          <span class="muted">{humanize(entry.recordType)}</span>
          {entry.overdue && <StatusBadge status="Overdue" />}
        </div>
        <div class="amount">{formatAmount(entry.amount)}</div>
      </div>
      <dl class="facts">
        <div><dt>From</dt><dd>{entry.senderId}</dd></div>
        <div><dt>Workflow</dt><dd>{entry.workflowCode}</dd></div>
        <div><dt>Due</dt><dd>{entry.dueDate ?? "—"}</dd></div>
        <div><dt>Sent</dt><dd title={formatDateTime(entry.createdAt)}>{relative(entry.createdAt)}</dd></div>
      </dl>
      {showComments && <Comments api={api} requestId={entry.requestId} />}
      <div class="card-actions">
        <textarea class="comment" rows={1} maxLength={2000} placeholder="Comment (optional)" aria-label="Comment"
          value={comment} onInput={e => setComment((e.target as HTMLTextAreaElement).value)} />
        <button class="primary" disabled={!!busy} onClick={() => act("approve")}>{busy === "approve" ? "Approving…" : "Approve"}</button>
        <button class="danger" disabled={!!busy} onClick={() => act("reject")}>{busy === "reject" ? "Rejecting…" : "Reject"}</button>
        <button disabled={!!busy} onClick={() => act("delegate")}>{busy === "delegate" ? "Delegating…" : "Delegate"}</button>
        <button class="link" onClick={() => setShowComments(s => !s)}>{showComments ? "Hide comments" : "Comments"}</button>
      </div>
      <ErrorNote message={error} onClose={() => setError(undefined)} />
    </li>
  );
}

function Comments({ api, requestId }: { api: Api; requestId: string }) {
  const request = useLoad(() => api.get<ApprovalRequestView>(`/approval-requests/${requestId}`), [requestId]);
  if (request.error) return <ErrorNote message={request.error} />;
  const comments = request.data?.comments ?? [];
  return (
    <ul class="comments">
      {request.data && comments.length === 0 && <li class="muted">No comments yet.</li>}
      {comments.map(c => <li key={c.at}><b>{c.userId}</b> <span class="muted">{relative(c.at)}</span><div>{c.text}</div></li>)}
    </ul>
  );
}

interface SentRequest { requestId: string; recordType: string; recordId: string; workflowCode: string; amount: number; createdAt: string; entries: ApprovalEntryRow[] }

/** What the user sent: one card per request with each approver's entry, and the document's own status. */
export function RequestsSent({ api, changes }: { api: Api; changes: number }) {
  const sent = useLoad(async () => {
    const rows = await api.get<ApprovalEntryRow[]>("/approvals/requests-sent?take=200");
    const byRequest = new Map<string, SentRequest>();
    for (const row of rows) {
      const request = byRequest.get(row.requestId)
        ?? { requestId: row.requestId, recordType: row.recordType, recordId: row.recordId, workflowCode: row.workflowCode, amount: row.amount, createdAt: row.createdAt, entries: [] };
      request.entries.push(row);
      byRequest.set(row.requestId, request);
    }
    const requests = [...byRequest.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 50);
    // The document's status (Pending Approval, Released, Open) is the record's, read beside the entries.
    const records = await Promise.all(requests.map(r =>
      api.get<RecordView>(`/records/${encodeURIComponent(r.recordType)}/${encodeURIComponent(r.recordId)}`).catch(() => undefined)));
    return requests.map((request, i) => ({ request, record: records[i] }));
  }, [changes]);
  const list = sent.data ?? [];
  return (
    <Section title="Requests Sent" count={sent.data ? list.length : undefined}>
      <ErrorNote message={sent.error} />
      {sent.data && list.length === 0 && <Empty>You have not sent anything for approval.</Empty>}
      <ul class="cards" data-list="requests-sent">
        {list.map(({ request, record }) => {
          const status = record?.fields["Status"] ?? undefined;
          return (
            <li class="card" key={request.requestId} data-request={request.requestId} data-record={request.recordId}>
              <div class="card-main">
                <div class="card-title">
                  <span class="record-id">{request.recordId}</span>
                  <span class="muted">{humanize(request.recordType)}</span>
                  {status && <span class="document-status" data-document-status={status}><StatusBadge status={status} /></span>}
                </div>
                <div class="amount">{formatAmount(request.amount)}</div>
              </div>
              <ol class="approvers">
                {request.entries.sort((a, b) => a.sequenceNo - b.sequenceNo || a.entryNo - b.entryNo).map(e => (
                  <li key={e.entryNo}><span>{e.approverId}</span><StatusBadge status={e.status} />{e.overdue && <StatusBadge status="Overdue" />}</li>
                ))}
              </ol>
              <div class="muted small">{request.workflowCode} · sent {relative(request.createdAt)}</div>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
