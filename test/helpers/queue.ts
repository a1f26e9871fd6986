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

/** A message sent to a captured queue, with the delay it was sent with. */
type Sent = { body: SubmissionMessage; delaySeconds: number | undefined };

function capturingQueue(into: SubmissionMessage[], log: Sent[] = []): Queue {
  return {
    async send(body: SubmissionMessage, options?: QueueSendOptions) {
      into.push(body);
      log.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(messages: Iterable<MessageSendRequest<SubmissionMessage>>) {
      for (const message of messages) {
        into.push(message.body);
        log.push({ body: message.body, delaySeconds: message.delaySeconds });
      }
    },
  } as unknown as Queue;
}

let messageCount = 0;

/** A bridge with its own vars and captured queues. */
export function queueHarness(vars: Record<string, unknown>) {
  const sent: SubmissionMessage[] = [];
  const sentLog: Sent[] = [];
  const deadLetters: SubmissionMessage[] = [];
  const custom = {
    ...env,
    ...vars,
    SUBMISSIONS: capturingQueue(sent, sentLog),
    DEAD_LETTERS: capturingQueue(deadLetters),
  } as Env;
  const app = createApp();

  /**
   * Runs the consumer once on these messages; answers what it acked, what the queue retries
   * (`retried`: the same message again), and what it acked and sent anew to come back later
   * (`later`: a new message, with its turn and delay).
   */
  async function consume(messages: SubmissionMessage[], attempts = 1) {
    const firstNew = sentLog.length;
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
    const later = sentLog
      .slice(firstNew)
      .map(({ body, delaySeconds }) => ({ ...body, delaySeconds }));
    const sentAgain = new Set(later.map((m) => m.id));
    return {
      acked: result.explicitAcks
        .map((id) => byMessageId.get(id) as string)
        .filter((id) => !sentAgain.has(id)),
      retried: result.retryMessages.map((r) => ({
        id: byMessageId.get(r.msgId) as string,
        delaySeconds: delays.get(r.msgId),
      })),
      later,
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
      type Waiting = { body: SubmissionMessage; due: number };
      const dueIn = (delaySeconds: number | undefined) =>
        Date.now() + Math.min(delaySeconds ?? 0, maxDelayS) * 1000;
      const collect = (from: number): Waiting[] => {
        sent.splice(0);
        return sentLog
          .slice(from)
          .map(({ body, delaySeconds }) => ({ body, due: dueIn(delaySeconds) }));
      };
      const waiting: Waiting[] = sent.splice(0).map((body) => ({ body, due: 0 }));
      while (waiting.length > 0 && rounds < maxRounds) {
        rounds += 1;
        waiting.sort((a, b) => a.due - b.due);
        const wait = (waiting[0]?.due ?? 0) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const now = Date.now();
        const due = waiting.filter((m) => m.due <= now).slice(0, 10);
        for (const m of due) waiting.splice(waiting.indexOf(m), 1);
        const firstNew = sentLog.length;
        const { retried } = await consume(due.map(({ body }) => body));
        retries.push(...retried);
        const byId = new Map(due.map(({ body }) => [body.id, body]));
        for (const r of retried) {
          waiting.push({ body: byId.get(r.id) ?? { id: r.id }, due: dueIn(r.delaySeconds) });
        }
        waiting.push(...collect(firstNew));
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
