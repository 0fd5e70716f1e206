import { useState } from "preact/hooks";
import { Api, Workflow, describeError } from "./api";
import { humanize, relative } from "./format";
import { useLoad } from "./hooks";
import { Empty, ErrorNote, Section, StatusBadge } from "./ui";

/** The flow's shape the drawing needs: a step's id, kind, what it runs, its conditions, and where it goes next. */
export interface FlowStep {
  id: number; type: "Event" | "Response"; functionCode: string; previousStepId: number | null; nextStepId: number | null;
  sequenceNo: number; conditions: Record<string, string>; options: Record<string, string>; status?: string;
}

export function Workflows({ api, isAdministrator, changes }: { api: Api; isAdministrator: boolean; changes: number }) {
  const workflows = useLoad(() => api.get<Workflow[]>("/workflows"), [changes]);
  const [open, setOpen] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const list = (workflows.data ?? []).filter(w => !w.template);

  async function toggle(workflow: Workflow) {
    setBusy(workflow.code);
    setError(undefined);
    try {
      await api.post(`/workflows/${encodeURIComponent(workflow.code)}/${workflow.enabled ? "disable" : "enable"}`);
      workflows.reload();
    } catch (failure) {
      setError(`${workflow.code}: ${describeError(failure)}`);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Section title="Workflows" count={workflows.data ? list.length : undefined}>
      <ErrorNote message={workflows.error ?? error} onClose={error ? () => setError(undefined) : undefined} />
      {workflows.data && list.length === 0 && <Empty>No workflows yet. Copy one from a template through the API reference.</Empty>}
      <ul class="workflow-list">
        {list.map(w => (
          <li key={w.code} class="workflow" data-workflow={w.code}>
            <div class="workflow-head">
              <button class="link workflow-name" onClick={() => setOpen(open === w.code ? undefined : w.code)} aria-expanded={open === w.code}>
                <span class="chevron">{open === w.code ? "▾" : "▸"}</span> <b>{w.code}</b> <span class="muted">{w.description}</span>
              </button>
              <span class="muted small">{w.steps.length} steps · changed {relative(w.updatedAt)}</span>
              <StatusBadge status={w.enabled ? "Enabled" : "Disabled"} />
              {isAdministrator && (
                <button disabled={busy === w.code} onClick={() => toggle(w)}>{w.enabled ? "Disable" : "Enable"}</button>
              )}
            </div>
            {open === w.code && <Flow steps={w.steps} />}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/**
 * A workflow drawn as it runs: each entry-point event with its conditions, the responses that follow it one under
 * the other, and where a step is followed by several events (approved / rejected / canceled...), those branches side
 * by side in the order they are tried. A step that goes back to an earlier one says so instead of drawing a loop.
 */
export function Flow({ steps }: { steps: FlowStep[] }) {
  const children = new Map<number | null, FlowStep[]>();
  for (const step of steps) {
    const siblings = children.get(step.previousStepId) ?? [];
    siblings.push(step);
    children.set(step.previousStepId, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.sequenceNo - b.sequenceNo || a.id - b.id);
  const byId = new Map(steps.map(s => [s.id, s]));
  return (
    <div class="flow" role="tree">
      <Branches steps={children.get(null) ?? []} children={children} byId={byId} depth={0} />
    </div>
  );
}

function Branches({ steps, children, byId, depth }: { steps: FlowStep[]; children: Map<number | null, FlowStep[]>; byId: Map<number, FlowStep>; depth: number }) {
  if (steps.length === 0 || depth > 60) return null;
  if (steps.length === 1) return <Chain step={steps[0]} children={children} byId={byId} depth={depth} />;
  return (
    <div class="branches">
      {steps.map(step => (
        <div class="branch" key={step.id}>
          <Chain step={step} children={children} byId={byId} depth={depth} />
        </div>
      ))}
    </div>
  );
}

function Chain({ step, children, byId, depth }: { step: FlowStep; children: Map<number | null, FlowStep[]>; byId: Map<number, FlowStep>; depth: number }) {
  const next = children.get(step.id) ?? [];
  const back = step.nextStepId !== null ? byId.get(step.nextStepId) : undefined;
  return (
    <div class="chain">
      <StepNode step={step} />
      {back && <div class="flow-back">↩ back to step {back.id}, {humanize(back.functionCode).toLowerCase()}</div>}
      {next.length > 0 && <div class="flow-arrow" aria-hidden="true" />}
      <Branches steps={next} children={children} byId={byId} depth={depth + 1} />
    </div>
  );
}

function StepNode({ step }: { step: FlowStep }) {
  const conditions = Object.entries(step.conditions ?? {});
  const options = Object.entries(step.options ?? {});
  return (
    <div class={`step step-${step.type.toLowerCase()} ${step.status ? `step-status-${step.status.toLowerCase()}` : ""}`} data-step={step.id}>
      <div class="step-head">
        <span class="step-kind">{step.type === "Event" ? "When" : "Then"}</span>
        <span class="step-no">#{step.id}</span>
        {step.status && <StatusBadge status={step.status} />}
      </div>
      <div class="step-name" title={step.functionCode}>{humanize(step.functionCode)}</div>
      {conditions.length > 0 && (
        <div class="chips">{conditions.map(([field, filter]) => <span class="chip" key={field}>{field} <b>{filter}</b></span>)}</div>
      )}
      {options.length > 0 && (
        <div class="chips">{options.map(([name, value]) => <span class="chip chip-option" key={name}>{name}: {value}</span>)}</div>
      )}
    </div>
  );
}
