import { EngineChoice } from './EngineChoice';

/** Settings → Engines and models: pick the transcription engine, download sherpa-onnx models. */
export function EnginesSettings() {
  return (
    <section className="panel settings-section" aria-labelledby="engine-heading" data-testid="engines-settings">
      <h2 id="engine-heading">Engines and models</h2>
      <EngineChoice modelsHeading="h3" />
    </section>
  );
}
