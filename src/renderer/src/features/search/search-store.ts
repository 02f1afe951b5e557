import { create } from 'zustand';
import type { SearchHit } from '../../../../shared/ipc/contracts/search';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';

interface SearchState {
  query: string;
  conversationType: string;
  hits: SearchHit[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  tookMs: number | null;
  isKeywordOnly: boolean;
  run(query: string, conversationType: string): Promise<void>;
}

let latest = 0;

/** Hybrid search across every meeting; only the newest query's answer is kept. */
export const useSearch = create<SearchState>((set) => ({
  query: '',
  conversationType: '',
  hits: [],
  status: 'idle',
  error: null,
  tookMs: null,
  isKeywordOnly: false,
  async run(query, conversationType) {
    const ticket = ++latest;
    set({ query, conversationType });
    if (!query.trim()) {
      set({ hits: [], status: 'idle', error: null, tookMs: null });
      return;
    }
    set({ status: 'loading', error: null });
    try {
      const result = await invoke('search.query', {
        query: query.trim(),
        limit: 30,
        ...(conversationType ? { conversation_type: conversationType } : {}),
      });
      if (ticket !== latest) return;
      set({ hits: result.hits, status: 'ready', tookMs: result.took_ms, isKeywordOnly: result.is_keyword_only });
    } catch (error) {
      if (ticket === latest) set({ status: 'error', error: errorMessage(error) });
    }
  },
}));
