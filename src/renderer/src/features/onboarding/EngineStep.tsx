import { EngineChoice } from '../settings/EngineChoice';

/** First run: choose the transcription engine — local PocketSphinx is preselected, models are optional. */
export function EngineStep() {
  return (
    <div className="panel" data-testid="onboarding-engine">
      <h1 id="onboarding-title" tabIndex={-1}>
        Choose how to transcribe
      </h1>
      <p>
        <strong>PocketSphinx</strong> is built in: it runs on this computer, works offline and needs no download. A downloaded model is usually more
        accurate; you can get one now or later in Settings. A cloud endpoint (OpenAI, Groq or your own server) needs its URL and an API key.
      </p>
      <EngineChoice modelsHeading="h2" />
    </div>
  );
}
