-- OAuth2 authorization code flow (CSC oauth2code): per platform, how its users authorize signatures and where the
-- QTSP's authorization page may send them back; per account, the CSC userID it signs as.

-- 'explicit': the platform collects PIN and SMS code and calls credentials/authorize;
-- 'oauth2code': the user gives them to the gateway's own authorization page (sole control), never to the platform
ALTER TABLE platform_client ADD COLUMN auth_mode text NOT NULL DEFAULT 'explicit'
    CHECK (auth_mode IN ('explicit', 'oauth2code'));
-- registered redirect URIs, space separated, matched exactly (RFC 8252 loopback: any port on http://127.0.0.1)
ALTER TABLE platform_client ADD COLUMN redirect_uris text NOT NULL DEFAULT '';

-- the CSC userID of the account's credentials when it is not the account id (credentials provisioned outside issuance)
ALTER TABLE user_account ADD COLUMN csc_user_id text UNIQUE;
