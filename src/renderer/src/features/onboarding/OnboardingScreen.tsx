import { useState } from 'react';
import { formatRoute, navigate } from '../../app/route';
import { AiSettings } from '../settings/AiSettings';
import { SyncSettings } from '../settings/SyncSettings';
import { MicCheck } from './MicCheck';
import { markOnboarded } from './onboarding-state';

const STEPS = ['Welcome', 'Microphone', 'Optional extras', 'Ready'] as const;

/** First run: what LiveConvo does, a microphone check with a live meter, and where to go next. Skippable. */
export default function OnboardingScreen() {
  const [step, setStep] = useState(0);

  function handleFinish(): void {
    markOnboarded();
    navigate({ name: 'home' });
  }

  return (
    <section className="screen narrow onboarding" aria-labelledby="onboarding-title" data-testid="onboarding-screen">
      <ol className="steps" aria-label="Progress">
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined} className={index <= step ? 'reached' : ''}>
            {name}
          </li>
        ))}
      </ol>
      {step === 0 && (
        <div className="panel">
          <h1 id="onboarding-title">Welcome to LiveConvo</h1>
          <p>LiveConvo listens to your calls, writes a live transcript, gives you guidance while you talk, and writes the summary and action items afterwards.</p>
          <ul className="bullets">
            <li>Everything runs on this computer and works offline. No account needed.</li>
            <li>Your microphone is “Me”; the other side (system audio) is “Them”.</li>
            <li>Connect an AI endpoint later in Settings for richer summaries.</li>
          </ul>
        </div>
      )}
      {step === 1 && (
        <div className="panel">
          <h1 id="onboarding-title">Check your microphone</h1>
          <p>LiveConvo needs microphone access to transcribe what you say. The test stays on this computer.</p>
          <MicCheck />
        </div>
      )}
      {step === 2 && (
        <div className="onboarding-extras">
          <h1 id="onboarding-title">Optional extras</h1>
          <p>Both are optional; LiveConvo works fully offline without them. You can change them later in Settings.</p>
          <AiSettings />
          <SyncSettings />
        </div>
      )}
      {step === 3 && (
        <div className="panel">
          <h1 id="onboarding-title">You are ready</h1>
          <p>
            Start with <strong>Record now</strong> on the home screen, or prepare a session from a template. Change the theme, the AI endpoint and more in{' '}
            <a href={formatRoute({ name: 'settings' })} onClick={markOnboarded}>
              Settings
            </a>
            .
          </p>
        </div>
      )}
      <div className="form-actions onboarding-actions">
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)}>
            Back
          </button>
        )}
        {step < STEPS.length - 1 ? (
          <button type="button" className="primary" onClick={() => setStep(step + 1)} data-testid="onboarding-next">
            Continue
          </button>
        ) : (
          <button type="button" className="primary" onClick={handleFinish} data-testid="onboarding-finish">
            Go to my sessions
          </button>
        )}
        <button type="button" className="link-button skip" onClick={handleFinish} data-testid="onboarding-skip">
          Skip
        </button>
      </div>
    </section>
  );
}
