import { formatSpikeReport, p99 } from './spike-report';
import { SpikeRecorder } from './spike-recorder';

const phases = [{ name: 'hold', durationSec: 2, fromPerSec: 3, toPerSec: 3 }];

describe('the spike report', () => {
  it('takes the nearest-rank 99th percentile', () => {
    expect(p99([])).toBe(0);
    expect(p99([5])).toBe(5);
    expect(p99(Array.from({ length: 200 }, (_, i) => 200 - i))).toBe(198);
  });

  it('counts each request in the bucket it was due in, and shed load apart from answers', () => {
    const recorder = new SpikeRecorder(1);
    const first = recorder.bucketAt(0.2);
    first.offered = 3;
    recorder.answered(first, 200, 10);
    recorder.answered(first, 503, 30);
    first.failures = 1;
    const second = recorder.bucketAt(1.5);
    second.offered = 3;
    second.shedByClient = 2;
    recorder.answered(second, 429, 5);
    recorder.addDownstreamCalls(0.1, 12);
    recorder.addDownstreamCalls(2.3, 4); // after the last request was due

    const lines = formatSpikeReport(recorder, {
      phases,
      maxInFlight: 1,
      bffCpuMs: 40,
      bffProcesses: 3,
    });

    expect(lines[1].split(/\s+/)).toEqual([
      '0–1',
      'hold',
      '3',
      '2',
      '1',
      '0',
      '1',
      '0',
      '1',
      '0',
      '0',
      '30',
      '4.00',
    ]);
    expect(lines[2].split(/\s+/)).toEqual([
      '1–2',
      'hold',
      '3',
      '1',
      '0',
      '1',
      '0',
      '0',
      '0',
      '2',
      '0',
      '5',
      '0.00',
    ]);
    expect(lines).toHaveLength(4 + 6); // header, 2 rows (not the drain bucket), blank, totals
    const totals = lines.slice(4).join('\n');
    expect(totals).toContain('offered 6 requests in 2 s; answered 3: 2xx 1, 429 1, 503 1');
    expect(totals).toContain('by the BFF 2 (429 + 503), by the client 2');
    expect(totals).toContain('no answer (timeout, socket error) 1');
    expect(totals).toContain('downstream calls per request sent: 4.00 (16 calls');
    expect(totals).toContain('4 after the last request was due');
    expect(totals).toContain('3 process(es), 10.00 CPU ms per request sent');
  });
});
