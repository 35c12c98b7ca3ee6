-- Webhook ingress (issue 6 §2): each connection that receives webhooks has a token, the last
-- segment of its URL `/hooks/<token>`. Only the token's SHA-256 is stored (like API tokens);
-- the token is shown once when issued and can be replaced.
--
-- An inbound webhook names no tenant before its token is looked up, so the lookup is a
-- security-definer function (as partner_for_host): it returns the one connection, and only
-- while its partner and customer are active.

ALTER TABLE connections ADD COLUMN ingress_token_sha256 bytea UNIQUE CHECK (octet_length(ingress_token_sha256) = 32);

CREATE FUNCTION connection_for_ingress(token_sha256 bytea)
    RETURNS TABLE (partner_id uuid, id uuid, customer_id uuid, environment_id uuid, kind text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT c.partner_id, c.id, c.customer_id, c.environment_id, c.kind, c.status
        FROM connections c
        JOIN partners p ON p.id = c.partner_id AND p.status = 'active'
        JOIN customers cu ON cu.partner_id = c.partner_id AND cu.id = c.customer_id AND cu.status = 'active'
        WHERE c.ingress_token_sha256 = token_sha256
    $$;
REVOKE ALL ON FUNCTION connection_for_ingress(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION connection_for_ingress(bytea) TO counterpart_app;
