package io.sluice.bench.hostile;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finding 4: many connections that each trickle one byte every few seconds, never completing a frame (forward) or a
 * request (HTTP: half of them stop inside the headers, half inside the body). Reports how many the agent closed.
 */
final class SlowLorisScenario implements Scenario {

  /** Which input is trickled at. */
  enum Input { FORWARD, HTTP }

  private final Input input;

  SlowLorisScenario(Input input) {
    this.input = input;
  }

  @Override
  public String name() {
    return input == Input.FORWARD ? "slow-loris-forward" : "slow-loris-http";
  }

  @Override
  public String description() {
    return input == Input.FORWARD
        ? "connections on the forward port each start a 1 MiB frame and send one byte of it every few seconds"
        : "connections on the HTTP port, half stopping inside the headers and half inside a 1 MiB body, each"
            + " sending one more byte every few seconds";
  }

  @Override
  public AgentKind agent() {
    return AgentKind.PLAIN;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    SuiteOptions options = context.options();
    int port = input == Input.FORWARD ? context.target().forwardPort() : context.target().httpPort();
    List<Socket> sockets = new ArrayList<>();
    boolean[] closed = new boolean[options.slowConnections()];
    int refused = 0;
    for (int i = 0; i < options.slowConnections(); i++) {
      try {
        Socket socket = RawConnections.open(port);
        socket.getOutputStream().write(opening(i));
        sockets.add(socket);
      } catch (IOException e) {
        refused++;
        sockets.add(null);
        closed[i] = true;
      }
    }
    context.note("%,d slow connections opened on the %s port (%,d could not be opened)",
        options.slowConnections() - refused, input.name().toLowerCase(Locale.ROOT), refused);
    long deadline = System.nanoTime() + options.slowDuration().toNanos();
    byte trickle = (byte) (input == Input.FORWARD ? 'x' : ' ');
    while (System.nanoTime() < deadline) {
      Thread.sleep(options.slowByteInterval().toMillis());
      for (int i = 0; i < sockets.size(); i++) {
        if (!closed[i]) {
          try {
            sockets.get(i).getOutputStream().write(i % 2 == 0 || input == Input.FORWARD ? trickle : 'a');
          } catch (IOException e) {
            closed[i] = true;
          }
        }
      }
    }
    // Even connections stop inside a body, odd ones inside the headers (on HTTP; on forward all are alike).
    int[] closedByAgent = new int[2];
    for (int i = 0; i < sockets.size(); i++) {
      Socket socket = sockets.get(i);
      if (socket != null && (closed[i] || RawConnections.closedByPeer(socket, 2))) {
        closedByAgent[i % 2]++;
      }
    }
    if (input == Input.FORWARD) {
      context.note("after %d s of trickling, the agent had closed %,d of the %,d connections",
          options.slowDuration().toSeconds(), closedByAgent[0] + closedByAgent[1], options.slowConnections() - refused);
    } else {
      context.note("after %d s of trickling, the agent had closed (or answered) %,d of the connections inside a body"
          + " and %,d of those inside the headers (of %,d each)", options.slowDuration().toSeconds(), closedByAgent[0],
          closedByAgent[1], options.slowConnections() / 2);
    }
    for (Socket socket : sockets) {
      if (socket != null) {
        RawConnections.reset(socket);
      }
    }
  }

  /** The bytes each connection starts with: a frame or request it never finishes. */
  private byte[] opening(int connection) {
    if (input == Input.FORWARD) {
      // [ "hostile.slow", bin32 of 1 MiB ... : array of 3, a fixstr tag, then a bin32 header
      byte[] tag = "hostile.slow".getBytes(StandardCharsets.US_ASCII);
      byte[] head = new byte[2 + tag.length + 5];
      head[0] = (byte) 0x93;
      head[1] = (byte) (0xa0 | tag.length);
      System.arraycopy(tag, 0, head, 2, tag.length);
      int at = 2 + tag.length;
      head[at] = (byte) 0xc6;
      head[at + 1] = 0;
      head[at + 2] = 0x10;
      head[at + 3] = 0;
      head[at + 4] = 0;
      return head;
    }
    String request = connection % 2 == 0
        ? "POST /hostile.slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1048576\r\n\r\n["
        : "POST /hostile.slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    return request.getBytes(StandardCharsets.US_ASCII);
  }
}
