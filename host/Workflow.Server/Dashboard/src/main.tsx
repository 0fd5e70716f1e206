import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { Api, ApprovalEntryRow, Me, describeError } from "./api";
import { RequestsSent, RequestsToApprove } from "./approvals";
import { Cluster } from "./cluster";
import { Feed } from "./feed";
import { useLoad, useSettled } from "./hooks";
import { Instances } from "./instances";
import { FeedMessage, LiveConnection, LiveState } from "./live";
import { forgetToken, storeToken, storedToken } from "./session";
import { Workflows } from "./workflows";
import "./styles.css";

type View = "approve" | "sent" | "workflows" | "instances" | "cluster";
const Views: { id: View; label: string; admin?: "system" }[] = [
  { id: "approve", label: "Requests to Approve" },
  { id: "sent", label: "Requests Sent" },
  { id: "workflows", label: "Workflows" },
  { id: "instances", label: "Instances" },
  { id: "cluster", label: "Cluster", admin: "system" },
];

// While the live connection is down the page still refreshes, more slowly, from the REST API.
const FallbackPollMs = 15000;

function App() {
  const [token, setToken] = useState(storedToken());
  const [me, setMe] = useState<Me>();
  const [signInError, setSignInError] = useState<string>();

  const signOut = () => {
    forgetToken();
    void fetch("/api/v1/system/orleans-dashboard-session", { method: "DELETE" }).catch(() => undefined);
    setMe(undefined);
    setToken(null);
  };
  const api = useMemo(() => token ? new Api(token, signOut) : undefined, [token]);

  useEffect(() => {
    if (!api) return;
    api.get<Me>("/me").then(setMe, failure => { setSignInError(describeError(failure)); forgetToken(); setToken(null); });
  }, [api]);

  if (!api || !token) {
    return <SignIn error={signInError} onSignIn={(t, remember) => { storeToken(t, remember); setSignInError(undefined); setToken(t); }} />;
  }
  if (!me) return <div class="loading">Signing in…</div>;
  return <Shell api={api} token={token} me={me} onSignOut={signOut} />;
}

function SignIn({ error, onSignIn }: { error?: string; onSignIn: (token: string, remember: boolean) => void }) {
  const [token, setToken] = useState("");
  const [remember, setRemember] = useState(false);
  return (
    <main class="signin">
      <form class="signin-card" onSubmit={e => { e.preventDefault(); if (token.trim()) onSignIn(token.trim(), remember); }}>
        <div class="brand brand-large"><Logo /> Workflow</div>
        <p class="muted">Sign in with your API token. An administrator issues one with <code>POST /api/v1/users/&#123;userId&#125;/tokens</code>.</p>
        <label class="field">API token
          <input type="password" name="token" autoComplete="current-password" placeholder="wf_…" value={token}
            onInput={e => setToken((e.target as HTMLInputElement).value)} autoFocus />
        </label>
        <label class="check"><input type="checkbox" checked={remember} onChange={e => setRemember((e.target as HTMLInputElement).checked)} /> Keep me signed in on this computer</label>
        {error && <div class="error-note" role="alert">{error}</div>}
        <button class="primary wide" type="submit">Sign in</button>
        <p class="muted small"><a href="/scalar/v1">API reference</a></p>
      </form>
    </main>
  );
}

