'use strict';
// Sends --count records to a forward server with @fluent-org/logger, a real third-party client: shared-key
// handshake, ack per chunk. Prints {"sent": n} on success; on failure prints the client's error and exits 1.
// Usage: node send.js --port P --shared-key K --client-hostname H [--host 127.0.0.1] [--count 10]
//        [--tag sluice.test] [--mode Message|Forward|PackedForward|CompressedPackedForward] [--ack-timeout 10000]
//        [--ca server.crt [--servername localhost]] [--username U --password P]
const fs = require('fs');
const { FluentClient } = require('@fluent-org/logger');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`bad argument: ${argv[i]}`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const count = Number(args.count || '10');
  const ackTimeout = Number(args['ack-timeout'] || '10000');
  const security = { clientHostname: args['client-hostname'], sharedKey: args['shared-key'] };
  if (args.username) {
    security.username = args.username;
    security.password = args.password;
  }
  const socket = {
    host: args.host || '127.0.0.1',
    port: Number(args.port),
    // One attempt: a refused handshake must fail this run, not be retried forever.
    disableReconnect: true,
  };
  if (args.ca) {
    socket.tls = { ca: fs.readFileSync(args.ca), servername: args.servername || 'localhost' };
  }
  const client = new FluentClient(args.tag || 'sluice.test', {
    eventMode: args.mode || 'PackedForward',
    socket,
    security,
    ack: { ackTimeout },
  });
  // A refused handshake closes the socket for good without settling the pending sends: fail on the error.
  const failed = new Promise((resolve, reject) => client.socketOn('error', reject));
  // disableReconnect also turns off connecting in the constructor.
  await Promise.race([client.connect(), failed]);
  const sends = [];
  for (let i = 0; i < count; i++) {
    sends.push(client.emit({ seq: i, message: `record ${i}` }));
  }
  // With ack on, each promise settles only once the server acked the chunk holding the record.
  await Promise.race([Promise.all(sends), failed]);
  // Only after success: after a fatal socket error shutdown() waits for the unsent events forever.
  await client.shutdown();
  process.stdout.write(JSON.stringify({ sent: count }) + '\n');
  process.exitCode = 0;
}

// Should the event loop drain with a send never settled, node would exit 0: count that as a failure.
process.exitCode = 1;

main().catch((error) => {
  process.stderr.write(`${error && error.name}: ${error && error.message}\n`);
  process.exit(1);
});
