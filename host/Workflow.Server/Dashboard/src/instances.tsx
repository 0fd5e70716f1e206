import { useEffect, useState } from "preact/hooks";
import { Api, InstanceSummary, InstanceView, Workflow } from "./api";
import { formatDateTime, formatTime, relative } from "./format";
import { useLoad } from "./hooks";
import type { LiveConnection } from "./live";
import { Empty, ErrorNote, Section, StatusBadge } from "./ui";
import { Flow } from "./workflows";

interface Filter { workflowCode: string; recordId: string }

/**
 * Instances of a workflow or a record, with the selected one's steps and history. Administrators' pages subscribe to
 * the instances' progress on the hub, so they move as the engine moves them; everyone's reload on their own feed.
 */
export function Instances({ api, live, isAdministrator, changes, progress }: {
  api: Api; live: LiveConnection | undefined; isAdministrator: boolean; changes: number; progress: number;
}) {
  const [filter, setFilter] = useState<Filter>({ workflowCode: "", recordId: "" });
  const [draft, setDraft] = useState<Filter>(filter);
  const [selected, setSelected] = useState<string>();
  const workflows = useLoad(() => api.get<Workflow[]>("/workflows"), []);

  useEffect(() => {
    if (!live || !isAdministrator) return;
    // A workflow's instances, or else the tenant's (a record filter matches instances of any workflow).
    const watch: ["WatchWorkflow" | "WatchTenant", ...string[]] = filter.workflowCode ? ["WatchWorkflow", filter.workflowCode] : ["WatchTenant"];
    void live.watch(...watch).catch(() => undefined);
    return () => { void live.unwatch(...watch).catch(() => undefined); };
  }, [live, isAdministrator, filter.workflowCode]);

  const query = new URLSearchParams({ take: "100" });
  if (filter.workflowCode) query.set("workflowCode", filter.workflowCode);
  if (filter.recordId) query.set("recordId", filter.recordId);
  const instances = useLoad(() => api.get<InstanceSummary[]>(`/instances?${query}`), [filter.workflowCode, filter.recordId, changes, progress]);
  const list = (instances.data ?? []).slice().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  return (
    <div class="split">
      <Section title="Instances" count={instances.data ? list.length : undefined}>
        <form class="filters" onSubmit={e => { e.preventDefault(); setFilter(draft); }}>
          <label>Workflow
            <select value={draft.workflowCode} onChange={e => setDraft({ ...draft, workflowCode: (e.target as HTMLSelectElement).value })}>
              <option value="">Any</option>
              {(workflows.data ?? []).filter(w => !w.template).map(w => <option key={w.code} value={w.code}>{w.code}</option>)}
            </select>
          </label>
          <label>Record
            <input value={draft.recordId} placeholder="Record no." onInput={e => setDraft({ ...draft, recordId: (e.target as HTMLInputElement).value })} />
          </label>
          <button type="submit">Show</button>
        </form>
        <ErrorNote message={instances.error} />
        {instances.data && list.length === 0 && <Empty>No instances match.</Empty>}
        <table class="table">
          <thead><tr><th>Record</th><th>Workflow</th><th>Status</th><th>Updated</th></tr></thead>
          <tbody>
            {list.map(i => (
              <tr key={i.instanceId} class={selected === i.instanceId ? "selected" : ""} onClick={() => setSelected(i.instanceId)} data-instance={i.instanceId}>
                <td><b>{i.recordId}</b> <span class="muted small">{i.recordType}</span></td>
                <td>{i.workflowCode}</td>
                <td><StatusBadge status={i.status} /></td>
                <td title={formatDateTime(i.updatedAt)}>{relative(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {selected && <InstanceDetail api={api} instanceId={selected} changes={changes + progress} />}
    </div>
  );
}

function InstanceDetail({ api, instanceId, changes }: { api: Api; instanceId: string; changes: number }) {
  const instance = useLoad(() => api.get<InstanceView>(`/instances/${instanceId}`), [instanceId, changes]);
  const view = instance.data;
  return (
    <Section title={view ? `${view.workflowCode} · ${view.recordId}` : "Instance"}>
      <ErrorNote message={instance.error} />
      {view && (
        <>
          <div class="detail-facts">
            <StatusBadge status={view.status} />
            <span class="muted">started {formatDateTime(view.startedAt)}{view.senderUserId ? ` by ${view.senderUserId}` : ""}</span>
            {view.restrictsRecord && <StatusBadge status="Restricted" />}
          </div>
          <Flow steps={view.steps.map(s => ({ ...s, id: s.stepId }))} />
          <h3>History</h3>
          <ol class="history">
            {view.history.slice().reverse().map((h, i) => (
              <li key={i}><span class="time">{formatTime(h.at)}</span><span class={`kind kind-${h.kind.toLowerCase()}`}>{h.kind}</span><span>{h.text}</span></li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}
