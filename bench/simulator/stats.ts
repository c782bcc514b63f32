/** What the simulator counts, shown on the progress line and in the summary. */
export class SimulationStats {
  placed = 0;
  delivered = 0;
  accepted = 0;
  racesLost = 0;
  /** Offers made to a partner's wave that they let run out, or declined (nearest dispatch). */
  offersIgnored = 0;
  offersDeclined = 0;
  /** Partners who went offline for a break. */
  breaks = 0;
  stockOuts = 0;
  restocks = 0;
  errors = 0;
  eventsReceived = 0;
  private latencies: number[] = [];
  private lastErrors: string[] = [];

  /** Time from an event being recorded (its `at`) to a client receiving it. */
  eventLatency(ms: number): void {
    this.eventsReceived++;
    this.latencies.push(ms);
    if (this.latencies.length > 5000) this.latencies.splice(0, this.latencies.length - 5000);
  }

  error(what: string): void {
    this.errors++;
    this.lastErrors.push(what);
    if (this.lastErrors.length > 5) this.lastErrors.shift();
  }

  latencyPercentile(p: number): number | undefined {
    if (this.latencies.length === 0) return undefined;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  line(elapsedS: number): string {
    const ms = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v)} ms`);
    return (
      `${elapsedS.toFixed(0).padStart(4)} s | placed ${this.placed} | accepted ${this.accepted} | delivered ${this.delivered}` +
      ` | races lost ${this.racesLost} | offers ignored ${this.offersIgnored} declined ${this.offersDeclined}` +
      ` | breaks ${this.breaks} | stock-outs ${this.stockOuts} | errors ${this.errors}` +
      ` | event latency p50 ${ms(this.latencyPercentile(50))} p99 ${ms(this.latencyPercentile(99))}`
    );
  }

  recentErrors(): string[] {
    return [...this.lastErrors];
  }
}
