import { expect, it } from 'vitest';
import { guardedLookup, isPublicAddress } from './address-guard.js';

it('passes public unicast addresses only', () => {
  for (const address of ['93.184.215.14', '8.8.8.8', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']) {
    expect(isPublicAddress(address), address).toBe(true);
  }
  for (const address of [
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.100.100.200',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    'not an address',
  ]) {
    expect(isPublicAddress(address), address).toBe(false);
  }
  // Next to the private ranges, public ones stay public.
  expect(isPublicAddress('172.32.0.1')).toBe(true);
  expect(isPublicAddress('11.0.0.1')).toBe(true);
});

it('refuses at connect when any address of the name is private', async () => {
  const lookup = guardedLookup(async () => [
    { address: '93.184.215.14', family: 4 },
    { address: '192.168.1.10', family: 4 },
  ]);
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
    lookup('mixed.example', {}, (err) => resolve(err)),
  );
  expect(error?.code).toBe('EPRIVATEADDRESS');
  const ok = guardedLookup(async () => [{ address: '93.184.215.14', family: 4 }]);
  const address = await new Promise((resolve) => ok('public.example', {}, (_err, addr) => resolve(addr)));
  expect(address).toBe('93.184.215.14');
});
