import { AppError } from '../../../../shared/errors';
import { useAudioDevice } from './audio-device';
import workletUrl from './pcm-worklet.ts?worker&url';

/** A running microphone capture. */
export interface MicCapture {
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** Callbacks of a capture: 100 ms frames of 16 kHz Int16 and their RMS level (0..1). */
export interface MicCaptureHandlers {
  onFrame(samples: Int16Array): void;
  onLevel(level: number): void;
}

/**
 * Opens the microphone and streams 16 kHz mono Int16 frames through an AudioWorklet.
 * @throws AppError('audio.permission_denied') when the user or the OS refuses the microphone.
 */
export async function startMicCapture(handlers: MicCaptureHandlers): Promise<MicCapture> {
  let stream: MediaStream;
  try {
    const { deviceId } = useAudioDevice.getState();
    const audio = { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { ...audio, deviceId: { exact: deviceId } } : audio });
    } catch (error) {
      // A chosen microphone that was unplugged falls back to the system default.
      if (!deviceId || !(error instanceof DOMException) || (error.name !== 'OverconstrainedError' && error.name !== 'NotFoundError')) throw error;
      stream = await navigator.mediaDevices.getUserMedia({ audio });
    }
  } catch (error) {
    throw new AppError('audio.permission_denied', 'LiveConvo could not open the microphone. Allow microphone access and try again.', { cause: error });
  }
  // Ask for 16 kHz so the browser's resampler does the work; the worklet adapts to any rate.
  const context = new AudioContext({ sampleRate: 16_000, latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw new AppError('audio.invalid', 'The audio processor could not start', { cause: error });
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'liveconvo-pcm', { numberOfInputs: 1, numberOfOutputs: 0 });
  node.port.onmessage = (event: MessageEvent<{ samples: Int16Array; level: number }>) => {
    handlers.onFrame(event.data.samples);
    handlers.onLevel(event.data.level);
  };
  source.connect(node);
  if (context.state === 'suspended') await context.resume();

  return {
    pause: () => node.port.postMessage({ type: 'pause' }),
    resume: () => node.port.postMessage({ type: 'resume' }),
    async stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      for (const track of stream.getTracks()) track.stop();
      await context.close();
    },
  };
}
