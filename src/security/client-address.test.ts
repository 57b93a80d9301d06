import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientAddressKey } from './client-address.ts';

test('a client is an IPv4 address (also mapped into IPv6) or an IPv6 /64', () => {
  assert.equal(clientAddressKey('203.0.113.7'), '203.0.113.7');
  assert.equal(clientAddressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientAddressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientAddressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64', 'every address of one /64 is one client');
  assert.notEqual(clientAddressKey('2001:db8:1:3::1'), clientAddressKey('2001:db8:1:2::1'));
  assert.equal(clientAddressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
});
