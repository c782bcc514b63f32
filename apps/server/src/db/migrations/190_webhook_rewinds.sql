-- How many times a replay moved an endpoint's cursor back. A delivery moves the cursor only from where it found
-- it, and a replay can put the cursor exactly there (a replay from the next event): the seq alone cannot tell
-- an acknowledgement that was under way that the replay came, so it checks this count too.
ALTER TABLE webhook_endpoints ADD COLUMN rewinds int NOT NULL DEFAULT 0;
