-- Records what a token family (the tokens one authorization code obtained, and their refreshes) has just issued: its
-- current refresh token and the access token issued with it; the family's first access token is kept as well. Refused
-- once the family is revoked, so that tokens issued while it was being revoked are never handed out.
-- KEYS[1] = the family. ARGV[1] = the refresh token's key ('' for none), ARGV[2] = the access token as
-- "<jti> <expiry, epoch ms>", ARGV[3] = the family's lifetime (ms). Returns 1, or 0 when the family is revoked
if redis.call('HEXISTS', KEYS[1], 'revoked') == 1 then
  return 0
end
redis.call('HSETNX', KEYS[1], 'first', ARGV[2])
redis.call('HSET', KEYS[1], 'refresh', ARGV[1], 'access', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
