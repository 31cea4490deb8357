/** An error a node hands to `done(err)`: Catch nodes see `error.message` and the stable `code`. */
export class NodeInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NodeInputError';
  }
}
