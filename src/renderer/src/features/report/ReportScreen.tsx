/** The report of a finished session (tabs arrive as the copilot channels land). */
export default function ReportScreen({ id }: { id: string }) {
  return (
    <section className="screen" data-testid="report-screen" data-session-id={id}>
      <h1>Report</h1>
    </section>
  );
}
