import { useEffect, useState } from 'react';
import { formatDuration } from '../../app/format';
import { formatRoute } from '../../app/route';
import { ChecklistPanel } from '../live/ChecklistPanel';
import { useLive } from '../live/live-store';
import { NotesPanel } from '../live/NotesPanel';
import { DeleteSessionButton } from '../sessions/DeleteSessionButton';
import { StatusBadge } from '../sessions/StatusBadge';
import { ActionItemsTab } from './ActionItemsTab';
import { CustomReportsTab } from './CustomReportsTab';
import { ReportActions } from './ReportActions';
import { useReport, watchReport } from './report-store';
import { SummaryTab } from './SummaryTab';
import { Tabs, type TabDef } from './Tabs';
import { TimelineTab } from './TimelineTab';
import { TranscriptTab } from './TranscriptTab';
import { ScreenError, ScreenLoading } from '../../app/ScreenStatus';

/** The report of a finished session: summary, notes, action items, transcript, custom reports, timeline. */
export default function ReportScreen({ id }: { id: string }) {
  const { session, status, error, open } = useLive();
  const { open: openReport, actionError } = useReport();
  const [tab, setTab] = useState('summary');
  const [moment, setMoment] = useState<number | undefined>(undefined);

  useEffect(() => {
    void open(id);
    void openReport(id);
    return watchReport();
  }, [id, open, openReport]);

  if (status === 'error') return <ScreenError testId="report-screen" what="report" error={error} />;
  if (!session) return <ScreenLoading testId="report-screen" what="report" />;

  const tabs: TabDef[] = [
    { id: 'summary', label: 'Summary', render: () => <SummaryTab sessionTitle={session.title} /> },
    {
      id: 'notes',
      label: 'Notes',
      render: () => (
        <div className="two-columns">
          <NotesPanel />
          <ChecklistPanel />
        </div>
      ),
    },
    { id: 'actions', label: 'Action items', render: () => <ActionItemsTab /> },
    { id: 'transcript', label: 'Transcript', render: () => <TranscriptTab sessionId={session.id} {...(moment === undefined ? {} : { momentSeconds: moment })} /> },
    { id: 'reports', label: 'Custom reports', render: () => <CustomReportsTab /> },
    {
      id: 'timeline',
      label: 'Timeline',
      render: () => (
        <TimelineTab
          onOpenMoment={(seconds) => {
            setMoment(seconds);
            setTab('transcript');
          }}
        />
      ),
    },
  ];

  return (
    <section className="screen report" aria-labelledby="report-title" data-testid="report-screen" data-session-id={session.id}>
      <header className="screen-header">
        <div>
          <h1 id="report-title" data-testid="report-heading">
            {session.title}
          </h1>
          <div className="live-meta">
            <StatusBadge status={session.status} />
            <span className="capitalize">{session.conversation_type ?? 'General'}</span>
            <span>{new Date(session.recording_started_at ?? session.created_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</span>
            <span>{formatDuration(session.recording_duration_seconds)}</span>
            <a href={formatRoute({ name: 'session', id: session.id })}>Session view</a>
            <DeleteSessionButton sessionId={session.id} title={session.title} />
          </div>
        </div>
        <ReportActions sessionId={session.id} />
      </header>
      {actionError && (
        <p className="error-text" role="alert">
          {actionError}
        </p>
      )}
      <Tabs tabs={tabs} active={tab} onChange={setTab} label="Report sections" />
    </section>
  );
}
