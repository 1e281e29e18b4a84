-- An account's wrong passwords are forgotten a day after the last one, as an address with no account has them forgotten
-- (in Redis): the two must count alike, or a wrong password after a quiet day would tell which addresses are registered.
ALTER TABLE user_account ADD COLUMN failed_login_at timestamptz;
