/** A screen that this build does not have yet: say so plainly, and where to go instead. */
export function NotYetScreen({ title }: { title: string }) {
  return (
    <section aria-labelledby="not-yet-title" className="screen">
      <header className="screen-header">
        <h1 id="not-yet-title">{title}</h1>
      </header>
      <div className="empty-state">
        <p>{title} is not available in this version of Switchboard yet.</p>
        <p className="muted">The Dashboard shows what the node is doing now.</p>
      </div>
    </section>
  );
}
