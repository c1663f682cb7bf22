import { describe, expect, it } from 'vitest';
import { count, isoDate, num } from '../src/lib/format';

describe('counts', () => {
  it('group thousands with commas, whatever the locale would do, and keep small numbers bare', () => {
    expect(num(0)).toBe('0');
    expect(num(999)).toBe('999');
    expect(num(1240)).toBe('1,240');
    expect(num(1_305_000)).toBe('1,305,000');
    expect(num(-12_500)).toBe('-12,500');
    expect(num(1239.6), 'rates are rounded to whole items').toBe('1,240');
    expect(count(1240, 'person', 'people')).toBe('1,240 people');
    expect(count(1, 'person', 'people')).toBe('1 person');
  });
});

describe('ISO dates typed by people', () => {
  it('accept real calendar days as YYYY-MM-DD and refuse locale forms and impossible days', () => {
    expect(isoDate('2019-08-02')).toBe('2019-08-02');
    expect(isoDate(' 2020-02-29 '), 'surrounding spaces do not matter; 2020 is a leap year').toBe('2020-02-29');
    expect(isoDate('2019-02-29'), '2019 is not').toBeNull();
    expect(isoDate('08/02/2019'), 'the US form a native date input shows').toBeNull();
    expect(isoDate('2019-8-2')).toBeNull();
    expect(isoDate('2019-13-01')).toBeNull();
    expect(isoDate('')).toBeNull();
  });
});
