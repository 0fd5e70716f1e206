// The live connection to the server's hub (/hubs/notifications). It reconnects by itself for as long as the page is
// open, and after every (re)connect asks for the feed messages it missed since the last sequence it saw, so a dropped
// connection loses nothing. The last sequence is kept per user in the browser's session storage.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";

export interface FeedMessage {
  // ReloadRequired is not stored: the server's answer to a GetMissed from before what its feed still keeps.
  sequence: number; type: "ApprovalEntryCreated" | "ApprovalEntryChanged" | "RecordStatusChanged" | "Notification" | "ReloadRequired" | string;
  occurredAt: string; tenantId: string; userId: string; recordType: string; recordId: string; requestId?: string;
  entryNo?: number; status?: string; approverId?: string; senderId?: string; instanceId?: string; workflowCode?: string;
  title: string; text: string;
}

export interface InstanceProgress {
  tenantId: string; instanceId: string; workflowCode: string; recordType: string; recordId: string; status: string;
  stepId?: number; functionCode?: string; occurredAt: string;
}

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

export interface LiveHandlers {
  onState(state: LiveState, detail?: string): void;
  onFeed(message: FeedMessage): void;
  onProgress(progress: InstanceProgress): void;
}

const MissedPage = 500;
// Bounded: a user who was away for long gets the newest pages, not an endless catch-up.
const MaxMissedPages = 20;

export class LiveConnection {
  private readonly connection: HubConnection;
  private lastSequence: number;
  private readonly watches = new Set<string>();
  private stopped = false;
  private retryTimer: number | undefined;

  constructor(token: string, private readonly userKey: string, private readonly handlers: LiveHandlers) {
    this.lastSequence = Number(sessionStorage.getItem(this.sequenceKey) ?? "0") || 0;
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/notifications", { accessTokenFactory: () => token })
      // Never give up: 0, 1, 2, 5, then every 10 s while the server is away.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => [0, 1000, 2000, 5000][ctx.previousRetryCount] ?? 10000 })
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on("Feed", (message: FeedMessage) => this.receive(message));
    this.connection.on("InstanceProgress", (progress: InstanceProgress) => handlers.onProgress(progress));
    this.connection.onreconnecting(() => handlers.onState("reconnecting"));
    this.connection.onreconnected(() => void this.caughtUp());
    this.connection.onclose(() => { if (!this.stopped) { handlers.onState("offline"); this.scheduleStart(); } });
  }

  private get sequenceKey() { return `wf.feed.lastSequence.${this.userKey}`; }

  start(): void {
    this.handlers.onState("connecting");
    void this.tryStart();
  }

  private async tryStart() {
    if (this.stopped) return;
    try {
      await this.connection.start();
      await this.caughtUp();
    } catch (error) {
      this.handlers.onState("offline", error instanceof Error ? error.message : String(error));
      this.scheduleStart();
    }
  }

  // The automatic reconnect covers a connection that was up; a first start that failed (server down when the page
  // opened) is retried here.
  private scheduleStart() {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.tryStart(), 5000);
  }

  private async caughtUp() {
    try {
      for (let page = 0; page < MaxMissedPages; page++) {
        const missed = await this.connection.invoke<FeedMessage[]>("GetMissed", this.lastSequence);
        for (const message of missed) this.receive(message);
        if (missed.length < MissedPage) break;
      }
      for (const watch of this.watches) await this.connection.invoke(...(JSON.parse(watch) as [string, ...string[]]));
      this.handlers.onState("live");
    } catch (error) {
      this.handlers.onState("offline", error instanceof Error ? error.message : String(error));
    }
  }

  private receive(message: FeedMessage) {
    if (message.sequence <= this.lastSequence) return;
    this.lastSequence = message.sequence;
    sessionStorage.setItem(this.sequenceKey, String(message.sequence));
    this.handlers.onFeed(message);
  }

  /** Administrators: instance progress of a workflow, a record or the whole tenant, kept across reconnects. */
  async watch(method: "WatchWorkflow" | "WatchRecord" | "WatchTenant", ...args: string[]) {
    const key = JSON.stringify([method, ...args]);
    this.watches.add(key);
    if (this.connection.state === HubConnectionState.Connected) await this.connection.invoke(method, ...args);
  }

  async unwatch(method: "WatchWorkflow" | "WatchRecord" | "WatchTenant", ...args: string[]) {
    this.watches.delete(JSON.stringify([method, ...args]));
    if (this.connection.state === HubConnectionState.Connected) await this.connection.invoke(`Un${method.charAt(0).toLowerCase()}${method.slice(1)}`, ...args);
  }

  async stop() {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    await this.connection.stop();
  }
}
