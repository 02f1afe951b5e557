import { AiSettings } from './AiSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { AudioDeviceSettings } from './AudioDeviceSettings';
import { DataSettings } from './DataSettings';
import { EnginesSettings } from './EnginesSettings';
import { SearchIndexSettings } from './SearchIndexSettings';
import { ShortcutsSettings } from './ShortcutsSettings';
import { SyncSettings } from './SyncSettings';

/** Settings: appearance, account, AI endpoint, audio, engines and models, search index, shortcuts, data. */
export default function SettingsScreen() {
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
        <DataSettings />
      </div>
    </section>
  );
}
