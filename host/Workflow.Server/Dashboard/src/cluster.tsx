import { useEffect, useState } from "preact/hooks";
import { Api, ClusterView, describeError } from "./api";
import { ErrorNote, Section, StatusBadge } from "./ui";

const Samples = 90;
const PollMs = 2000;

/** System administrators: the cluster's silos, their activations and round trips per second, refreshed every 2 s. */
export function Cluster({ api }: { api: Api }) {
  const [view, setView] = useState<ClusterView>();
  const [history, setHistory] = useState<{ trips: number; actions: number }[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    async function poll() {
      try {
        const next = await api.get<ClusterView>("/system/cluster");
        if (stopped) return;
        setView(next);
        setError(undefined);
        setHistory(h => [...h, { trips: next.roundTripsPerSecond, actions: next.approvalActionsPerSecond }].slice(-Samples));
      } catch (failure) {
        if (!stopped) setError(describeError(failure));
      }
      if (!stopped) timer = window.setTimeout(poll, PollMs);
    }
    void poll();
    return () => { stopped = true; window.clearTimeout(timer); };
  }, [api]);

  return (
    <Section title="Cluster" actions={<span class="muted small">refreshed every {PollMs / 1000} s</span>}>
      <ErrorNote message={error} />
      {view && (
        <>
          <div class="stats">
            <Stat label="Silos" value={String(view.silos.length)} />
            <Stat label="Active grains" value={view.activations.toLocaleString()} />
            <Stat label="Round trips / s" value={view.roundTripsPerSecond.toFixed(1)} />
            <Stat label="Approval actions / s" value={view.approvalActionsPerSecond.toFixed(1)} />
          </div>
          <Sparkline values={history.map(h => h.trips)} label="Round trips per second, last 3 minutes" />
          <table class="table">
            <thead><tr><th>Silo</th><th>Status</th><th class="num">Active grains</th><th class="num">Round trips / s</th><th class="num">Approval actions / s</th><th class="num">Round trips since start</th></tr></thead>
            <tbody>
              {view.silos.map(s => (
                <tr key={s.silo} data-silo={s.silo}>
                  <td class="mono">{s.silo}</td>
                  <td><StatusBadge status={s.status} /></td>
                  <td class="num">{s.activations.toLocaleString()}</td>
                  <td class="num">{s.roundTripsPerSecond.toFixed(1)}</td>
                  <td class="num">{s.approvalActionsPerSecond.toFixed(1)}</td>
                  <td class="num">{s.roundTripsSinceStart.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">
            A round trip is an approval request answered to its end. Grain details per type and method are in the Orleans
            Dashboard (linked at the top); every counter is also on <code>/metrics</code>.
          </p>
        </>
      )}
    </Section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return <div class="stat"><div class="stat-value">{value}</div><div class="stat-label">{label}</div></div>;
}

function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 600, height = 60;
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i / Math.max(1, Samples - 1)) * width},${height - (v / max) * (height - 4) - 2}`).join(" ");
  return (
    <figure class="sparkline">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
        <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" vector-effect="non-scaling-stroke" />
      </svg>
      <figcaption class="muted small">{label} (peak {max.toFixed(1)})</figcaption>
    </figure>
  );
}
