-- Shared by the SAD scripts that take hashes (loaded in front of them, see LuaScript.load).
-- The position (from 0) of the first of the comma-separated hashes in csv that is not in the set at key, or nil when
-- all are: one SMISMEMBER per 500 hashes rather than a SISMEMBER each (unpack's arguments live on Lua's C stack).
local function first_unauthorized(key, csv)
  local hashes = {}
  for hash in string.gmatch(csv, '[^,]+') do
    hashes[#hashes + 1] = hash
  end
  for first = 1, #hashes, 500 do
    local member = redis.call('SMISMEMBER', key, unpack(hashes, first, math.min(first + 499, #hashes)))
    for j = 1, #member do
      if member[j] == 0 then
        return first + j - 2
      end
    end
  end
  return nil
end
