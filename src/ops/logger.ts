/**
 * Log output: JSON lines (for a log collector) unless stdout is a terminal, where
 * pino-pretty prints readable lines. LOG_FORMAT=json or =pretty chooses either way.
 */
import pino, { type LoggerOptions } from 'pino'

export function loggerOptions(level: string, env: NodeJS.ProcessEnv = process.env): LoggerOptions {
  const format = env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json')
  if (format !== 'pretty') return { level }
  return { level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
}

export const createLogger = (level: string): pino.Logger => pino(loggerOptions(level))
