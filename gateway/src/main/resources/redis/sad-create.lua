-- KEYS[1] = SAD hash, KEYS[2] = its set of authorized hashes (same hash tag).
-- ARGV[1] = ttl ms, ARGV[2] = platform, ARGV[3] = credential, ARGV[4] = hash algorithm OID, ARGV[5] = signatures allowed,
-- ARGV[6..] = the authorized hashes (canonical base64).
redis.call('HSET', KEYS[1], 'platform', ARGV[2], 'credential', ARGV[3], 'alg', ARGV[4], 'remaining', ARGV[5])
for i = 6, #ARGV do
  redis.call('SADD', KEYS[2], ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 'OK'
