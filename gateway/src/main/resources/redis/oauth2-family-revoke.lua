-- Revokes a token family: nothing more is recorded for it (oauth2-family-record.lua), even if it was not yet known.
-- KEYS[1] = the family. ARGV[1] = how long it stays revoked (ms).
-- Returns what it issued, for the caller to revoke: "<refresh token's key>|<first access>|<current access>", each
-- part empty when there is none
local issued = redis.call('HMGET', KEYS[1], 'refresh', 'first', 'access')
redis.call('HSET', KEYS[1], 'revoked', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return (issued[1] or '') .. '|' .. (issued[2] or '') .. '|' .. (issued[3] or '')
