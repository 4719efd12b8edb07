// The floors of bench:load: a bare socket.io server, no database, no validation, in a process of its own like
// tori-server. `ack` answers every answer event at once; `broadcast` also sends every one to every client.
// Prints its address as one line of JSON, then runs until it is killed.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const mode = process.argv[2];
if (mode !== 'ack' && mode !== 'broadcast') {
  process.stderr.write('usage: node bare-server.mjs ack|broadcast\n');
  process.exit(2);
}

const http = createServer();
const io = new Server(http, { serveClient: false });
let votes = 0;

io.on('connection', (socket) => {
  socket.on('space:join', (payload, ack) => {
    socket.join('space');
    ack?.({ ok: true });
  });
  socket.on('appearance:answer', (payload, ack) => {
    votes += 1;
    ack?.({ ok: true, appearanceId: payload?.appearanceId, kind: 'vote', duplicate: false, answeredByYou: votes });
    if (mode === 'broadcast') {
      // The event itself, small: what a screen would get if every vote were pushed to it as it came.
      io.to('space').emit('results', { spaceId: 'load', results: { votes } });
    }
  });
});

http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: http.address().port })}\n`);
});
