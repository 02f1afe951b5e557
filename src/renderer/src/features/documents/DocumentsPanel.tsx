import { useEffect, useState } from 'react';
import type { DocumentInfo } from '../../../../shared/ipc/contracts/documents';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';
import { DropZone } from './DropZone';
import { uploadDocument } from './upload';

const STATUS_TEXT: Record<DocumentInfo['processing_status'], string> = { pending: 'Waiting', processing: 'Reading', completed: 'Ready', failed: 'Failed' };

/** A session's documents with live processing progress, and a drop zone for more. */
export function DocumentsPanel({ sessionId }: { sessionId: string }) {
  const [documents, setDocuments] = useState<DocumentInfo[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [isUploading, setUploading] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    const reload = () =>
      invoke('documents.list', { session_id: sessionId }).then(
        (list) => isCurrent && setDocuments(list),
        (caught: unknown) => isCurrent && setError(errorMessage(caught)),
      );
    void reload();
    const off = on('documents.changed', (change) => {
      if (change.session_id !== sessionId) return;
      setProgress((p) => ({ ...p, [change.id]: change.progress }));
      if (change.processing_status === 'completed' || change.processing_status === 'failed') void reload();
      else setDocuments((list) => list.map((d) => (d.id === change.id ? { ...d, processing_status: change.processing_status } : d)));
    });
    return () => {
      isCurrent = false;
      off();
    };
  }, [sessionId]);

  async function handleFiles(files: File[]): Promise<void> {
    setUploading(true);
    setError(null);
    try {
      for (const file of files) {
        const document = await uploadDocument(sessionId, file);
        setDocuments((list) => [...list.filter((d) => d.id !== document.id), document]);
      }
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setUploading(false);
    }
  }

  async function handleDelete(id: string): Promise<void> {
    try {
      await invoke('documents.delete', { id });
      setDocuments((list) => list.filter((d) => d.id !== id));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="panel" aria-labelledby="documents-heading" data-testid="documents-panel">
      <h2 id="documents-heading">Documents</h2>
      {documents.length > 0 && (
        <ul className="documents">
          {documents.map((d) => (
            <li key={d.id} data-testid="document-item" data-status={d.processing_status}>
              <span className="document-name">{d.original_filename}</span>
              <span className={`muted document-status status-${d.processing_status}`}>
                {d.processing_status === 'processing' && progress[d.id] !== undefined ? `Reading ${Math.round((progress[d.id] ?? 0) * 100)}%` : STATUS_TEXT[d.processing_status]}
              </span>
              <button type="button" className="icon-button" aria-label={`Remove ${d.original_filename}`} onClick={() => void handleDelete(d.id)}>
                ×
              </button>
              {d.processing_error && <span className="error-text document-error">{d.processing_error}</span>}
            </li>
          ))}
        </ul>
      )}
      <DropZone onFiles={(files) => void handleFiles(files)} isDisabled={isUploading} />
      {isUploading && (
        <p className="muted" role="status">
          Uploading…
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
