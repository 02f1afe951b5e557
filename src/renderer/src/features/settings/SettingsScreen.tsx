/** Settings. */
export default function SettingsScreen() {
  return (
    <section className="screen" data-testid="settings-screen">
      <h1>Settings</h1>
    </section>
  );
}
