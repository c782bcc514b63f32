-- A wave can also end early: every partner it was offered to declined it (API.md, "Dispatch": the next wave
-- goes out at once rather than after the wave's expiry).
ALTER TABLE order_offers DROP CONSTRAINT order_offers_outcome_check;
ALTER TABLE order_offers
  ADD CONSTRAINT order_offers_outcome_check CHECK (outcome IN ('accepted', 'expired', 'declined', 'withdrawn'));
