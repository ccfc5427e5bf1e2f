import { useState } from 'react';
import { messageOf } from './errors';

type Outcome = { ok: true; text: string } | { ok: false; title: string; text: string };

/** Runs one request at a time and keeps its outcome for the operator to read. */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = (name: string, request: () => Promise<string>) => {
    setBusy(name);
    setOutcome(null);
    request().then(
      (text) => {
        setBusy(null);
        setOutcome({ ok: true, text });
      },
      (error: unknown) => {
        setBusy(null);
        setOutcome({ ok: false, title: `${name} failed`, text: messageOf(error) });
      },
    );
  };
  return { busy, outcome, run, clear: () => setOutcome(null) };
}

