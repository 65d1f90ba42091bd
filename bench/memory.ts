import v8 from 'node:v8';
import vm from 'node:vm';

// A forced collection before and after a measurement makes heapUsed mean "retained", not
// "garbage not yet collected". `npm run bench` cannot pass --expose-gc, so it is switched on here.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

export interface MemoryFigures {
  /** heapUsed after a full GC, before the gateway started (MB). */
  heapBeforeMB: number;
  /** heapUsed after a full GC once the load ended, gateway still running (MB). */
  heapAfterMB: number;
  /** Largest heapUsed sampled while under load (MB). */
  heapPeakMB: number;
  rssBeforeMB: number;
  rssPeakMB: number;
}

/** Samples this process's memory every 100 ms between start() and stop(). */
export class MemoryProbe {
  private heapBefore = 0;
  private rssBefore = 0;
  private heapPeak = 0;
  private rssPeak = 0;
  private timer: NodeJS.Timeout | null = null;

  baseline(): void {
    gc();
    const m = process.memoryUsage();
    this.heapBefore = m.heapUsed;
    this.rssBefore = m.rss;
  }

  start(): void {
    const sample = () => {
      const m = process.memoryUsage();
      this.heapPeak = Math.max(this.heapPeak, m.heapUsed);
      this.rssPeak = Math.max(this.rssPeak, m.rss);
    };
    sample();
    this.timer = setInterval(sample, 100);
  }

  stop(): MemoryFigures {
    if (this.timer) clearInterval(this.timer);
    gc();
    return {
      heapBeforeMB: mb(this.heapBefore),
      heapAfterMB: mb(process.memoryUsage().heapUsed),
      heapPeakMB: mb(this.heapPeak),
      rssBeforeMB: mb(this.rssBefore),
      rssPeakMB: mb(this.rssPeak),
    };
  }
}
