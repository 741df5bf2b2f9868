import { describe, expect, it } from 'vitest';
import { takeTokenFromLocation } from '../../src/renderer/src/api/transport';

describe('the console token', () => {
  it('is taken from the fragment into sessionStorage and removed from the address bar', () => {
    const token = 'A'.repeat(43);
    window.history.replaceState(null, '', `/index.html#token=${token}`);
    window.sessionStorage.clear();
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe(token);
    expect(window.location.hash).toBe('');
    expect(window.sessionStorage.getItem('switchboard.token')).toBe(token);
    // A reload keeps working from sessionStorage.
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe(token);
  });

  it('ignores a fragment that is not a token', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/#token=short');
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBeNull();
  });
});
