import { describe, expect, it } from 'vitest';
import { addressKind, isWithin } from '../../src/main/core/net/address-guard';

describe('addressKind', () => {
  it('classes IPv4 addresses', () => {
    expect(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '8.8.8.8', '169.254.169.254', '0.0.0.0', '100.100.100.200'].map(addressKind)).toEqual([
      'loopback', 'private', 'private', 'private', 'private', 'public', 'refused', 'refused', 'refused',
    ]);
  });

  it('judges an IPv4 address carried in IPv6 as that IPv4 address, in every spelling the URL parser may produce', () => {
    const metadata = [
      new URL('http://[::ffff:169.254.169.254]/').hostname, // the URL parser writes [::ffff:a9fe:a9fe]
      '[::ffff:a9fe:a9fe]',
      '::ffff:169.254.169.254',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '::a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
    ];
    expect(metadata.map((address) => [address, addressKind(address)])).toEqual(metadata.map((address) => [address, 'refused']));
    expect(addressKind(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe('loopback');
    expect(addressKind('::ffff:10.0.0.1')).toBe('private');
    expect(addressKind('::ffff:8.8.8.8')).toBe('public');
  });

  it('classes IPv6 addresses', () => {
    expect(['::1', '::', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fd00:ec2::254', 'fd12::1', 'fc00::1', '2001:db8::1'].map(addressKind)).toEqual([
      'loopback', 'refused', 'refused', 'refused', 'refused', 'refused', 'private', 'private', 'public',
    ]);
  });

  it('treats a hostname as public (the caller looks it up and judges the addresses)', () => {
    expect(addressKind('agents.example')).toBe('public');
  });
});

describe('isWithin', () => {
  it('allows nothing more internal than the limit, and never a refused address', () => {
    expect(isWithin('public', 'public')).toBe(true);
    expect(isWithin('private', 'public')).toBe(false);
    expect(isWithin('loopback', 'private')).toBe(false);
    expect(isWithin('private', 'loopback')).toBe(true);
    expect(isWithin('refused', 'loopback')).toBe(false);
  });
});
