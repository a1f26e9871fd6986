-- The delivery log speaks the bridge's one error vocabulary (docs/errors.md): the two codes it
-- used to write outside it are renamed to the codes the same failures have everywhere else.
UPDATE submissions SET last_error_code = 'close_auth_failed' WHERE last_error_code = 'close_auth';
UPDATE submissions SET last_error_code = 'delivery_interrupted' WHERE last_error_code = 'queue_retries_exhausted';
