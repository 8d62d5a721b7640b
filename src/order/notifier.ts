/**
 * Notifications to people: the original posted to HipChat, which no longer
 * exists. Ours posts `{"text": ...}` (the shape Slack-compatible incoming
 * webhooks accept) to a configured URL, in the background: a slow or failing
 * receiver never delays a request. Each message is tried a few times with a
 * timeout and growing pauses, then dropped with a log line.
 */
import type { Logger } from 'pino';

export interface Notifier {
  notify(text: string): void;
  /** Resolves when every message sent so far has been delivered or given up on. */
  idle(): Promise<void>;
}

export const silentNotifier: Notifier = {
  notify: () => undefined,
  idle: async () => undefined,
};

export interface WebhookOptions {
  url: string;
  timeoutMs?: number;
  attempts?: number;
  logger?: Logger;
}

export class WebhookNotifier implements Notifier {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookOptions) {}

  notify(text: string): void {
    const delivery = this.deliver(text).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async deliver(text: string): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        if (response.ok) return;
        this.options.logger?.warn({ httpStatus: response.status, attempt }, 'webhook refused a notification');
      } catch (error) {
        this.options.logger?.warn({ err: (error as Error).message, attempt }, 'webhook unreachable');
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
    this.options.logger?.error({ attempts }, 'notification dropped');
  }
}
