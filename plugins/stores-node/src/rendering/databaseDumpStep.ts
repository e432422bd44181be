import { tmpScratch, type ContainerSpec, type EnvVar } from './containers';

/**
 * A backup's first step (see BackupDefinition.steps): the engine's database
 * client runs `script`, which dumps the store's database into `$WORK`. The
 * connection comes as plain env (in the names the client reads); the
 * password only by reference to the store's Secret, never on a command
 * line. The step's log tail is its termination message, so a failed dump
 * says why.
 */
export function databaseDumpStep(options: {
  image: string;
  script: string;
  /** Host, database, user and whatever else the client reads, by env name. */
  connection: Record<string, string>;
  /** The password's env var, from the store's Secret by reference. */
  password: EnvVar;
  /** What the client keeps in /tmp (the scratch volume's reason). */
  tmp: string;
  /** `$HOME`, for a client that reads its options from there (the root is read-only). */
  home?: string;
}): ContainerSpec {
  const { image, script, connection, password, tmp, home } = options;
  return {
    name: 'dump',
    image,
    command: ['/bin/sh', '-c', script],
    env: [
      ...Object.entries(connection).map(([name, value]) => ({ name, value })),
      password,
      ...(home ? [{ name: 'HOME', value: home }] : []),
    ],
    scratch: [tmpScratch(tmp)],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}
