/** Requests a service is working on right now, and the most it ever held at once. */
export class InFlightGauge {
  private current = 0;
  private peak = 0;

  /** Counts a request in; the returned function counts it out (once, however often called). */
  enter(): () => void {
    this.current += 1;
    this.peak = Math.max(this.peak, this.current);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.current -= 1;
    };
  }

  snapshot(): { current: number; max: number } {
    return { current: this.current, max: this.peak };
  }

  /** Starts a new peak measurement from what is in flight now. */
  resetMax(): void {
    this.peak = this.current;
  }
}
