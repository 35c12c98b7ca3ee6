-- Partner branding: the theme a partner picks and what it overrides — product name, colours,
-- support contacts and an uploaded logo (issue 4 item 2; DESIGN.md "Themes and pages").
--
-- Same rules as 0001: partner_id is the key, row-level security through isolate_tenant_table.
-- The row is partner-wide (customer column NULL): customer viewers never read it directly —
-- every visitor, signed in or not, sees the brand through partner_for_host below, and the logo
-- bytes through a partner-scoped read the portal makes for the host's partner.
--
-- No row means "the theme's defaults and the partner's own name": a partner needs no branding
-- to have a working portal. The custom domain stays where the host lookup already reads it,
-- partners.custom_domain.

CREATE TABLE partner_branding (
    partner_id uuid PRIMARY KEY REFERENCES partners (id),
    -- A directory under Themes/; which names exist is known only to the running portal
    -- (ThemeCatalog), so the database checks the shape and Swift checks membership.
    theme text NOT NULL DEFAULT 'default' CHECK (theme ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    -- NULL: the partner's name (partners.name).
    product_name text CHECK (length(btrim(product_name)) BETWEEN 1 AND 80),
    -- NULL: the theme's colour. Only #rrggbb reaches the generated stylesheet, so a value can
    -- never close a CSS declaration (`red;} body{…}`).
    primary_colour text CHECK (primary_colour ~ '^#[0-9a-f]{6}$'),
    accent_colour text CHECK (accent_colour ~ '^#[0-9a-f]{6}$'),
    support_email text CHECK (length(support_email) <= 254),
    -- https only: the link sits in every page's footer.
    support_url text CHECK (support_url ~ '^https://' AND length(support_url) <= 2000),
    -- The uploaded logo, PNG or JPEG checked by content (Swift's LogoImage), at most 512 KiB.
    -- SVG is never accepted: it can carry script.
    logo bytea CHECK (octet_length(logo) BETWEEN 1 AND 524288),
    logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
    -- Hex SHA-256 of the bytes: the ETag and the cache-busting ?v= of the logo's URL.
    logo_sha256 text CHECK (logo_sha256 ~ '^[0-9a-f]{64}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The three logo columns are set and cleared together.
    CHECK ((logo IS NULL) = (logo_content_type IS NULL) AND (logo IS NULL) = (logo_sha256 IS NULL))
);
CREATE TRIGGER partner_branding_updated_at BEFORE UPDATE ON partner_branding
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- No DELETE: removing a logo or resetting a colour is an UPDATE, recorded in the audit log.
CALL isolate_tenant_table('partner_branding', NULL, 'SELECT, INSERT, UPDATE');

-- partners: setting one's own custom domain is the only change a partner makes to its row
-- (creating partners, renaming and suspending them happen in the platform scope, as
-- counterpart_platform). 0001 granted counterpart_app INSERT and UPDATE of every column, limited
-- to its own row by the partner_rows policy; narrow that to the one column, so a partner-scoped
-- transaction cannot rename itself, change its kind or lift its own suspension.
REVOKE INSERT, UPDATE ON partners FROM counterpart_app;
GRANT UPDATE (custom_domain) ON partners TO counterpart_app;

-- ---------------------------------------------------------------------------------------------
-- The host lookup, now with the brand, so a page needs one query to know whose it is and how
-- it looks. The logo's bytes stay out (they are served by their own route, cached by hash).
--
-- A host under the base domain (the caller passes its slug) is found by slug ONLY; custom
-- domains are consulted only for hosts outside it (the caller passes an empty slug). So no
-- partner can take over another's <slug>.<base domain> by claiming it as a custom domain,
-- even if the application's own check were bypassed.

DROP FUNCTION partner_for_host(text, text);

CREATE FUNCTION partner_for_host(requested_slug text, requested_domain text)
    RETURNS TABLE (id uuid, kind text, slug text, name text, status text, custom_domain text,
                   theme text, product_name text, primary_colour text, accent_colour text,
                   support_email text, support_url text, logo_sha256 text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path FROM CURRENT
    AS $$
        SELECT p.id, p.kind, p.slug, p.name, p.status, p.custom_domain,
               coalesce(b.theme, 'default'), b.product_name, b.primary_colour, b.accent_colour,
               b.support_email, b.support_url, b.logo_sha256
        FROM partners p
        LEFT JOIN partner_branding b ON b.partner_id = p.id
        WHERE (requested_slug <> '' AND p.slug = requested_slug)
           OR (requested_slug = '' AND p.custom_domain = requested_domain)
        LIMIT 1
    $$;
REVOKE ALL ON FUNCTION partner_for_host(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION partner_for_host(text, text) TO counterpart_app, counterpart_viewer, counterpart_platform;
