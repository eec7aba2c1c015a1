/** A failure the user can act on: shown as is, without a stack trace. */
export class UserError extends Error {}
