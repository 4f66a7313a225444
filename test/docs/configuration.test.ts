import { loadConfig } from '@booking/shared/config';
import { describe, expect, it } from 'vitest';
import { envExample, readmeVariables, SERVICE_SCHEMAS, schemaVariables } from './configuration.ts';

describe('README "Configuration" table', () => {
  it('when the schemas define a variable, then the table lists it once with its default and who reads it', () => {
    const documented = readmeVariables().map(({ name, default: fallback, readBy }) => ({ name, default: fallback, readBy }));

    expect(documented).toEqual(schemaVariables());
  });

  it('when a variable is listed, then its type and meaning are written down', () => {
    const blank = readmeVariables().filter((v) => v.type === '' || v.type === '-');

    expect(readmeVariables().length).toBeGreaterThan(25);
    expect(blank).toEqual([]);
  });

  it('when the table is wrong, then the comparison names the variable', () => {
    const readme =
      '## Configuration\n\n| variable | type | default | read by | meaning |\n| `LOG_LEVEL` | enum | `debug` | all | x |\n';

    expect(readmeVariables(readme)).toEqual([{ name: 'LOG_LEVEL', type: 'enum', default: 'debug', readBy: 'all' }]);
    expect(schemaVariables().find((v) => v.name === 'LOG_LEVEL')).toEqual({ name: 'LOG_LEVEL', default: 'info', readBy: 'all' });
  });
});

describe('.env.example', () => {
  it('when a newcomer opens it, then it names every variable of the schemas exactly once and nothing else', () => {
    const names = envExample().map(([name]) => name);

    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(schemaVariables().map((v) => v.name));
  });

  it('when it is loaded as the environment, then every service gets exactly its defaults', () => {
    const env = Object.fromEntries(envExample());

    const configs = Object.values(SERVICE_SCHEMAS).map((schema) => [loadConfig(schema, env), loadConfig(schema, {})]);

    for (const [fromExample, defaults] of configs) expect(fromExample).toEqual(defaults);
  });
});
