import * as assert from 'node:assert/strict';
import { projectRoot } from '../helpers/projectRoot';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { restrictedSettings, settingsJsonSchemas } from '../../src/core/config/settingsSchema';
import { teamConfigJsonSchema } from '../../src/core/config/teamConfigSchema';
import { commandManifest } from '../../src/host/commands/commandManifest';

const root = projectRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the code defines', () => {
    assert.deepEqual(pkg.contributes.commands, commandManifest);
  });

  it('every command id in menus exists', () => {
    const ids = new Set(commandManifest.map((c) => c.command));
    for (const entries of Object.values(pkg.contributes.menus) as { command: string }[][]) {
      for (const entry of entries) assert.ok(ids.has(entry.command), `menu names unknown command ${entry.command}`);
    }
  });

  it('contributes.configuration matches the settings schema (keys, types, defaults, descriptions)', () => {
    const schemas = settingsJsonSchemas();
    const props = pkg.contributes.configuration.properties as Record<string, { type: string; default: unknown; markdownDescription: string }>;
    assert.deepEqual(Object.keys(props).sort(), Object.keys(schemas).sort());
    for (const [key, schema] of Object.entries(schemas)) {
      assert.equal(props[key].type, schema.type, `${key}: type`);
      assert.deepEqual(props[key].default, schema.default, `${key}: default`);
      assert.equal(props[key].markdownDescription, schema.description, `${key}: description`);
    }
  });

  it('restricted settings are declared for untrusted workspaces', () => {
    const declared = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...declared].sort(), restrictedSettings.map((k) => `changetrail.${k}`).sort());
  });

  it('activates narrowly', () => {
    const events = pkg.activationEvents as string[];
    assert.ok(events.length > 0);
    for (const event of events) assert.ok(event !== '*' && event !== 'onStartupFinished', `broad activation event ${event}`);
  });

  it('names the identity, engine, entry points and bin the build produces', () => {
    assert.equal(pkg.name, 'changetrail');
    assert.equal(pkg.displayName, 'ChangeTrail');
    assert.equal(pkg.publisher, 'changetrail');
    assert.equal(pkg.engines.vscode, '^1.96.0');
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.bin.changetrail, 'dist/cli.js');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.96.0');
  });

  it('has a ChangeTrail view container whose icon exists, holding every view', () => {
    const container = pkg.contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'changetrail');
    assert.ok(container, 'no changetrail container');
    assert.ok(existsSync(join(root, container.icon)), `missing ${container.icon}`);
    assert.ok(pkg.contributes.views.changetrail.length > 0);
  });

  it('validates .changetrail/config.json with the schema generated from the zod schema', () => {
    const entry = pkg.contributes.jsonValidation.find((j: { fileMatch: string }) => j.fileMatch.endsWith('.changetrail/config.json'));
    assert.ok(entry, 'no jsonValidation for the team config');
    const file = join(root, entry.url);
    assert.ok(existsSync(file), `${entry.url} is not built (run npm run build)`);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), teamConfigJsonSchema());
  });

  it('ships the grammar it contributes', () => {
    for (const grammar of pkg.contributes.grammars) assert.ok(existsSync(join(root, grammar.path)), grammar.path);
  });
});
