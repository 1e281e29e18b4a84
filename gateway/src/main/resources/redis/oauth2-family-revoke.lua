-- Revokes a token family: nothing more is recorded for it (oauth2-family-record.lua), even if it was not yet known.
-- KEYS[1] = the family. ARGV[1] = how long it stays revoked (ms).
-- Returns what it issued, for the caller to revoke, joined by '|': its current refresh token's key ('' for none), then
-- each access token it recorded as "<id> <expiry, epoch ms>"
local fields = redis.call('HGETALL', KEYS[1])
local issued = { '' }
for i = 1, #fields, 2 do
  if fields[i] == 'refresh' then
    issued[1] = fields[i + 1]
  elseif string.sub(fields[i], 1, 7) == 'access:' then
    issued[#issued + 1] = string.sub(fields[i], 8) .. ' ' .. fields[i + 1]
  elseif fields[i] == 'first' or fields[i] == 'access' then
    -- a family recorded before each access token had a field of its own: its first and its latest, as "<id> <expiry>"
    issued[#issued + 1] = fields[i + 1]
  end
end
redis.call('HSET', KEYS[1], 'revoked', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return table.concat(issued, '|')
