import { create } from 'zustand';
import type { Guidance } from '../../../../shared/ipc/contracts/copilot';
import { errorMessage } from '../../app/format';
import { hasChannel, invokeOptional, onOptional } from '../../ipc';

type Feedback = { displayed?: boolean; clicked?: boolean; dismissed?: boolean; user_feedback?: 'helpful' | 'not_helpful' | null };

interface GuidanceState {
  sessionId: string | null;
  isAvailable: boolean;
  cards: Guidance[];
  error: string | null;
  open(sessionId: string): Promise<void>;
  feedback(id: string, feedback: Feedback): Promise<void>;
}

/** Live guidance cards of the open session (newest first), with feedback. */
export const useGuidance = create<GuidanceState>((set, get) => ({
  sessionId: null,
  isAvailable: hasChannel('guidance.list'),
  cards: [],
  error: null,
  async open(sessionId) {
    set({ sessionId, cards: [], error: null });
    if (!get().isAvailable) return;
    try {
      const cards = await invokeOptional<Guidance[]>('guidance.list', { session_id: sessionId });
      if (get().sessionId === sessionId) set({ cards: [...cards].sort((a, b) => b.created_at - a.created_at) });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async feedback(id, feedback) {
    const before = get().cards;
    // Optimistic: the card reacts at once; the stored row replaces it.
    set({ cards: before.map((c) => (c.id === id ? applyFeedback(c, feedback) : c)) });
    try {
      const updated = await invokeOptional<Guidance>('guidance.feedback', { id, ...feedback });
      set({ cards: get().cards.map((c) => (c.id === id ? updated : c)) });
    } catch (error) {
      set({ cards: before, error: errorMessage(error) });
    }
  },
}));

function applyFeedback(card: Guidance, feedback: Feedback): Guidance {
  return {
    ...card,
    was_displayed: feedback.displayed ?? card.was_displayed,
    was_clicked: feedback.clicked ?? card.was_clicked,
    was_dismissed: feedback.dismissed ?? card.was_dismissed,
    user_feedback: feedback.user_feedback === undefined ? card.user_feedback : feedback.user_feedback,
  };
}

/** Adds pushed guidance cards for the open session. */
export function watchGuidance(): () => void {
  return onOptional<Guidance>('guidance.added', (card) => {
    const state = useGuidance.getState();
    if (card.session_id !== state.sessionId || state.cards.some((c) => c.id === card.id)) return;
    useGuidance.setState({ cards: [card, ...state.cards] });
  });
}
