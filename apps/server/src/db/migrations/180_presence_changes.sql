-- The partner presence reconcile (realtime/partner-presence.ts) reads the rows changed since its last read,
-- not every local partner's row each time.
CREATE INDEX partner_presence_changed_at_idx ON partner_presence (changed_at);
