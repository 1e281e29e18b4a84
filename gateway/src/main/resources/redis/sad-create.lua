-- KEYS[1] = SAD hash, KEYS[2] = its set of authorized hashes (same hash tag).
-- ARGV[1] = ttl ms, ARGV[2] = platform, ARGV[3] = credential, ARGV[4] = hash algorithm OID, ARGV[5] = signatures allowed,
-- ARGV[6] = the only signature algorithm OID the grant signs with ('' = any the key can), ARGV[7] = the end of the
-- holder's authorization (epoch ms: no extension of this SAD lives past it), ARGV[8..] = the authorized hashes
-- (canonical base64).
-- The hashes are kept twice: as a set, for a call that signs some of them or sends them in another order, and as the
-- list they were given in ('list', comma separated), which a call that sends the very same list matches at once
-- (sad-consume.lua).
redis.call('HSET', KEYS[1], 'platform', ARGV[2], 'credential', ARGV[3], 'alg', ARGV[4], 'remaining', ARGV[5],
  'until', ARGV[7])
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'salg', ARGV[6])
end
if #ARGV >= 8 then
  redis.call('HSET', KEYS[1], 'list', table.concat(ARGV, ',', 8))
end
for i = 8, #ARGV do
  redis.call('SADD', KEYS[2], ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 'OK'
