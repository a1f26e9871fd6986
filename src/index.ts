// The Worker's entry: HTTP requests go to the Hono app, queue batches to the delivery
// consumers, and the cron trigger to the sweep; after both, the incident checks and alerts.
import { createApp } from "./app.ts";
import { consumeDeadLetters, consumeSubmissions, QUEUE_NAMES } from "./deliver/queue.ts";
import { sweepSubmissions } from "./deliver/sweep.ts";
import { watchAfterBatch, watchOnSchedule } from "./incidents/watch.ts";
import { logEvent } from "./log.ts";

const app = createApp();

export default {
  fetch: app.fetch,

  async queue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) {
    if (batch.queue === QUEUE_NAMES.submissions) await consumeSubmissions(batch, env);
    else if (batch.queue === QUEUE_NAMES.deadLetters) await consumeDeadLetters(batch, env);
    else {
      logEvent("error", "queue.unknown", { queue: batch.queue });
      batch.retryAll({ delaySeconds: 600 });
      return;
    }
    // Incident checks and alerts run once the batch is settled, never in a delivery's way.
    ctx.waitUntil(watchAfterBatch(env, Date.now()));
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(
      sweepSubmissions(env, controller.scheduledTime).finally(() =>
        watchOnSchedule(env, Date.now()),
      ),
    );
  },
} satisfies ExportedHandler<Env, unknown>;
