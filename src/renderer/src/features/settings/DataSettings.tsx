import { useEffect, useRef, useState } from 'react';
import type { IpcOutput } from '../../../../shared/ipc/contract';
import type { DataExportResult } from '../../../../shared/ipc/contracts/data';
import { errorMessage } from '../../app/format';
import { formatRoute } from '../../app/route';
import { invoke } from '../../ipc';
import { useSessions } from '../sessions/sessions-store';

/** Settings → Data: where data lives, export everything, delete everything (after a confirm dialog). */
export function DataSettings() {
  const [info, setInfo] = useState<IpcOutput<'app.info'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<DataExportResult | null>(null);
  const [deletedSessions, setDeletedSessions] = useState<number | null>(null);
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    invoke('app.info', {}).then(setInfo, (caught: unknown) => setError(errorMessage(caught)));
  }, []);

  async function handleExport(): Promise<void> {
    setBusy('export');
    try {
      setExported(await invoke('data.exportAll', {}));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  async function handleDelete(): Promise<void> {
    dialog.current?.close();
    setBusy('delete');
    try {
      const { deleted } = await invoke('data.deleteAll', { confirm: true });
      setDeletedSessions(deleted['sessions'] ?? 0);
      setExported(null);
      setError(null);
      await useSessions.getState().load();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel settings-section" aria-labelledby="data-heading" data-testid="data-settings">
      <h2 id="data-heading">Data</h2>
      {info ? (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running as</dt>
          <dd>{info.host === 'electron' ? 'Desktop app' : 'Web mode'}</dd>
          <dt>Data folder</dt>
          <dd>
            <code data-testid="data-dir">{info.dataDir}</code>
          </dd>
        </dl>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      <div className="data-actions">
        <button type="button" onClick={() => void handleExport()} disabled={busy !== null} data-testid="export-all">
          {busy === 'export' ? 'Exporting…' : 'Export all data'}
        </button>
        <button type="button" className="danger" onClick={() => dialog.current?.showModal()} disabled={busy !== null} data-testid="delete-all">
          {busy === 'delete' ? 'Deleting…' : 'Delete all data…'}
        </button>
        <a className="button" href={formatRoute({ name: 'onboarding' })} data-testid="replay-onboarding">
          Show the welcome tour again
        </a>
      </div>
      {exported && (
        <p className="ok-text" role="status" data-testid="export-result">
          Exported {exported.sessions} {exported.sessions === 1 ? 'session' : 'sessions'} as Markdown plus data.json to <code>{exported.path}</code>
        </p>
      )}
      {deletedSessions !== null && (
        <p className="ok-text" role="status" data-testid="delete-result">
          Deleted {deletedSessions} {deletedSessions === 1 ? 'session' : 'sessions'} and everything in them. Built-in templates and settings were kept.
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="delete-all-title" data-testid="delete-all-dialog">
        <h3 id="delete-all-title">Delete all data?</h3>
        <p>Every session, transcript, note, summary, document and your own templates will be removed from this computer. This cannot be undone; export first if you want a copy.</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()} autoFocus data-testid="delete-all-cancel">
            Keep my data
          </button>
          <button type="button" className="danger" onClick={() => void handleDelete()} data-testid="delete-all-confirm">
            Delete everything
          </button>
        </div>
      </dialog>
    </section>
  );
}
