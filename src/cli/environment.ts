// VIGIL_* variables as every command reads them.

/**
 * The environment with empty VIGIL_* variables left out: `VIGIL_HOST=` or `VIGIL_HOST=${UNSET}` in
 * a compose or unit file means "not set", never "every interface" or "the current directory".
 */
export function withoutBlankVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => !name.startsWith('VIGIL_') || (value ?? '').trim() !== ''));
}
