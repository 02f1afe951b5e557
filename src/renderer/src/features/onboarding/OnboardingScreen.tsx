/** First-run onboarding. */
export default function OnboardingScreen() {
  return (
    <section className="screen" data-testid="onboarding-screen">
      <h1>Welcome</h1>
    </section>
  );
}
