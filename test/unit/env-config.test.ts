/**
 * How a function reads its office configuration (functions/runtime/env.ts config()): the text
 * synth validated, recognised by its SHA-256, is taken as it is; any other text is
 * validated with the shared schema, so a hand edit gets a message naming the wrong field.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeConfigText } from '../../functions/contract/config-text.js';
import { config, forgetEnvForTests } from '../../functions/runtime/env.js';
import { ConfigError, parseConfig } from '../../functions/domain/config.js';

const VALID = parseConfig(JSON.parse(readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8')));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const saved = { ...process.env };

function deploy(text: string, hash?: string) {
  process.env.WARTA_CONFIG = text;
  if (hash === undefined) delete process.env.WARTA_CONFIG_SHA256;
  else process.env.WARTA_CONFIG_SHA256 = hash;
  forgetEnvForTests();
}
afterEach(() => {
  process.env = { ...saved };
  forgetEnvForTests();
});

describe('the configuration a function reads', () => {
  it('is read from the compressed text synth writes, which fits in far fewer bytes', () => {
    // Prepare
    const json = JSON.stringify(VALID);
    const text = encodeConfigText(json);
    deploy(text, sha256(text));
    // Act
    const cfg = config();
    // Assert
    expect(cfg).toEqual(VALID);
    expect(Buffer.byteLength(text)).toBeLessThan(Buffer.byteLength(json) * 0.7);
  });

  it('is taken as it is when it is the text synth validated', () => {
    // Prepare: a text the schema would refuse, with its own hash, to show nothing validates it.
    const text = JSON.stringify({ ...VALID, opsEmail: 'not an address' });
    deploy(text, sha256(text));
    // Act
    const cfg = config();
    // Assert
    expect(cfg.opsEmail).toBe('not an address');
  });

  it('is validated, naming the wrong field, when its text is not the one synth hashed', () => {
    const text = JSON.stringify({ ...VALID, opsEmail: 'not an address' });
    deploy(text, sha256(JSON.stringify(VALID)));

    expect(() => config()).toThrow(ConfigError);
    expect(() => config()).toThrow(/WARTA_CONFIG is not valid:\n {2}- opsEmail: /);
  });

  it('is validated, with its defaults filled in, when there is no hash', () => {
    const { locale: _locale, ...withoutLocale } = VALID;
    deploy(JSON.stringify(withoutLocale));

    expect(config().locale).toBe('id');
  });

  it('refuses text that is not JSON, naming the variable', () => {
    deploy('{"office":', sha256('{"office":'));

    expect(() => config()).toThrow(/environment variable WARTA_CONFIG is not valid JSON/);
  });
});
