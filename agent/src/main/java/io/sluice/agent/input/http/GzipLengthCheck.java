package io.sluice.agent.input.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Fails a gzip body shorter than a gzip header. Netty's decompressor, after this, waits for the rest of a header
 * that never comes and passes on an empty body, which the readers would answer with "the body is empty"; longer
 * bodies that are not gzip it fails itself ("Input is not in the GZIP format").
 */
final class GzipLengthCheck extends ChannelInboundHandlerAdapter {

  /** RFC 1952: magic (2), method, flags, mtime (4), extra flags, OS. */
  static final int GZIP_HEADER_BYTES = 10;

  // Touched only on the channel's event loop.
  private boolean gzip;
  private long received;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
      gzip = encoding != null && (HttpHeaderValues.GZIP.contentEqualsIgnoreCase(encoding.strip())
          || HttpHeaderValues.X_GZIP.contentEqualsIgnoreCase(encoding.strip()));
      received = 0;
    }
    if (gzip && msg instanceof HttpContent content) {
      received += content.content().readableBytes();
      if (msg instanceof LastHttpContent && received < GZIP_HEADER_BYTES) {
        gzip = false;
        // Ahead of the request it belongs to, so that the ingest handler answers 400 and drops what follows.
        ctx.fireExceptionCaught(new DecompressionException("it is not valid gzip (" + received + " bytes, fewer than"
            + " a gzip header's " + GZIP_HEADER_BYTES + ")"));
      }
    }
    ctx.fireChannelRead(msg);
  }
}
