// The Worker's entry: HTTP requests go to the Hono app, queue batches to the delivery
// consumers, and the cron trigger to the sweep.
import { createApp } from "./app.ts";
import { consumeDeadLetters, consumeSubmissions, QUEUE_NAMES } from "./deliver/queue.ts";
import { sweepSubmissions } from "./deliver/sweep.ts";
import { logEvent } from "./log.ts";

const app = createApp();

export default {
  fetch: app.fetch,

  async queue(batch: MessageBatch<unknown>, env: Env) {
    if (batch.queue === QUEUE_NAMES.submissions) return consumeSubmissions(batch, env);
    if (batch.queue === QUEUE_NAMES.deadLetters) return consumeDeadLetters(batch, env);
    logEvent("error", "queue.unknown", { queue: batch.queue });
    batch.retryAll({ delaySeconds: 600 });
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(sweepSubmissions(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, unknown>;
