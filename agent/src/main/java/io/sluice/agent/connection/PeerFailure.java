package io.sluice.agent.connection;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.SocketAddress;
import javax.net.ssl.SSLException;

/**
 * What a connection's exception says about its peer, in words safe to log: the kind of failure and a reason
 * that never quotes what the peer sent (Netty's {@link NotSslRecordException} hex-dumps the plaintext it got, an
 * HTTP decoder error quotes the request line).
 *
 * @param kind {@code tls}, {@code io} (a reset, a broken pipe), {@code truncated} (closed in the middle of a
 *     message) or {@code malformed}
 * @param reason a few words, without payload bytes
 */
public record PeerFailure(String kind, String reason) {

  /**
   * The peer's part in {@code cause}, or null when the failure is the agent's own (a bug, not the peer's doing,
   * which deserves its stack trace).
   */
  public static PeerFailure of(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return new PeerFailure("tls", "not a TLS record");
      }
      if (t instanceof SSLException) {
        return new PeerFailure("tls", t.getClass().getSimpleName() + ": " + t.getMessage());
      }
    }
    if (cause instanceof PrematureChannelClosureException) {
      return new PeerFailure("truncated", "the connection closed in the middle of a message");
    }
    if (cause instanceof IOException) {
      return new PeerFailure("io", cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    if (cause instanceof DecoderException) {
      Throwable inner = cause.getCause() != null ? cause.getCause() : cause;
      return new PeerFailure("malformed", "undecodable input (" + inner.getClass().getSimpleName() + ")");
    }
    return null;
  }

  /**
   * Reports {@code cause} into {@code problems}: TLS failures and resets at INFO (healthy peers have them too), the
   * rest at WARN. A message cut short is not reported: it follows a close already reported (a reset, or the
   * agent's own close of a slow or idle connection) or a peer that simply closed. Returns false, reporting
   * nothing, when the failure is not the peer's (see {@link #of}).
   */
  public static boolean report(Throwable cause, SocketAddress peer, PeerProblemLog problems) {
    PeerFailure failure = of(cause);
    if (failure == null) {
      return false;
    }
    if (failure.kind().equals("truncated")) {
      return true;
    }
    if (failure.kind().equals("malformed")) {
      problems.warn(failure.kind(), peer, failure.reason());
    } else {
      problems.info(failure.kind(), peer, failure.reason());
    }
    return true;
  }
}
