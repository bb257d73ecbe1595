-- An invoice number belongs to the agent that issued it. Two agents may pick the same prefix (the prefix is theirs to
-- choose), so INV-YMB-2026-000001 can exist once per agent: the platform-wide UNIQUE (number) of 0024 refused the
-- second agent's first invoice. The gapless sequence stays unique per agent (ux_invoices_agent_id_sequence).
ALTER TABLE invoices DROP CONSTRAINT invoices_number_key;
ALTER TABLE invoices ADD CONSTRAINT ux_invoices_agent_id_number UNIQUE (agent_id, number);
