-- Who disabled an endpoint, as a code the admin page can rely on: 'admin', or 'failures' after 24 h of failed
-- deliveries (API.md, Webhooks). `disabled_reason` stays the words: "Disabled by an admin", or the last error.
ALTER TABLE webhook_endpoints ADD COLUMN disabled_by text CHECK (disabled_by IN ('admin', 'failures'));

UPDATE webhook_endpoints
   SET disabled_by = CASE WHEN disabled_reason ILIKE 'failing since %' THEN 'failures' ELSE 'admin' END,
       disabled_reason = CASE WHEN disabled_reason ILIKE 'failing since %'
                              THEN regexp_replace(disabled_reason, '^failing since [^ ]+: ', '', 'i')
                              ELSE disabled_reason END
 WHERE NOT enabled;

ALTER TABLE webhook_endpoints ADD CHECK (enabled = (disabled_by IS NULL));
