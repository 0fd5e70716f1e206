import { Api, NotificationEntry } from "./api";
import { formatDateTime, humanize, relative } from "./format";
import { useLoad } from "./hooks";
import type { FeedMessage } from "./live";
import { Empty, ErrorNote } from "./ui";

interface Item { key: string; at: string; title: string; text: string; kind: string; sequence?: number }

/**
 * The notifications feed: what arrived live since the page opened, newest first, above the user's stored notification
 * entries (which hold what came before, and what came while no page was open).
 */
export function Feed({ api, live, changes }: { api: Api; live: FeedMessage[]; changes: number }) {
  const stored = useLoad(() => api.get<NotificationEntry[]>("/notifications?take=50"), [changes]);
  const items: Item[] = [
    ...live.slice().reverse().map(m => ({ key: `live:${m.sequence}`, at: m.occurredAt, title: m.title, text: m.text, kind: m.type, sequence: m.sequence })),
    // An entry delivered by live push is on the page already as the live message that delivered it.
    ...(stored.data ?? []).filter(n => !(n.delivery?.method === "LivePush" && live.some(m =>
      m.type === "Notification" && m.recordType === n.recordType && m.recordId === n.recordId))).map(n => ({
      key: `entry:${n.entryId}`, at: n.createdAt, title: `${humanize(n.entryType)} · ${n.recordId}`, text: n.message, kind: "Notification",
    })),
  ];
  const seen = new Set<string>();
  const unique = items.filter(i => { const k = `${i.title}|${i.text}|${i.at}`; if (seen.has(k)) return false; seen.add(k); return true; });
  return (
    <aside class="feed" aria-label="Notifications">
      <h2>Notifications</h2>
      <ErrorNote message={stored.error} />
      {stored.data && unique.length === 0 && <Empty>No notifications yet.</Empty>}
      <ol class="feed-list">
        {unique.slice(0, 80).map(i => (
          <li key={i.key} class={`feed-item feed-${i.kind.toLowerCase()}`} data-kind={i.kind} data-sequence={i.sequence}>
            <div class="feed-title">{i.title}</div>
            {i.text && <div class="feed-text">{i.text}</div>}
            <div class="muted small" title={formatDateTime(i.at)}>{relative(i.at)}</div>
          </li>
        ))}
      </ol>
    </aside>
  );
}
