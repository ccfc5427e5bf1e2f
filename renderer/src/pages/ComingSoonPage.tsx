import { PageHeader } from '../components/PageHeader';

export interface ComingSoonProps {
  title: string;
  summary: string;
  items: readonly string[];
}

export function ComingSoonPage({ title, summary, items }: ComingSoonProps) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <section className="coming-soon" data-testid="coming-soon" aria-label={`${title}: coming soon`}>
        <p className="coming-soon-tag">Coming soon</p>
        <p className="coming-soon-summary">{summary}</p>
        <ul className="coming-soon-list">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export const comingSoon = {
  monitoring: {
    title: 'Monitoring',
    summary: 'The live and stored event log of every device and of the console itself.',
    items: [
      'Access granted and denied, doors opened, devices connecting and dropping',
      'User updates from devices and from the console, and anything that failed to save',
      'Filter, search, pause the live tail, and export',
    ],
  },
} as const satisfies Record<string, ComingSoonProps>;
