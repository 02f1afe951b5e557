const SHORTCUTS: [keys: string, action: string][] = [
  ['Alt+1', 'Sessions'],
  ['Alt+N', 'New session'],
  ['Alt+F', 'Search'],
  ['Alt+,', 'Settings'],
  ['Alt+R', 'Start recording the open session'],
  ['Alt+P', 'Pause or resume the recording'],
  ['Alt+S', 'Stop the recording'],
  ['← →, Home, End', 'Move between report tabs'],
];

/** The keyboard shortcuts (global desktop shortcuts are set in the desktop app). */
export function ShortcutsSettings() {
  return (
    <section className="panel settings-section" aria-labelledby="shortcuts-heading" data-testid="shortcuts-settings">
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <dl className="facts">
        {SHORTCUTS.map(([keys, action]) => (
          <div key={keys} className="shortcut-row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
