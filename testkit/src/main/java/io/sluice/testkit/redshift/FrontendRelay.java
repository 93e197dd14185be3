package io.sluice.testkit.redshift;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Copies a client's messages to the server after startup, passing the SQL of every Query ('Q') and Parse ('P')
 * message through the rewriter and letting {@link NamedCopyGuard} check Bind ('B') messages; every other message
 * goes through unchanged.
 */
final class FrontendRelay {

  private static final int QUERY = 'Q';
  private static final int PARSE = 'P';
  private static final int BIND = 'B';
  private static final int CLOSE = 'C';
  private static final int TERMINATE = 'X';
  private static final byte CLOSE_STATEMENT = 'S';

  private final DataInputStream client;
  private final DataOutputStream server;
  private final UnaryOperator<String> rewriter;
  private final NamedCopyGuard namedCopies = new NamedCopyGuard();

  FrontendRelay(DataInputStream client, DataOutputStream server, UnaryOperator<String> rewriter) {
    this.client = client;
    this.server = server;
    this.rewriter = rewriter;
  }

  /** Relays until the client terminates or disconnects. */
  void run() throws IOException {
    while (true) {
      int type = client.read();
      if (type < 0) {
        return;
      }
      int length = client.readInt();
      if (length < 4) {
        throw new IOException("Invalid length " + length + " for message '" + (char) type + "'");
      }
      byte[] body = new byte[length - 4];
      client.readFully(body);
      byte[] forwarded = switch (type) {
        case QUERY -> query(body);
        case PARSE -> parse(body);
        case BIND -> bind(body);
        case CLOSE -> close(body);
        default -> body;
      };
      server.write(type);
      server.writeInt(forwarded.length + 4);
      server.write(forwarded);
      // Flush only when the client has nothing more buffered, so a pipelined Parse/Bind/Execute/Sync stays together.
      if (type == TERMINATE || client.available() == 0) {
        server.flush();
      }
      if (type == TERMINATE) {
        return;
      }
    }
  }

  /** Query: the SQL text. */
  private byte[] query(byte[] body) {
    String sql = WireFormat.readString(body, 0);
    String rewritten = rewriter.apply(sql);
    if (rewritten.equals(sql)) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WireFormat.writeString(out, rewritten);
    return out.toByteArray();
  }

  /** Parse: statement name, SQL text, then parameter types, which are kept. */
  private byte[] parse(byte[] body) {
    int nameEnd = WireFormat.stringEnd(body, 0);
    String statement = WireFormat.readString(body, 0);
    String sql = WireFormat.readString(body, nameEnd + 1);
    int parameterTypes = WireFormat.stringEnd(body, nameEnd + 1) + 1;
    String rewritten = rewriter.apply(sql);
    boolean changed = !rewritten.equals(sql);
    namedCopies.parsed(statement, changed);
    if (!changed) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WireFormat.writeString(out, statement);
    WireFormat.writeString(out, rewritten);
    out.write(body, parameterTypes, body.length - parameterTypes);
    return out.toByteArray();
  }

  /** Bind: portal name, statement name, then parameters and formats, which are kept. */
  private byte[] bind(byte[] body) {
    int portalEnd = WireFormat.stringEnd(body, 0);
    String statement = WireFormat.readString(body, portalEnd + 1);
    String target = namedCopies.statementToBind(statement);
    if (target.equals(statement)) {
      return body;
    }
    int rest = WireFormat.stringEnd(body, portalEnd + 1) + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, portalEnd + 1);
    WireFormat.writeString(out, target);
    out.write(body, rest, body.length - rest);
    return out.toByteArray();
  }

  /** Close: 'S' for a statement or 'P' for a portal, then its name. */
  private byte[] close(byte[] body) {
    if (body.length > 1 && body[0] == CLOSE_STATEMENT) {
      namedCopies.closed(WireFormat.readString(body, 1));
    }
    return body;
  }
}
