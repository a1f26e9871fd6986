// The active faults, kept in the settings table so that they survive the Durable Object
// being evicted, and re-validated on every read.
import { type ActiveFaults, FaultSettings, NO_FAULTS, resolveFaults } from "../faults.ts";
import type { SettingsStore } from "./settings.ts";

const KEY = "faults";

/** Reads and writes the active faults. */
export class FaultStore {
  readonly #settings: SettingsStore;

  constructor(settings: SettingsStore) {
    this.#settings = settings;
  }

  /** Returns the faults in force (none when nothing valid is stored). */
  read(): ActiveFaults {
    const parsed = FaultSettings.safeParse(this.#settings.read(KEY) ?? {});
    return parsed.success ? resolveFaults(parsed.data) : NO_FAULTS;
  }

  /** Replaces the faults in force. */
  write(faults: ActiveFaults): void {
    this.#settings.write(KEY, faults);
  }
}
