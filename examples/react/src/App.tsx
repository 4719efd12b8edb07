// The npm-install path: importing the define module registers <idea-duel>; the class and event types come along.
import '@tori/idea-duel/define';
import { useEffect, useState } from 'react';
import type { ToriClient } from '@tori/core';
import type { IdeaDuelVoteDetail } from '@tori/idea-duel';

export function App({ server, space }: { server?: string; space: string }) {
  const [mode, setMode] = useState<'vote' | 'results'>('vote');
  const [votes, setVotes] = useState<IdeaDuelVoteDetail[]>([]);
  const [skips, setSkips] = useState(0);
  const [client, setClient] = useState<ToriClient>();

  useEffect(() => {
    // Without a server, the in-memory fixture (loaded only then, so a real build does not carry it).
    if (server) return;
    void import('@tori/core/fixtures').then(({ createFixtureClient }) => setClient(createFixtureClient()));
  }, [server]);

  const last = votes.at(-1);
  return (
    <main>
      <h1>Which theme first?</h1>
      <p>
        <button type="button" onClick={() => setMode(mode === 'vote' ? 'results' : 'vote')}>
          {mode === 'vote' ? 'Show the ranking' : 'Back to voting'}
        </button>
      </p>
      <h2>Your choice</h2>
      {(server || client) && (
        <idea-duel
          server={server}
          space={space}
          client={client}
          mode={mode}
          headingLevel={3}
          lang="en"
          ontori-vote={(event) => setVotes((list) => [...list, event.detail])}
          ontori-skip={() => setSkips((count) => count + 1)}
        />
      )}
      <p role="status" data-testid="votes">
        {votes.length} {votes.length === 1 ? 'vote' : 'votes'}, {skips} skipped
        {last && `; last winner ${last.winnerId}${last.queued ? ' (waiting offline)' : ''}`}
      </p>
    </main>
  );
}
