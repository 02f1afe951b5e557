import { useId, useState, type DragEvent } from 'react';
import { ACCEPTED_DOCUMENTS } from './upload';

/** A drop area with a file button: drag documents in, or choose them. */
export function DropZone({ onFiles, isDisabled = false }: { onFiles: (files: File[]) => void; isDisabled?: boolean }) {
  const [isOver, setOver] = useState(false);
  const inputId = useId();

  function handleDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setOver(false);
    if (!isDisabled) onFiles([...event.dataTransfer.files]);
  }

  return (
    <div
      className={`drop-zone${isOver ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={handleDrop}
      data-testid="drop-zone"
    >
      <span>Drop PDF, DOCX, TXT or Markdown files here, or</span>
      <label htmlFor={inputId} className="button">
        Choose files
      </label>
      <input
        id={inputId}
        type="file"
        multiple
        accept={ACCEPTED_DOCUMENTS}
        className="visually-hidden"
        disabled={isDisabled}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
        data-testid="document-input"
      />
    </div>
  );
}
