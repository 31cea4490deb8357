/**
 * What is wrong with a text that is not JSON, in words that repeat none of it. V8's own message quotes the text
 * around the mistake (`Unexpected token ''', ..."{"code":'58207316'"... is not valid JSON`), and the text may be a
 * configuration with a key or a key request with a doorcode: so that message is never shown.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const cut = error instanceof Error && error.message.startsWith('Unexpected end');
  return cut ? 'it ends too early' : 'check quotes, commas and brackets';
}
