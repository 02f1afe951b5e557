import { useEffect, useRef, useState } from 'react';
import { formatRoute, navigate } from '../../app/route';
import { AiSettings } from '../settings/AiSettings';
import { SyncSettings } from '../settings/SyncSettings';
import { EngineStep } from './EngineStep';
import { MicCheck } from './MicCheck';
import { markOnboarded } from './onboarding-state';

const STEPS = ['Welcome', 'Microphone', 'Transcription', 'AI endpoint', 'Sync', 'Ready'] as const;

/** First run: what LiveConvo does, a microphone check, the transcription engine, optional AI and sync. Skippable. */
export default function OnboardingScreen() {
  const [step, setStep] = useState(0);
  const sectionRef = useRef<HTMLElement>(null);
  const isFirstRender = useRef(true);

  // Keyboard and screen-reader users land on the new step's heading, not on the button they pressed.
  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    sectionRef.current?.querySelector<HTMLElement>('#onboarding-title')?.focus();
  }, [step]);

  function handleFinish(): void {
    markOnboarded();
    navigate({ name: 'home' });
  }

  return (
    <section ref={sectionRef} className="screen narrow onboarding" aria-labelledby="onboarding-title" data-testid="onboarding-screen">
      <ol className="steps" aria-label="Progress">
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined} className={index <= step ? 'reached' : ''}>
            {name}
          </li>
        ))}
      </ol>
      {step === 0 && (
        <div className="panel">
          <h1 id="onboarding-title" tabIndex={-1}>
            Welcome to LiveConvo
          </h1>
          <p>LiveConvo listens to your calls, writes a live transcript, gives you guidance while you talk, and writes the summary and action items afterwards.</p>
          <ul className="bullets">
            <li>Everything runs on this computer and works offline. No account needed.</li>
            <li>Your microphone is “Me”; the other side (system audio) is “Them”.</li>
            <li>An AI endpoint and a sync server are optional extras.</li>
          </ul>
        </div>
      )}
      {step === 1 && (
        <div className="panel">
          <h1 id="onboarding-title" tabIndex={-1}>
            Check your microphone
          </h1>
          <p>LiveConvo needs microphone access to transcribe what you say. The test stays on this computer.</p>
          <MicCheck />
        </div>
      )}
      {step === 2 && <EngineStep />}
      {step === 3 && (
        <div className="onboarding-extras" data-testid="onboarding-ai">
          <h1 id="onboarding-title" tabIndex={-1}>
            Optional: an AI endpoint
          </h1>
          <p>Any OpenAI-compatible endpoint makes summaries and live guidance richer. Without one, the built-in offline engine does the work.</p>
          <AiSettings />
        </div>
      )}
      {step === 4 && (
        <div className="onboarding-extras" data-testid="onboarding-sync">
          <h1 id="onboarding-title" tabIndex={-1}>
            Optional: sync with your team
          </h1>
          <p>Sign in to a LiveConvo sync server to use your meetings on several devices and share them with your organization.</p>
          <SyncSettings />
        </div>
      )}
      {step === 5 && (
        <div className="panel">
          <h1 id="onboarding-title" tabIndex={-1}>
            You are ready
          </h1>
          <p>
            Start with <strong>Record now</strong> on the home screen, or prepare a session from a template. Change the engine, the theme, the AI endpoint
            and more in{' '}
            <a href={formatRoute({ name: 'settings' })} onClick={markOnboarded}>
              Settings
            </a>
            .
          </p>
        </div>
      )}
      <div className="form-actions onboarding-actions">
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)} data-testid="onboarding-back">
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
