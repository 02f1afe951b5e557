import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorToasts } from './ErrorToasts';
import { MAX_TOASTS, rejectionToast, useErrorToasts, watchErrorToasts } from './error-toasts';

const event = (message: string, repeated = 0) => ({ code: 'internal', message, repeated, at: 1 });

describe('background error toasts', () => {
  afterEach(() => useErrorToasts.setState({ toasts: [] }));

  it('keeps only the newest few and dismisses one at a time', () => {
    for (let i = 1; i <= MAX_TOASTS + 2; i += 1) useErrorToasts.getState().add(event(`failure ${i}`));
    const { toasts } = useErrorToasts.getState();
    expect(toasts.map((t) => t.message)).toEqual(['failure 3', 'failure 4', 'failure 5']);
    useErrorToasts.getState().dismiss(toasts[1]?.id ?? -1);
    expect(useErrorToasts.getState().toasts.map((t) => t.message)).toEqual(['failure 3', 'failure 5']);
  });

  it('renders each toast as an alert with a dismiss button and the folded count', () => {
    const view = render(<ErrorToasts />);
    act(() => {
      useErrorToasts.getState().add(event('Something went wrong in the background (TypeError).', 2));
    });
    const alert = view.getByRole('alert');
    expect(alert.textContent).toContain('TypeError');
    expect(alert.textContent).toContain('and 2 more like it');
    fireEvent.click(view.getByRole('button', { name: 'Dismiss this message' }));
    expect(view.queryByRole('alert')).toBeNull();
  });

  it('tells the user when the sync server refused a local write that was rolled back', () => {
    // The preload bridge is the renderer's only way in; this one just records the listeners.
    const listeners = new Map<string, (payload: unknown) => void>();
    const bridge = {
      invoke: () => Promise.resolve({ ok: true, value: undefined }),
      on: (event: string, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
      sendAudio: () => false,
    };
    Object.assign(window, { liveconvo: bridge });
    const stop = watchErrorToasts();
    try {
      listeners.get('sync.mutationRejected')?.({
        table: 'smart_notes',
        rowId: 'n1',
        op: 'update',
        code: 'sync.mutation_expired',
        message: 'This change was first sent more than 30 days ago; it was not applied again',
      });
      const [toast] = useErrorToasts.getState().toasts;
      expect(toast?.code).toBe('sync.mutation_expired');
      expect(toast?.message).toBe(
        'The server refused a note (edited) and it was undone on this device: This change was first sent more than 30 days ago; it was not applied again',
      );
    } finally {
      stop();
    }
    expect(listeners.size).toBe(0);
  });

  it('words a refusal of an unlisted table or without a message generically', () => {
    expect(rejectionToast({ table: 'calendar_events', rowId: 'x', op: 'insert', code: 'auth.forbidden', message: '  ' }, 5)).toEqual({
      code: 'auth.forbidden',
      message: 'The server refused an item (new) and it was undone on this device: auth.forbidden',
      repeated: 0,
      at: 5,
    });
  });
});
