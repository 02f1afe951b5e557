import { useEffect, useState } from 'react';
import type { IpcOutput } from '../../../../shared/ipc/contract';
import { errorMessage } from '../../app/format';
import { formatRoute } from '../../app/route';
import { invoke } from '../../ipc';
import { AiSettings } from './AiSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { AudioDeviceSettings } from './AudioDeviceSettings';
import { EnginesSettings } from './EnginesSettings';
import { SearchIndexSettings } from './SearchIndexSettings';
import { ShortcutsSettings } from './ShortcutsSettings';
import { SyncSettings } from './SyncSettings';

/** Settings: appearance, AI endpoint, engines, search index, data. */
export default function SettingsScreen() {
  const [info, setInfo] = useState<IpcOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    invoke('app.info', {}).then(setInfo, (caught: unknown) => setError(errorMessage(caught)));
  }, []);

  return (
    <section className="screen narrow" aria-labelledby="settings-title" data-testid="settings-screen">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-sections">
        <AppearanceSettings />
        <SyncSettings />
        <AiSettings />
        <AudioDeviceSettings />
        <EnginesSettings />
        <SearchIndexSettings />
        <ShortcutsSettings />
        <section className="panel settings-section" aria-labelledby="data-heading" data-testid="data-settings">
          <h2 id="data-heading">Data</h2>
          {info ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd>{info.version}</dd>
              <dt>Running as</dt>
              <dd>{info.host === 'electron' ? 'Desktop app' : 'Web mode'}</dd>
              <dt>Data folder</dt>
              <dd>
                <code data-testid="data-dir">{info.dataDir}</code>
              </dd>
            </dl>
          ) : error ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
          <p className="hint">Export and delete-all are not available in this build yet.</p>
          <a className="button" href={formatRoute({ name: 'onboarding' })} data-testid="replay-onboarding">
            Show the welcome tour again
          </a>
        </section>
      </div>
    </section>
  );
}
