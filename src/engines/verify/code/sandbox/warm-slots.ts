import type { HarnessJob, HarnessLauncher, RunHarnessOptions } from "./run-harness.js";
import { WarmSandbox, type WarmRunResult } from "./warm-sandbox.js";

interface Slot {
  launcher: HarnessLauncher;
  sandbox: WarmSandbox | null;
  /** Settles once the slot's previous sandbox is gone and its replacement (if any) is spawned. */
  ready: Promise<void>;
}

/**
 * The warm pool's slots: one long-lived sandbox per slot, replaced after `recycleAfter` programs, after
 * any job that left it unclean (a harness that died or stalled, a wrong nonce, state the harness could not
 * undo), or when a job needs other sandbox settings. A replacement is started as soon as the old sandbox
 * is gone, so its start-up overlaps the host's own work instead of the next program's.
 */
export class WarmSlots {
  private readonly slots = new Map<number, Slot>();
  private closed = false;

  constructor(private readonly recycleAfter: number) {}

  async run(slotId: number, launcher: HarnessLauncher, job: HarnessJob, options: RunHarnessOptions): Promise<WarmRunResult> {
    let slot = this.slots.get(slotId);
    if (slot && slot.launcher !== launcher) {
      this.retire(slot);
      slot.launcher = launcher;
    }
    if (!slot) {
      slot = { launcher, sandbox: null, ready: Promise.resolve() };
      this.slots.set(slotId, slot);
    }
    await slot.ready;
    if (!slot.sandbox?.usable) {
      slot.sandbox?.kill();
      slot.sandbox = new WarmSandbox(launcher);
    }
    const sandbox = slot.sandbox;
    let result: WarmRunResult;
    try {
      result = await sandbox.run(job, options);
    } catch (error) {
      this.retire(slot);
      throw error;
    }
    if (!result.clean || sandbox.programs >= this.recycleAfter) this.retire(slot);
    return result;
  }

  /** Kills the slot's sandbox and starts its replacement once the old one's processes are gone. */
  private retire(slot: Slot): void {
    const old = slot.sandbox;
    slot.sandbox = null;
    if (!old) return;
    old.kill();
    slot.ready = old.closed.then(async () => {
      await slot.launcher.cgroup?.drain();
      if (!this.closed && !slot.sandbox) slot.sandbox = new WarmSandbox(slot.launcher);
    });
  }

  /** Kills every sandbox and waits (briefly) for their processes to go. */
  async close(): Promise<void> {
    this.closed = true;
    const waits: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      waits.push(slot.ready.then(() => {
        const sb = slot.sandbox;
        slot.sandbox = null;
        if (!sb) return;
        sb.kill();
        return sb.closed;
      }));
    }
    await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 2000))]);
    this.slots.clear();
  }
}
