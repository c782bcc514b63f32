-- Personal data at rest (API.md, "API keys and data protection"): delivery addresses and address notes are
-- stored encrypted by the server (AES-256-GCM, platform/encryption.ts), as `v1:<keyId>:<nonce>:<ciphertext>`
-- text. An encrypted value is about 4/3 of its text plus 40 characters, so the length checks of the first
-- wave go: the contract's schemas keep bounding what a client may send (500 characters).
--
-- SQL cannot know the key, so the values the first wave stored in clear are encrypted by the server right
-- after the migrations, before it serves (personal-data/encrypt-personal-data.ts: batched, idempotent),
-- and by `npm run reencrypt`.

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_address_check;
ALTER TABLE addresses DROP CONSTRAINT IF EXISTS addresses_line_check, DROP CONSTRAINT IF EXISTS addresses_notes_check;

-- The event log keeps no copy of an order's address: an order event's `data.order.address` is put back on
-- read from the order (events/logged-event.ts), so it is only ever stored once, encrypted, on the order.
UPDATE events SET data = data #- '{order,address}' WHERE data->'order' ? 'address';
