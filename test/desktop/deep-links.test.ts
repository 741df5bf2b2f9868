import { describe, expect, it } from 'vitest';
import { deepLinkIn, parseDeepLink } from '../../src/main/desktop/deep-links';

describe('switchboard:// links', () => {
  it('name a screen and, at most, one item on it', () => {
    expect(parseDeepLink('switchboard://approvals')).toEqual({ screen: 'approvals' });
    expect(parseDeepLink('switchboard://approvals/apr_9xY-1')).toEqual({ screen: 'approvals', approvalId: 'apr_9xY-1' });
    expect(parseDeepLink('switchboard://peers/alice')).toEqual({ screen: 'peers', peer: 'alice' });
    expect(parseDeepLink('switchboard://peers/Zo%C3%AB%20B')).toEqual({ screen: 'peers', peer: 'Zoë B' });
    expect(parseDeepLink('switchboard://inspect?url=https%3A%2F%2Fagent.example%2Fv1')).toEqual({ screen: 'inspector', url: 'https://agent.example/v1' });
    expect(parseDeepLink('switchboard://inspect')).toEqual({ screen: 'inspector' });
    expect(parseDeepLink('switchboard://dead-letters')).toEqual({ screen: 'delivery', tab: 'deadLetters' });
    expect(parseDeepLink('switchboard:settings')).toEqual({ screen: 'settings' });
    expect(parseDeepLink('SWITCHBOARD://timeline')).toEqual({ screen: 'timeline' });
  });

  it('refuse anything else: other schemes, unknown screens, extra parts, bad ids, non-http inspect targets', () => {
    for (const link of [
      'https://approvals/apr_1',
      'switchboard://approvals/../../etc/passwd',
      'switchboard://approvals/not-an-approval',
      'switchboard://approvals/apr_1/approve',
      'switchboard://peers/a/b',
      'switchboard://peers/%00',
      'switchboard://peers/%E0%A4%A',
      'switchboard://inspect?url=javascript:alert(1)',
      'switchboard://inspect?url=file:///etc/passwd',
      'switchboard://inspect?url=https://user:pw@agent.example/',
      'switchboard://user:pw@approvals',
      'switchboard://approvals:8080',
      'switchboard://send?to=alice&text=hi',
      `switchboard://peers/${'x'.repeat(3000)}`,
      'not a url',
    ]) {
      expect(parseDeepLink(link), link).toBeNull();
    }
  });

  it('are found in a launch argv', () => {
    expect(deepLinkIn(['/usr/bin/switchboard', '--hidden', 'switchboard://peers/alice'])).toBe('switchboard://peers/alice');
    expect(deepLinkIn(['/usr/bin/switchboard', '--hidden'])).toBeNull();
  });
});
