/** The `ordo user ...` commands and the options of `ordo token create`. */
import type { Command } from 'commander'
import type { Database } from '../db/database.ts'
import { systemActor } from './actor.ts'

type WithDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>
const cli = systemActor('cli')
const collect = (value: string, list: string[] = []) => [...list, value]
// Loaded when a user command runs: every `ordo` command registers these, few run them.
const users = () => import('./users.service.ts')

export function registerUserCommands(program: Command, withDatabase: WithDatabase): void {
  const user = program.command('user').description('staff accounts')
  user.command('create').description('create a staff account and print its password (once)')
    .requiredOption('--email <email>', 'the login')
    .requiredOption('--name <name>', 'the person')
    .option('--role <role>', 'administrator, call_centre, fulfilment, logistics, finance, read_only or a custom role', 'read_only')
    .option('--shop <code>', 'limit to this shop (repeat for several; none: every shop)', collect)
    .option('--password <password>', 'set this password (10 characters or more) instead of generating one')
    .action(async (o: { email: string; name: string; role: string; shop?: string[]; password?: string }) => {
      if (o.password !== undefined && o.password.length < 10) throw new Error('the password needs 10 characters or more')
      const { createUser } = await users()
      const { user: made, password } = await withDatabase((db) => db.transaction().execute((trx) =>
        createUser(trx, cli, { email: o.email, name: o.name, role: o.role, shops: o.shop, password: o.password })))
      console.error(`Created ${made.email} (${made.role}${made.shops.length ? `, shops ${made.shops.join(', ')}` : ''}). Password, shown only this once:`)
      console.log(password)
    })
  user.command('reset-password').description('set a new password (printed once) and end the user\'s sessions')
    .requiredOption('--email <email>', 'the login')
    .action(async (o: { email: string }) => {
      const { findUser, resetPassword } = await users()
      const password = await withDatabase(async (db) => {
        const found = await findUser(db, o.email)
        return db.transaction().execute((trx) => resetPassword(trx, cli, found.id))
      })
      console.error(`New password for ${o.email}, shown only this once:`)
      console.log(password)
    })
}

/** `--shop` for `ordo token create`. */
export const shopOption = ['--shop <code>', 'limit the token to this shop (repeat for several)', collect] as const
