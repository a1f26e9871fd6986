// Keeps one local server running for `npm run dev`: says at once when it exits or stops
// answering, and starts it again; reloads it on request (a changed wrangler.toml or .dev.vars);
// and gives up, asking for everything to stop, when it keeps exiting.

/** The part of a child process the supervisor uses; `kill` may end its whole process group. */
export type ChildLike = {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  kill(signal?: NodeJS.Signals): boolean;
};

/** A server the supervisor keeps running. */
export type SupervisedServer = {
  /** How messages name it: "the bridge". */
  name: string;
  /** Starts it (a new process each time). */
  spawn(): ChildLike;
  /** Whether it answers now (its health route, say), within its own timeout. */
  probe(): Promise<boolean>;
  /** Its last lines of output, shown when the supervisor gives up on it. */
  lastOutput(): string[];
  /**
   * A digest of the files it reads when it starts (wrangler.toml, .dev.vars): when it exits
   * after they changed, that change is why (wrangler reloads on its own, and a half-edited file
   * stops it), so it waits for the next change instead of counting a crash.
   */
  configDigest?(): string;
};

/** How the supervisor reports, and its timings. */
export type SupervisorOptions = {
  /** Says something to the person running `npm run dev`. */
  report(message: string): void;
  /** Called once when the server keeps exiting: everything should stop. */
  giveUp(message: string): void;
  readyTimeoutMs?: number;
  probeIntervalMs?: number;
  /** Failed probes in a row before a server that stopped answering is restarted. */
  failedProbesToRestart?: number;
  /** Exits within `crashWindowMs` after which the supervisor gives up. */
  maxCrashes?: number;
  crashWindowMs?: number;
  restartDelayMs?: number;
  /** How long a stopping process may take before it is killed. */
  stopTimeoutMs?: number;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/** Keeps one server running; see the file header. */
export class Supervisor {
  private child: ChildLike | undefined;
  private readonly expected = new WeakSet<ChildLike>();
  private crashes: number[] = [];
  private failedProbes = 0;
  private busy = false;
  private stopped = false;
  /** After a reload that did not start: the next reload tries again, crashes do not count. */
  private waitingForFix = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The configuration digest the current process started with. */
  private launchedWith: string | undefined;
  /** Reloads and restarts run one after another, never two launches at once. */
  private work: Promise<void> = Promise.resolve();
  private readonly options: Required<SupervisorOptions>;
  private readonly server: SupervisedServer;

  constructor(server: SupervisedServer, options: SupervisorOptions) {
    this.server = server;
    this.options = {
      readyTimeoutMs: 90_000,
      probeIntervalMs: 5_000,
      failedProbesToRestart: 3,
      maxCrashes: 3,
      crashWindowMs: 60_000,
      restartDelayMs: 1_000,
      stopTimeoutMs: 5_000,
      ...options,
    };
  }

  /** Starts the server and waits until it answers; throws when it does not. */
  async start(): Promise<void> {
    if (!(await this.launch())) {
      await this.stopChild();
      throw new Error(
        `${this.server.name} did not start:\n${this.server.lastOutput().slice(-20).join("\n")}`,
      );
    }
    this.timer = setInterval(() => void this.check(), this.options.probeIntervalMs);
  }

  /**
   * Stops and starts the server again, saying why; waits for a fix if it does not start.
   * Answers whether it runs with the configuration of now (nothing is done when it already does).
   */
  reload(reason: string): Promise<boolean> {
    return this.serially(() => this.reloadNow(reason));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.work.then(task, task);
    this.work = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  /** Whether the running process started with the configuration as it is now. */
  private isCurrent(): boolean {
    const child = this.child;
    const running = child !== undefined && child.exitCode === null && child.signalCode === null;
    return running && !this.waitingForFix && this.server.configDigest?.() === this.launchedWith;
  }

  private async reloadNow(reason: string): Promise<boolean> {
    if (this.stopped) return false;
    if (this.server.configDigest && this.isCurrent()) return true;
    this.busy = true;
    this.options.report(`${reason}: reloading ${this.server.name}.`);
    await this.stopChild();
    const ready = await this.launch();
    this.busy = false;
    this.waitingForFix = !ready;
    if (ready) this.options.report(`${this.server.name} reloaded.`);
    else {
      this.options.report(
        `${this.server.name} did not start after that change; fix it and save again (Ctrl-C stops everything). Its last output:\n${this.server.lastOutput().slice(-10).join("\n")}`,
      );
    }
    return ready;
  }

  /** Stops the server for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.stopChild();
  }

  /** Spawns the server and waits until it answers (false when it exits or times out first). */
  private async launch(): Promise<boolean> {
    this.launchedWith = this.server.configDigest?.();
    const child = this.server.spawn();
    this.child = child;
    this.failedProbes = 0;
    child.once("exit", (code, signal) => void this.onExit(child, code, signal));
    const deadline = Date.now() + this.options.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      if (await this.server.probe()) return child.exitCode === null && child.signalCode === null;
      await sleep(Math.min(250, this.options.probeIntervalMs));
    }
    return false;
  }

  private async onExit(child: ChildLike, code: number | null, signal: NodeJS.Signals | null) {
    if (this.stopped || this.expected.has(child) || child !== this.child) return;
    if (this.busy || this.waitingForFix) return;
    this.options.report(`${this.server.name} exited (${describeExit(code, signal)}).`);
    if (this.server.configDigest && this.server.configDigest() !== this.launchedWith) {
      await this.serially(() => this.reloadNow("its configuration changed"));
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.crashWindowMs), now];
    if (this.crashes.length > this.options.maxCrashes) {
      this.giveUp(
        `${this.server.name} exited ${this.crashes.length} times in ${Math.round(this.options.crashWindowMs / 1000)} s`,
      );
      return;
    }
    await this.serially(() => this.restart(`restarting ${this.server.name}`));
  }

  /** One health check: a server that stops answering is restarted after a few checks. */
  private async check() {
    if (this.stopped || this.busy || this.waitingForFix || this.child === undefined) return;
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (await this.server.probe()) {
      if (this.failedProbes > 0) this.options.report(`${this.server.name} answers again.`);
      this.failedProbes = 0;
      return;
    }
    if (this.stopped || this.busy || child !== this.child) return;
    this.failedProbes += 1;
    if (this.failedProbes === 1) {
      this.options.report(`${this.server.name} is not answering; checking again.`);
    }
    if (this.failedProbes >= this.options.failedProbesToRestart) {
      this.options.report(
        `${this.server.name} stopped answering (${this.failedProbes} checks in a row).`,
      );
      await this.serially(() => this.restart(`restarting ${this.server.name}`));
    }
  }

  private async restart(what: string) {
    this.busy = true;
    this.options.report(`${what}...`);
    await this.stopChild();
    await sleep(this.options.restartDelayMs);
    if (this.stopped) return;
    const ready = await this.launch();
    this.busy = false;
    if (ready) {
      this.options.report(`${this.server.name} is back.`);
      return;
    }
    if (this.stopped) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.options.crashWindowMs), now];
    if (this.crashes.length > this.options.maxCrashes) {
      this.giveUp(`${this.server.name} did not start again`);
      return;
    }
    await this.restart(`restarting ${this.server.name} again`);
  }

  private giveUp(why: string) {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.options.giveUp(
      `${why}; stopping everything. Its last output:\n${this.server.lastOutput().slice(-20).join("\n")}`,
    );
  }

  /**
   * Stops the current process (it is expected to exit: no restart follows). One that exited
   * already is killed anyway, which ends whatever it left running (its process group).
   */
  private async stopChild() {
    const child = this.child;
    if (!child) return;
    if (child.exitCode !== null || child.signalCode !== null) {
      child.kill("SIGKILL");
      return;
    }
    this.expected.add(child);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), this.options.stopTimeoutMs);
      child.once("exit", () => {
        clearTimeout(force);
        // What it started and left behind (a hung runtime, say) goes too.
        child.kill("SIGKILL");
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}
