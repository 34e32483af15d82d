import { describe, expect, it } from 'vitest';
import { canonicalJson, contentKey } from '../../src/core/canonical.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes numbers in one form: 1.0 is 1, -0 is 0, exponents as JSON does', () => {
    expect(canonicalJson([1.0, -0, 1e21, 0.1])).toBe('[1,0,1e+21,0.1]');
  });

  it('refuses values that JSON cannot represent', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ x: () => 1 })).toThrow(/cannot encode/);
  });

  it('escapes strings like JSON, so unicode keys are stable', () => {
    expect(canonicalJson({ é: 'ü\n' })).toBe('{"é":"ü\\n"}');
  });

  it('gives the golden key for a fixed value, whatever the key order', () => {
    // Golden: if this changes, every user's cache is invalidated. Change only on purpose.
    const golden = '0e4916327c914d0f4578f4815b4e68f73028da99a7a0d4d4031998739f437689';
    expect(contentKey({ v: 1, prompt: 'a red sun', seed: 42 })).toBe(golden);
    expect(contentKey({ seed: 42, prompt: 'a red sun', v: 1 })).toBe(golden);
  });
});
