-- Customer contacts: the people at a retailer whom the partner calls about it — technical,
-- billing, escalation — in the order alerts escalate through them (issue 4 §4 "customer detail
-- (environments, tier, contacts)"; issue 7's alerts walk escalation_order upwards).
--
-- Same rules as 0001: partner_id leads every key so the table distributes by partner, and
-- row-level security through isolate_tenant_table. Rows belong to a customer, so a customer
-- viewer sees their own customer's contacts and nobody else's.

CREATE TABLE customer_contacts (
    partner_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT uuid_v7(),
    customer_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- Stored trimmed and in lower case, the shape Swift's InputRules.email accepts.
    email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
    -- E.164 (ITU-T E.164 §6): '+', a country code not starting with 0, at most 15 digits in all.
    -- Swift strips the spaces, dots, dashes and brackets people write between the digits.
    phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    role text NOT NULL CHECK (role IN ('technical', 'billing', 'escalation', 'management')),
    -- Lower is reached first; equal orders are reached together; NULL is never escalated to
    -- (a billing contact, say).
    escalation_order integer CHECK (escalation_order BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id),
    UNIQUE (partner_id, customer_id, email),
    FOREIGN KEY (partner_id, customer_id) REFERENCES customers (partner_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_contacts_escalation ON customer_contacts (partner_id, customer_id, escalation_order);
CREATE TRIGGER customer_contacts_updated_at BEFORE UPDATE ON customer_contacts
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CALL isolate_tenant_table('customer_contacts', 'customer_id', 'SELECT, INSERT, UPDATE, DELETE');
