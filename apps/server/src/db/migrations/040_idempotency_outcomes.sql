-- An Idempotency-Key now guards any unsafe use case (placing, accepting, rejecting, moving and cancelling an
-- order), and its record keeps what the use case produced rather than an HTTP answer: `operation` names the
-- use case, `outcome` is {"value": ...} or {"error": {code, message, details, correlationId}}, null while
-- the first request with the key is still running. The status a refusal is answered with follows from its
-- code (the contract's map), so it is not stored.

ALTER TABLE idempotency_keys ADD COLUMN operation text, ADD COLUMN outcome jsonb;

-- Until now every record was one of POST /orders: {order} on 201, or the error answer.
UPDATE idempotency_keys SET
  operation = 'place-order',
  outcome = CASE
    WHEN response_body IS NULL THEN NULL
    WHEN response_body ? 'error' THEN jsonb_build_object(
      'error',
      ((response_body->'error') - 'requestId') || jsonb_build_object('correlationId', response_body->'error'->'requestId')
    )
    ELSE jsonb_build_object('value', response_body->'order')
  END;

ALTER TABLE idempotency_keys
  ALTER COLUMN operation SET NOT NULL,
  DROP COLUMN status_code,
  DROP COLUMN response_body;
