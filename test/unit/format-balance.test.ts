/**
 * The balance as res.php prints it: four decimals, more only when they matter, never an
 * exponent and never a bare trailing dot, whatever number the upstream sends.
 */
import { describe, expect, it } from 'vitest';
import { formatBalance } from '../../src/legacy/res.ts';

describe('formatBalance', () => {
  it.each([
    [12.5, '12.5000'],
    [0, '0.0000'],
    [-0, '0.0000'],
    [0.00012345, '0.00012345'],
    [-1.5, '-1.5000'],
    [5e-324, '0.0000'],
    [1e-11, '0.0000'],
    [1e21, '1000000000000000000000.0000'],
    [-2e22, '-20000000000000000000000.0000'],
  ])('%s → %s', (n, text) => {
    expect(formatBalance(n)).toBe(text);
  });
});
