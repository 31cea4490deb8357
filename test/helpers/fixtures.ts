import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface DocSample {
  kind: 'request' | 'response';
  status: number | null;
  body: unknown;
}

type Samples = Record<string, { endpoint: string; samples: DocSample[] }>;

const samples = JSON.parse(
  readFileSync(new URL('../fixtures/tedee-cloud-doc-samples.json', import.meta.url), 'utf8'),
) as Samples;

export function allDocSamples(): Samples {
  return samples;
}

/** The `result` of the first response sample of a docs page (e.g. "lock/sync.rst"). */
export function sampleResult(page: string, index = 0): unknown {
  const responses = samples[page]!.samples.filter((sample) => sample.kind === 'response');
  const body = responses[index]!.body as { result?: unknown };
  return body.result ?? body;
}

function kind(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Asserts that `actual` carries every field of the docs' `sample`, with the same type (null matches
 * anything: samples show optional fields either way). Arrays compare their first items.
 */
export function expectSameShape(actual: unknown, sample: unknown, path = 'result'): void {
  if (kind(sample) === 'null' || kind(actual) === 'null') return;
  expect(kind(actual), `${path} type`).toBe(kind(sample));
  if (Array.isArray(sample) && Array.isArray(actual)) {
    if (sample.length > 0 && actual.length > 0) expectSameShape(actual[0], sample[0], `${path}[0]`);
    return;
  }
  if (kind(sample) === 'object') {
    for (const [key, value] of Object.entries(sample as Record<string, unknown>)) {
      expect(actual as object, `${path}.${key} present`).toHaveProperty(key);
      expectSameShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  }
}
