import { create } from 'zustand';

const STORAGE_KEY = 'liveconvo.micDeviceId';

interface AudioDeviceState {
  /** Chosen microphone deviceId; '' = system default. */
  deviceId: string;
  setDeviceId(deviceId: string): void;
}

/** The microphone choice, stored per device. */
export const useAudioDevice = create<AudioDeviceState>((set) => ({
  deviceId: localStorage.getItem(STORAGE_KEY) ?? '',
  setDeviceId(deviceId) {
    localStorage.setItem(STORAGE_KEY, deviceId);
    set({ deviceId });
  },
}));
