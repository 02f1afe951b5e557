import { useAppearance, type Appearance } from './theme';

const OPTIONS: { value: Appearance; label: string }[] = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light / dark / system theme. */
export function AppearanceSettings() {
  const { appearance, setAppearance } = useAppearance();
  return (
    <section className="panel settings-section" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance</h2>
      <fieldset className="radio-row">
        <legend className="visually-hidden">Theme</legend>
        {OPTIONS.map((option) => (
          <label key={option.value}>
            <input type="radio" name="appearance" value={option.value} checked={appearance === option.value} onChange={() => setAppearance(option.value)} data-testid={`appearance-${option.value}`} />
            {option.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
