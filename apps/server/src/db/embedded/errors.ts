/** A problem with the embedded PostgreSQL that the user can act on: printed as one line, without a stack. */
export class EmbeddedDatabaseError extends Error {}
