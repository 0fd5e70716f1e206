import type { ComponentChildren } from "preact";

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status.toLowerCase().replace(/\s+/g, "-")}`}>{status}</span>;
}

export function ErrorNote({ message, onClose }: { message: string | undefined; onClose?: () => void }) {
  if (!message) return null;
  return (
    <div class="error-note" role="alert">
      <span>{message}</span>
      {onClose && <button class="link" onClick={onClose} aria-label="Dismiss">Dismiss</button>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function Section({ title, count, actions, children }: { title: string; count?: number; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="panel">
      <header class="panel-head">
        <h2>{title}{count !== undefined && <span class="count">{count}</span>}</h2>
        <div class="panel-actions">{actions}</div>
      </header>
      {children}
    </section>
  );
}
