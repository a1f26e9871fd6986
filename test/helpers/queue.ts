// A bridge whose queues the test holds: what ingest and the consumer send is captured, and
// the test runs the consumer on it when it chooses (redelivering, crashing, retrying at will).
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app.ts";
import {
  consumeDeadLetters,
  consumeSubmissions,
  QUEUE_NAMES,
  type SubmissionMessage,
} from "../../src/deliver/queue.ts";
import { recordAnswer } from "./capture.ts";

function capturingQueue(into: SubmissionMessage[]): Queue {
  return {
    async send(body: SubmissionMessage) {
      into.push(body);
    },
    async sendBatch(messages: Iterable<{ body: SubmissionMessage }>) {
      for (const message of messages) into.push(message.body);
    },
  } as unknown as Queue;
}

let messageCount = 0;

/** A bridge with its own vars and captured queues. */
export function queueHarness(vars: Record<string, unknown>) {
  const sent: SubmissionMessage[] = [];
  const deadLetters: SubmissionMessage[] = [];
  const custom = {
    ...env,
    ...vars,
    SUBMISSIONS: capturingQueue(sent),
    DEAD_LETTERS: capturingQueue(deadLetters),
  } as Env;
  const app = createApp();

  /** Runs the consumer once on these messages; answers what it acked and retried. */
  async function consume(messages: SubmissionMessage[], attempts = 1) {
    const batch = createMessageBatch<SubmissionMessage>(
      QUEUE_NAMES.submissions,
      messages.map((body) => ({
        id: `msg-${++messageCount}`,
        timestamp: new Date(),
        attempts,
        body,
      })),
    );
    // The test harness records that a message was retried, not the delay asked: note it here.
    const delays = new Map<string, number | undefined>();
    for (const message of batch.messages) {
      const retry = message.retry.bind(message);
      Object.defineProperty(message, "retry", {
        value: (options?: QueueRetryOptions) => {
          delays.set(message.id, options?.delaySeconds);
          retry(options);
        },
      });
    }
    const ctx = createExecutionContext();
    await consumeSubmissions(batch, custom);
    const result = await getQueueResult(batch, ctx);
    const byMessageId = new Map(batch.messages.map((m) => [m.id, m.body.id]));
    return {
      acked: result.explicitAcks.map((id) => byMessageId.get(id) as string),
      retried: result.retryMessages.map((r) => ({
        id: byMessageId.get(r.msgId) as string,
        delaySeconds: delays.get(r.msgId),
      })),
    };
  }

  return {
    env: custom,
    sent,
    deadLetters,
    async fetch(path: string, init?: RequestInit) {
      return recordAnswer(
        await app.fetch(
          new Request(`http://bridge.test${path}`, init),
          custom,
          createExecutionContext(),
        ),
      );
    },
    consume,
    /**
     * Runs the consumer over everything sent, in batches of 10, until nothing is left (or
     * `maxRounds`). A retried message waits its delay, but at most `maxDelayS`: long enough to
     * honour Close's rate-limit windows, short enough that backoff does not take hours.
     */
    async drain(maxRounds = 200, maxDelayS = 2) {
      let rounds = 0;
      const retries: { id: string; delaySeconds: number | undefined }[] = [];
      const waiting: { id: string; due: number }[] = sent
        .splice(0)
        .map(({ id }) => ({ id, due: 0 }));
      while (waiting.length > 0 && rounds < maxRounds) {
        rounds += 1;
        waiting.sort((a, b) => a.due - b.due);
        const wait = (waiting[0]?.due ?? 0) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const now = Date.now();
        const due = waiting.filter((m) => m.due <= now).slice(0, 10);
        for (const m of due) waiting.splice(waiting.indexOf(m), 1);
        const { retried } = await consume(due.map(({ id }) => ({ id })));
        retries.push(...retried);
        const later = Date.now();
        for (const r of retried) {
          waiting.push({ id: r.id, due: later + Math.min(r.delaySeconds ?? 0, maxDelayS) * 1000 });
        }
        waiting.push(...sent.splice(0).map(({ id }) => ({ id, due: 0 })));
      }
      return { rounds, retries, left: waiting.length };
    },
    /** Runs the dead-letter consumer over what was dead-lettered. */
    async consumeDeadLetters() {
      const batch = createMessageBatch<SubmissionMessage>(
        QUEUE_NAMES.deadLetters,
        deadLetters.splice(0).map((body) => ({
          id: `msg-${++messageCount}`,
          timestamp: new Date(),
          attempts: 1,
          body,
        })),
      );
      await consumeDeadLetters(batch, custom);
      return getQueueResult(batch, createExecutionContext());
    },
  };
}
