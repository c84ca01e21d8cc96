/** The part of node-postgres's utilities Ordo uses: the text it sends for a parameter's value. */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null }
  export default utils
}
