import { create } from 'zustand';
import type { CollaborativeActionItem, CustomReport, Summary, TimelineEvent } from '../../../../shared/ipc/contracts/copilot';
import { errorMessage } from '../../app/format';
import { hasChannel, invokeOptional, onOptional } from '../../ipc';

/** One part of the report: channels may be missing in a build, so "unavailable" is a state. */
export type Part<T> =
  | { state: 'unavailable' }
  | { state: 'loading' }
  | { state: 'error'; error: string }
  | { state: 'ready'; value: T };

interface ReportState {
  sessionId: string | null;
  summary: Part<Summary | null>;
  reports: Part<CustomReport[]>;
  timeline: Part<TimelineEvent[]>;
  actionItems: Part<CollaborativeActionItem[]>;
  isGeneratingSummary: boolean;
  isGeneratingReport: boolean;
  actionError: string | null;
  open(id: string): Promise<void>;
  loadSummary(): Promise<void>;
  generateSummary(): Promise<void>;
  generateReport(input: { template: string } | { prompt: string }): Promise<CustomReport | null>;
  setActionItemDone(item: CollaborativeActionItem, isDone: boolean): Promise<void>;
}

async function loadPart<T>(channel: string, sessionId: string): Promise<Part<T>> {
  if (!hasChannel(channel)) return { state: 'unavailable' };
  try {
    return { state: 'ready', value: await invokeOptional<T>(channel, { session_id: sessionId }) };
  } catch (error) {
    return { state: 'error', error: errorMessage(error) };
  }
}

/** The report of one session: summary, custom reports, timeline and action items. */
export const useReport = create<ReportState>((set, get) => ({
  sessionId: null,
  summary: { state: 'loading' },
  reports: { state: 'loading' },
  timeline: { state: 'loading' },
  actionItems: { state: 'loading' },
  isGeneratingSummary: false,
  isGeneratingReport: false,
  actionError: null,
  async open(id) {
    set({ sessionId: id, summary: { state: 'loading' }, reports: { state: 'loading' }, timeline: { state: 'loading' }, actionItems: { state: 'loading' }, actionError: null });
    const [summary, reports, timeline, actionItems] = await Promise.all([
      loadPart<Summary | null>('summaries.get', id),
      loadPart<CustomReport[]>('reports.list', id),
      loadPart<TimelineEvent[]>('timeline.list', id),
      loadPart<CollaborativeActionItem[]>('actionItems.list', id),
    ]);
    if (get().sessionId === id) set({ summary, reports, timeline, actionItems });
  },
  async loadSummary() {
    const id = get().sessionId;
    if (!id) return;
    const [summary, timeline, actionItems] = await Promise.all([
      loadPart<Summary | null>('summaries.get', id),
      loadPart<TimelineEvent[]>('timeline.list', id),
      loadPart<CollaborativeActionItem[]>('actionItems.list', id),
    ]);
    if (get().sessionId === id) set({ summary, timeline, actionItems });
  },
  async generateSummary() {
    const id = get().sessionId;
    if (!id) return;
    set({ isGeneratingSummary: true, actionError: null });
    try {
      await invokeOptional<Summary>('summaries.generate', { session_id: id });
      await get().loadSummary();
    } catch (error) {
      set({ actionError: errorMessage(error) });
    } finally {
      set({ isGeneratingSummary: false });
    }
  },
  async generateReport(input) {
    const id = get().sessionId;
    if (!id) return null;
    set({ isGeneratingReport: true, actionError: null });
    try {
      const report = await invokeOptional<CustomReport>('reports.generate', { session_id: id, ...input });
      const current = get().reports;
      set({ reports: { state: 'ready', value: [report, ...(current.state === 'ready' ? current.value.filter((r) => r.id !== report.id) : [])] } });
      return report;
    } catch (error) {
      set({ actionError: errorMessage(error) });
      return null;
    } finally {
      set({ isGeneratingReport: false });
    }
  },
  async setActionItemDone(item, isDone) {
    try {
      const updated = await invokeOptional<CollaborativeActionItem>('actionItems.update', { id: item.id, patch: { status: isDone ? 'completed' : 'pending' } });
      const current = get().actionItems;
      if (current.state === 'ready') set({ actionItems: { state: 'ready', value: current.value.map((a) => (a.id === item.id ? updated : a)) } });
    } catch (error) {
      set({ actionError: errorMessage(error) });
    }
  },
}));

/** Reloads the summary when the core reports a generation status change for the open session. */
export function watchReport(): () => void {
  return onOptional<{ session_id: string }>('summaries.changed', (change) => {
    if (change.session_id === useReport.getState().sessionId) void useReport.getState().loadSummary();
  });
}
