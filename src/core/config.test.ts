import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError, describeConfig } from './config.ts';

describe('config', () => {
  it('defaults, environment, then flags', () => {
    const c = loadConfig({}, {});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(loadConfig({}, { PORT: '8080', KARTOTEKA_DATA_DIR: '/tmp/x' })).toMatchObject({
      port: 8080,
      dataDir: '/tmp/x',
    });
    expect(loadConfig({ port: '9090' }, { PORT: '8080' }).port).toBe(9090);
  });

  it('a bad value stops the start with a message naming the variable', () => {
    const bad = () => loadConfig({}, { PORT: 'eighty', DATABASE_URL: 'mysql://x', KARTOTEKA_ROLE: 'boss' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('KARTOTEKA_ROLE');
    }
  });

  it('every setting is described', () => {
    for (const s of describeConfig()) {
      expect(s.env).toMatch(/^[A-Z_]+$/);
      expect(s.description.length).toBeGreaterThan(10);
    }
  });
});
