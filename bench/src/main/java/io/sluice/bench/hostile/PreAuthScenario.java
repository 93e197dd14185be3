package io.sluice.bench.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Findings 3 and 5 on the TLS and shared-key forward input, before any authentication: large PINGs and frames
 * that the agent must not buffer whole, plain TCP on the TLS port whose bytes must not reach the log, and
 * handshakes with a wrong key.
 */
final class PreAuthScenario implements Scenario {

  /** What is sent before the handshake. */
  enum Kind { BIG_FRAMES, PLAINTEXT_AND_WRONG_KEY }

  private final Kind kind;

  PreAuthScenario(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind == Kind.BIG_FRAMES ? "pre-auth-big-frames" : "pre-auth-plaintext-wrong-key";
  }

  @Override
  public String description() {
    return kind == Kind.BIG_FRAMES
        ? "TLS connections to the shared-key forward input sending a 60 MiB PING, or a 60 MiB PackedForward"
            + " message, before the handshake"
        : "plain TCP carrying records on the TLS forward port, and handshakes with a wrong shared key";
  }

  @Override
  public AgentKind agent() {
    return AgentKind.SECURE;
  }

  @Override
  public void attack(ScenarioContext context) throws Exception {
    if (kind == Kind.BIG_FRAMES) {
      bigFrames(context);
    } else {
      plaintextAndWrongKey(context);
    }
  }

  private static void bigFrames(ScenarioContext context) throws InterruptedException {
    SuiteOptions options = context.options();
    Map<String, Integer> reactions = new TreeMap<>();
    List<Thread> senders = new ArrayList<>();
    int connections = options.preAuthConnections();
    for (int i = 0; i < connections; i++) {
      boolean ping = i % 4 != 3;
      Thread sender = new Thread(() -> {
        String reaction;
        try (ForwardClient client = ForwardClient.tls(context.target().forwardPort(), Duration.ofSeconds(20))) {
          client.helo();
          reaction = (ping ? "PING: " : "PackedForward: ") + sendBig(client, ping, options.preAuthFrameBytes());
        } catch (IOException | RuntimeException e) {
          reaction = (ping ? "PING: " : "PackedForward: ") + "failed (" + e.getClass().getSimpleName() + ")";
        }
        synchronized (reactions) {
          reactions.merge(reaction.length() > 90 ? reaction.substring(0, 90) : reaction, 1, Integer::sum);
        }
      }, "hostile-preauth-" + i);
      senders.add(sender);
      sender.start();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    context.note("%d TLS connections sent %,d MiB before the handshake (3 in 4 a PING, 1 in 4 a PackedForward):"
        + " %s", connections, options.preAuthFrameBytes() >> 20, reactions);
  }

  /** {@code ["PING", str(n)...]} or {@code ["tag", bin(n)...]}, the payload streamed in 1 MiB blocks. */
  private static String sendBig(ForwardClient client, boolean ping, long bytes) {
    OutputStream out = client.rawOutput();
    byte[] block = new byte[1 << 20];
    byte[] marker = HostileFrames.PAYLOAD_MARKER.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(marker, 0, block, 0, marker.length);
    try {
      out.write(ping ? new byte[] {(byte) 0x96, (byte) 0xa4, 'P', 'I', 'N', 'G'}
          : new byte[] {(byte) 0x93, (byte) 0xa7, 'h', 'o', 's', 't', 'i', 'l', 'e'});
      out.write(new byte[] {(byte) (ping ? 0xdb : 0xc6), (byte) (bytes >>> 24), (byte) (bytes >>> 16),
          (byte) (bytes >>> 8), (byte) bytes});
      for (long sent = 0; sent < bytes; sent += block.length) {
        out.write(block, 0, (int) Math.min(block.length, bytes - sent));
      }
      out.flush();
    } catch (IOException e) {
      return "closed while sending";
    }
    return client.reaction();
  }

  private static void plaintextAndWrongKey(ScenarioContext context) throws InterruptedException {
    SuiteOptions options = context.options();
    int port = context.target().forwardPort();
    byte[] entries = HostileFrames.entry(packer -> packer.packMapHeader(1).packString("msg")
        .packString("plaintext record " + HostileFrames.PAYLOAD_MARKER + " with a customer's log line"));
    byte[] frame = HostileFrames.packedForward("hostile.plaintext", entries, 1, "plaintext", false);
    int failed = RawConnections.flood(port, options.badHandshakes(), 4, socket -> {
      socket.getOutputStream().write(frame);
      socket.getOutputStream().flush();
      RawConnections.closedByPeer(socket, 2_000);
    });
    context.note("%,d plain TCP connections sent a PackedForward chunk to the TLS port (%,d failed)",
        options.badHandshakes(), failed);
    int refused = 0;
    int accepted = 0;
    for (int i = 0; i < options.badHandshakes(); i++) {
      try (ForwardClient client = ForwardClient.tls(port, Duration.ofSeconds(5))) {
        client.handshake("not-the-" + AgentFleet.SHARED_KEY);
        accepted++;
      } catch (IOException | RuntimeException e) {
        refused++;
      }
    }
    context.note("%,d handshakes with a wrong shared key: %,d refused, %,d accepted", options.badHandshakes(),
        refused, accepted);
    context.check("wrong shared key refused", accepted == 0, accepted + " accepted");
  }
}
