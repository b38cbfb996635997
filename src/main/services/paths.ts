import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const APP_FOLDER = 'crm-desk';

/** The caller's directory: `INIT_CWD` under npm (npm runs scripts from the package root), else cwd. */
export function callerDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return env.INIT_CWD && isAbsolute(env.INIT_CWD) ? env.INIT_CWD : cwd;
}

/** A path given on the command line, made absolute against the caller's directory. */
export function resolveUserPath(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  return resolve(callerDir(env, cwd), path);
}

/**
 * The data folder: `CRM_HOME` when set (relative to the caller's directory), else the platform's
 * per-user application data folder. Electron passes its own userData path instead of calling this.
 */
export function resolveDataDir(
  opts: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string; cwd?: string } = {},
): string {
  const env = opts.env ?? process.env;
  if (env.CRM_HOME) return resolveUserPath(env.CRM_HOME, env, opts.cwd ?? process.cwd());
  const home = opts.home ?? homedir();
  switch (opts.platform ?? process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER);
    default:
      return join(
        env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config'),
        APP_FOLDER,
      );
  }
}
