import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorToasts } from './ErrorToasts';
import { MAX_TOASTS, useErrorToasts } from './error-toasts';

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
});
