import { useEffect, useId, useState } from 'react';
import { useAudioDevice } from '../audio/audio-device';

/** Chooses the microphone LiveConvo records from (labels appear once access was granted). */
export function AudioDeviceSettings() {
  const { deviceId, setDeviceId } = useAudioDevice();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const selectId = useId();

  useEffect(() => {
    const refresh = () => void navigator.mediaDevices.enumerateDevices().then((all) => setDevices(all.filter((d) => d.kind === 'audioinput')));
    refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, []);

  return (
    <section className="panel settings-section" aria-labelledby="audio-heading" data-testid="audio-settings">
      <h2 id="audio-heading">Audio devices</h2>
      <div className="field">
        <label htmlFor={selectId}>Microphone</label>
        <select id={selectId} value={deviceId} onChange={(e) => setDeviceId(e.target.value)} data-testid="mic-device">
          <option value="">System default</option>
          {devices
            .filter((d) => d.deviceId && d.deviceId !== 'default')
            .map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `Microphone ${i + 1}`}
              </option>
            ))}
        </select>
        <p className="hint">System audio (the other side of the call) is captured by the desktop app.</p>
      </div>
    </section>
  );
}