function Shell({ api, token, me, onSignOut }: { api: Api; token: string; me: Me; onSignOut: () => void }) {
  const isSystemAdministrator = me.isAdministrator && me.isSystemTenant;
  const [view, setView] = useState<View>(() => viewFromHash(isSystemAdministrator));
  const [liveState, setLiveState] = useState<LiveState>("connecting");
  const [liveDetail, setLiveDetail] = useState<string>();
  const [feed, setFeed] = useState<FeedMessage[]>([]);
  const [changeCount, setChangeCount] = useState(0);
  const [progressCount, setProgressCount] = useState(0);
  const [live, setLive] = useState<LiveConnection>();
  const changes = useSettled(changeCount, 120);
  const progress = useSettled(progressCount, 250);

  useEffect(() => {
    const onHash = () => setView(viewFromHash(isSystemAdministrator));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [isSystemAdministrator]);

  useEffect(() => {
    const connection = new LiveConnection(token, `${me.tenantId}/${me.userId}`, {
      onState: (state, detail) => { setLiveState(state); setLiveDetail(detail); if (state === "live") setChangeCount(c => c + 1); },
      // A gap the server no longer keeps: the lists load again from the API (the counter does that), and the gap is
      // not a notification to show.
      onFeed: message => { if (message.type !== "ReloadRequired") setFeed(f => [...f, message].slice(-200)); setChangeCount(c => c + 1); },
      onProgress: () => setProgressCount(c => c + 1),
    });
    connection.start();
    setLive(connection);
    return () => { void connection.stop(); };
  }, [token, me.tenantId, me.userId]);

  useEffect(() => {
    if (liveState === "live") return;
    const timer = window.setInterval(() => setChangeCount(c => c + 1), FallbackPollMs);
    return () => window.clearInterval(timer);
  }, [liveState]);

  const toApprove = useLoad(() => api.get<ApprovalEntryRow[]>("/approvals/requests-to-approve?take=200"), [changes]);

  async function openOrleansDashboard(e: Event) {
    e.preventDefault();
    const tab = window.open("about:blank", "_blank");
    try {
      await api.post("/system/orleans-dashboard-session");
      if (tab) tab.location.href = "/dashboard/";
    } catch (failure) {
      tab?.close();
      alert(describeError(failure));
    }
  }

  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand"><Logo /> Workflow</div>
        <ConnectionPill state={liveState} detail={liveDetail} />
        <div class="topbar-right">
          <a href="/scalar/v1" target="_blank" rel="noopener">API reference</a>
          {isSystemAdministrator && <a href="/dashboard/" onClick={openOrleansDashboard}>Orleans Dashboard</a>}
          <span class="user" title={`${me.userId} in tenant ${me.tenantId}`}>
            <span class="avatar">{me.displayName.slice(0, 1).toUpperCase()}</span>
            <span><b>{me.displayName}</b><span class="muted small"> {me.userId} · {me.tenantId}</span></span>
          </span>
          <button class="link" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <nav class="sidebar" aria-label="Views">
        {Views.filter(v => !v.admin || isSystemAdministrator).map(v => (
          <a key={v.id} href={`#${v.id}`} class={view === v.id ? "active" : ""} aria-current={view === v.id ? "page" : undefined}>
            <span>{v.label}</span>
            {v.id === "approve" && toApprove.data && toApprove.data.length > 0 && (
              <span class={`nav-count ${toApprove.data.some(e => e.overdue) ? "nav-count-overdue" : ""}`}>{toApprove.data.length}</span>
            )}
          </a>
        ))}
      </nav>
      <main class="content">
        {view === "approve" && <RequestsToApprove api={api} changes={changes} onChanged={() => setChangeCount(c => c + 1)} />}
        {view === "sent" && <RequestsSent api={api} changes={changes} />}
        {view === "workflows" && <Workflows api={api} isAdministrator={me.isAdministrator} changes={changes} />}
        {view === "instances" && <Instances api={api} live={live} isAdministrator={me.isAdministrator} changes={changes} progress={progress} />}
        {view === "cluster" && isSystemAdministrator && <Cluster api={api} />}
      </main>
      <Feed api={api} live={feed} changes={changes} />
    </div>
  );
}

function ConnectionPill({ state, detail }: { state: LiveState; detail?: string }) {
  const text = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline — retrying" }[state];
  return <span class={`pill pill-${state}`} title={detail ?? text} data-connection={state}><span class="dot" />{text}</span>;
}

function Logo() {
  return (
    <svg class="logo" viewBox="0 0 16 16" aria-hidden="true">
      <rect width="16" height="16" rx="4" fill="currentColor" />
      <path d="M4 8.5l2.5 2.5L12 5.5" stroke="white" stroke-width="2" fill="none" />
    </svg>
  );
}

function viewFromHash(isSystemAdministrator: boolean): View {
  const id = window.location.hash.slice(1) as View;
  const known = Views.find(v => v.id === id && (!v.admin || isSystemAdministrator));
  return known ? known.id : "approve";
}

render(<App />, document.getElementById("app")!);
