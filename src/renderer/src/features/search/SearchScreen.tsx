/** Search across every meeting. */
export default function SearchScreen({ q }: { q: string }) {
  return (
    <section className="screen" data-testid="search-screen">
      <h1>Search</h1>
      <p>{q}</p>
    </section>
  );
}
