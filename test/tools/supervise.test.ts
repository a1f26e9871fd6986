// `npm run dev` keeps its servers running: the supervisor says at once when one exits or stops
// answering and starts it again, reloads it on request, and gives up (stopping everything)
// when it keeps exiting. Driven here with stand-in processes.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { type ChildLike, Supervisor } from "../../scripts/supervise.ts";

class FakeChild extends EventEmitter implements ChildLike {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  answering = true;
  exit(code: number | null, signal: NodeJS.Signals | null = null) {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
  }
  kill(signal: NodeJS.Signals = "SIGTERM") {
    setTimeout(() => this.exit(null, signal), 1);
    return true;
  }
}

/** A supervised stand-in: `next` decides how each new process behaves. */
function harness(
  next: (child: FakeChild, index: number) => void = () => {},
  config?: { digest: string },
) {
  const children: FakeChild[] = [];
  const reports: string[] = [];
  const gaveUp: string[] = [];
  const supervisor = new Supervisor(
    {
      name: "the bridge",
      spawn: () => {
        const child = new FakeChild();
        children.push(child);
        next(child, children.length - 1);
        return child;
      },
      probe: async () => {
        const child = children.at(-1);
        return child !== undefined && child.exitCode === null && child.answering;
      },
      lastOutput: () => ["✘ [ERROR] Missing entry-point to Worker script"],
      ...(config ? { configDigest: () => config.digest } : {}),
    },
    {
      report: (message) => reports.push(message),
      giveUp: (message) => gaveUp.push(message),
      readyTimeoutMs: 300,
      probeIntervalMs: 10,
      restartDelayMs: 1,
      stopTimeoutMs: 50,
    },
  );
  return { supervisor, children, reports, gaveUp };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("the dev server supervisor", () => {
  it("says at once when the server exits, and starts it again", async () => {
    const h = harness();
    await h.supervisor.start();
    h.children[0]?.exit(1);
    await until(() => h.reports.includes("the bridge is back."), "restart");
    expect(h.reports).toEqual([
      "the bridge exited (exit code 1).",
      "restarting the bridge...",
      "the bridge is back.",
    ]);
    expect(h.children).toHaveLength(2);
    await h.supervisor.stop();
  });

  it("restarts a server that stops answering", async () => {
    const h = harness();
    await h.supervisor.start();
    const hung = h.children[0] as FakeChild;
    hung.answering = false;
    await until(() => h.reports.includes("the bridge is back."), "restart");
    expect(h.reports).toEqual([
      "the bridge is not answering; checking again.",
      "the bridge stopped answering (3 checks in a row).",
      "restarting the bridge...",
      "the bridge is back.",
    ]);
    expect(hung.signalCode).toBe("SIGTERM");
    await h.supervisor.stop();
  });

  it("stops everything with its last output when it keeps exiting", async () => {
    const h = harness((child, index) => {
      if (index === 0) return;
      child.answering = false;
      setTimeout(() => child.exit(1), 2);
    });
    await h.supervisor.start();
    h.children[0]?.exit(1);
    await until(() => h.gaveUp.length > 0, "giving up");
    expect(h.gaveUp).toEqual([
      expect.stringMatching(
        /^the bridge did not start again; stopping everything\. Its last output:\n.*Missing entry-point/,
      ),
    ]);
    const spawned = h.children.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.children).toHaveLength(spawned);
  });

  it("reloads on request and says so, without calling it a crash", async () => {
    const h = harness();
    await h.supervisor.start();
    await h.supervisor.reload("wrangler.toml changed");
    expect(h.reports).toEqual([
      "wrangler.toml changed: reloading the bridge.",
      "the bridge reloaded.",
    ]);
    expect(h.children).toHaveLength(2);
    expect(h.children[0]?.signalCode).toBe("SIGTERM");
    await h.supervisor.stop();
  });

  it("waits for the next change when a reload does not start, then starts again", async () => {
    const h = harness((child, index) => {
      if (index !== 1) return;
      child.answering = false;
      setTimeout(() => child.exit(1), 2);
    });
    await h.supervisor.start();
    await h.supervisor.reload("wrangler.toml changed");
    expect(h.reports.at(-1)).toMatch(
      /^the bridge did not start after that change; fix it and save again/,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.children).toHaveLength(2);
    await h.supervisor.reload("wrangler.toml changed");
    expect(h.reports.at(-1)).toBe("the bridge reloaded.");
    expect(h.gaveUp).toEqual([]);
    await h.supervisor.stop();
  });

  it("waits for the next change when it exits because its configuration changed", async () => {
    const config = { digest: "v1" };
    let broken = false;
    const h = harness((child) => {
      if (!broken) return;
      child.answering = false;
      setTimeout(() => child.exit(1), 2);
    }, config);
    await h.supervisor.start();
    // wrangler reloads wrangler.toml on its own, and a half-edited file stops it.
    config.digest = "v2 without main";
    broken = true;
    h.children[0]?.exit(1);
    await until(() => h.reports.some((r) => r.includes("did not start")), "a failed reload");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.gaveUp).toEqual([]);
    expect(h.children).toHaveLength(2);
    expect(h.reports.slice(0, 2)).toEqual([
      "the bridge exited (exit code 1).",
      "its configuration changed: reloading the bridge.",
    ]);

    config.digest = "v3 fixed";
    broken = false;
    expect(await h.supervisor.reload("wrangler.toml changed")).toBe(true);
    expect(h.reports.at(-1)).toBe("the bridge reloaded.");
    await h.supervisor.stop();
  });

  it("does not reload again what already runs with the configuration of now", async () => {
    const config = { digest: "v1" };
    const h = harness(() => {}, config);
    await h.supervisor.start();
    config.digest = "v2";
    h.children[0]?.exit(1);
    await until(() => h.reports.includes("the bridge reloaded."), "the reload");
    // The file watcher notices the same change later: nothing more to do.
    expect(await h.supervisor.reload("wrangler.toml changed")).toBe(true);
    expect(h.children).toHaveLength(2);
    expect(h.reports).toEqual([
      "the bridge exited (exit code 1).",
      "its configuration changed: reloading the bridge.",
      "the bridge reloaded.",
    ]);
    await h.supervisor.stop();
  });

  it("does not restart what it stopped", async () => {
    const h = harness();
    await h.supervisor.start();
    await h.supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.children).toHaveLength(1);
    expect(h.reports).toEqual([]);
  });
});
