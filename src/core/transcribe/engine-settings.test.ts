import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { createConfiguredTranscriberFactory, readTranscriptionSettings, TRANSCRIPTION_SETTING_KEYS, writeTranscriptionSetting } from './engine-settings';
import { DEFAULT_SHERPA_MODEL_ID, SHERPA_MODELS } from './sherpa-onnx';

let core: TestCore;
beforeEach(() => {
  core = createTestCore();
});
afterEach(async () => {
  await core.close();
});

describe('transcription settings (app_settings)', () => {
  it('defaults to offline PocketSphinx with the energy VAD', async () => {
    expect(readTranscriptionSettings(core.internals.db)).toMatchObject({ engine: 'pocketsphinx', vad: 'energy' });
    const transcriber = await createConfiguredTranscriberFactory({ db: core.internals.db, secrets: core.internals.secrets, dataDir: '/nonexistent' })();
    expect(transcriber.engine).toBe('pocketsphinx');
    transcriber.close();
  });

  it('rejects an unknown engine and says why the sherpa-onnx model cannot be used', async () => {
    const { db, secrets } = core.internals;
    writeTranscriptionSetting(db, TRANSCRIPTION_SETTING_KEYS.engine, 'whisper-cpp', 1);
    expect(() => readTranscriptionSettings(db)).toThrow(expect.objectContaining({ code: 'validation.invalid_input' }));
    writeTranscriptionSetting(db, TRANSCRIPTION_SETTING_KEYS.engine, 'sherpa-onnx', 2);
    // The default model is the built-in catalogue entry.
    expect(readTranscriptionSettings(db).sherpaModel).toBe(DEFAULT_SHERPA_MODEL_ID);
    expect(SHERPA_MODELS[DEFAULT_SHERPA_MODEL_ID]).toBeDefined();
    writeTranscriptionSetting(db, TRANSCRIPTION_SETTING_KEYS.sherpaModel, 'no-such-model', 3);
    const factory = createConfiguredTranscriberFactory({ db, secrets, dataDir: '/nonexistent' });
    await expect(factory()).rejects.toMatchObject({ code: 'transcriber.unavailable', message: 'Unknown sherpa-onnx model "no-such-model"' });
  });
});
