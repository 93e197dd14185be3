package io.sluice.agent.input.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.sluice.agent.connection.PeerFailure;
import io.sluice.agent.connection.PeerProblemLog;
import io.sluice.agent.input.ConnectionBudget;
import io.sluice.agent.input.InFlightBudget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's end of the pipeline: hands each complete request to the {@link HttpIngest} on the worker pool
 * (it may block on the buffer) and writes the answers on the event loop. Requests of a connection run one at a
 * time in arrival order, so pipelined responses keep request order and batches reach the buffer in that order.
 */
final class IngestChannelHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(IngestChannelHandler.class);

  /** Requests a connection may have waiting before it is no longer read; bounds its memory to that many bodies. */
  static final int MAX_WAITING_REQUESTS = 4;

  private static final String JSON = "application/json; charset=utf-8";

  private final HttpIngest ingest;
  private final Executor workers;
  private final HttpInputMetrics metrics;
  private final Clock clock;
  private final PeerProblemLog problems;

  // Touched only on the channel's event loop.
  private ConnectionBudget budget;
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
  private int waiting;
  private boolean failed;

  IngestChannelHandler(HttpIngest ingest, Executor workers, HttpInputMetrics metrics, Clock clock,
      PeerProblemLog problems) {
    this.ingest = ingest;
    this.workers = workers;
    this.metrics = metrics;
    this.clock = clock;
    this.problems = problems;
  }

  /** How an answer goes back: the version and connection handling of its request, and when that arrived. */
  private record Exchange(HttpVersion version, boolean keepAlive, long arrivedNanos) {}

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    budget = ConnectionBudget.of(ctx.pipeline());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      // The stream broke and a 400 that closes the connection is on its way; nothing after it is answered.
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof FullHttpRequest request) {
      try {
        receive(ctx, request);
      } finally {
        request.release();
      }
    } else if (msg instanceof OversizedRequest oversized) {
      HttpRequest head = oversized.head();
      IngestRequest request = new IngestRequest(head.method().name(), head.uri(), headersOf(head), new byte[0],
          true, clock.instant());
      Exchange exchange = new Exchange(head.protocolVersion(), oversized.keepAlive(), System.nanoTime());
      enqueue(ctx, () -> submit(ctx, request, budget.take(0)), exchange);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void receive(ChannelHandlerContext ctx, FullHttpRequest request) {
    long arrivedNanos = System.nanoTime();
    if (request.decoderResult().isFailure()) {
      fail(ctx, "malformed HTTP request: " + request.decoderResult().cause().getMessage());
      return;
    }
    // The body's share of the budget follows its copy until the answer is known.
    InFlightBudget.Reservation reservation = budget.take(request.content().readableBytes());
    IngestRequest ingestRequest = new IngestRequest(request.method().name(), request.uri(), headersOf(request),
        ByteBufUtil.getBytes(request.content()), false, clock.instant(), peerAddressOf(ctx),
        SentHeaders.lastOf(ctx.pipeline()));
    Exchange exchange = new Exchange(request.protocolVersion(), HttpUtil.isKeepAlive(request), arrivedNanos);
    enqueue(ctx, () -> submit(ctx, ingestRequest, reservation), exchange);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    PeerFailure peerFailure = PeerFailure.of(cause);
    if (failed) {
      LOG.debug("HTTP connection from {} failed again: {}", ctx.channel().remoteAddress(), cause.toString());
    } else if (peerFailure != null && peerFailure.kind().equals("tls")) {
      // A failed handshake or a plaintext request on a TLS port: there is no channel to answer on.
      PeerFailure.report(cause, ctx.channel().remoteAddress(), problems);
      ctx.close();
    } else if (cause instanceof DecoderException) {
      // The stream is broken (a body that does not inflate, say): where the next request starts is lost.
      String reason = (cause.getCause() != null ? cause.getCause() : cause).getMessage();
      fail(ctx, cause instanceof DecompressionException ? "the body could not be decompressed: " + reason
          : "malformed HTTP request: " + reason);
    } else if (PeerFailure.report(cause, ctx.channel().remoteAddress(), problems)) {
      ctx.close();
    } else {
      LOG.warn("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && waiting == 0) {
      LOG.debug("Closing idle HTTP connection from {}", ctx.channel().remoteAddress());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  private void fail(ChannelHandlerContext ctx, String reason) {
    failed = true;
    ctx.channel().config().setAutoRead(false);
    IngestResponse answer = IngestResponse.error(400, reason);
    enqueue(ctx, () -> CompletableFuture.completedFuture(answer),
        new Exchange(HttpVersion.HTTP_1_1, false, System.nanoTime()));
  }

  /** Queues an answer behind the previous one; {@code answer} starts only once the previous answer is written. */
  private void enqueue(ChannelHandlerContext ctx, Supplier<CompletableFuture<IngestResponse>> answer,
      Exchange exchange) {
    waiting++;
    if (waiting >= MAX_WAITING_REQUESTS) {
      ctx.channel().config().setAutoRead(false);
    }
    Executor eventLoop = task -> {
      try {
        ctx.executor().execute(task);
      } catch (RejectedExecutionException e) {
        // The event loop is shutting down and takes its connections with it; nobody is left to answer.
        LOG.debug("Dropping an HTTP answer: the event loop has stopped");
      }
    };
    previous = previous
        .thenCompose(written -> answer.get())
        .thenAcceptAsync(response -> respond(ctx, response, exchange), eventLoop)
        .exceptionally(failure -> {
          LOG.warn("Answering an HTTP request from {} failed", ctx.channel().remoteAddress(), failure);
          ctx.close();
          return null;
        });
  }

  private CompletableFuture<IngestResponse> submit(ChannelHandlerContext ctx, IngestRequest request,
      InFlightBudget.Reservation reservation) {
    try {
      return CompletableFuture.supplyAsync(() -> handle(request, reservation, ctx.channel()::isActive), workers)
          .whenComplete((answer, failure) -> reservation.release());
    } catch (RejectedExecutionException e) {
      reservation.release();
      // Every worker is busy and the queue is full, or the input is closing: the sender should come back.
      return CompletableFuture.completedFuture(IngestResponse.error(503, "the HTTP input is busy; retry later")
          .withHeader("Retry-After", SinkIngest.RETRY_AFTER_SECONDS));
    }
  }

  private IngestResponse handle(IngestRequest request, InFlightBudget.Reservation reservation,
      BooleanSupplier open) {
    // Reading the body copies its records out of it.
    if (!reservation.tryGrowTo(reservation.held() + request.body().length)) {
      return IngestResponse.error(503, "inputs.memory_budget is used up; retry later")
          .withHeader("Retry-After", SinkIngest.RETRY_AFTER_SECONDS);
    }
    try {
      return ingest.handle(request, open);
    } catch (RuntimeException e) {
      LOG.error("The HTTP input failed on {} {}", request.method(), request.uri(), e);
      return IngestResponse.error(500, "internal error");
    }
  }

  private void respond(ChannelHandlerContext ctx, IngestResponse answer, Exchange exchange) {
    waiting--;
    metrics.answered(answer.status(), System.nanoTime() - exchange.arrivedNanos());
    ChannelFuture written = ctx.writeAndFlush(toHttp(answer, exchange));
    if (!exchange.keepAlive()) {
      written.addListener(ChannelFutureListener.CLOSE);
    } else if (!failed && waiting < MAX_WAITING_REQUESTS && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static FullHttpResponse toHttp(IngestResponse answer, Exchange exchange) {
    FullHttpResponse response = new DefaultFullHttpResponse(exchange.version(),
        HttpResponseStatus.valueOf(answer.status()), Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
    answer.headers().forEach(response.headers()::set);
    if (!answer.body().isEmpty()) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
    }
    if (answer.status() != HttpResponseStatus.NO_CONTENT.code()) {
      // RFC 9110 8.6: a 204 has no content and must not say Content-Length.
      HttpUtil.setContentLength(response, response.content().readableBytes());
    }
    HttpUtil.setKeepAlive(response, exchange.keepAlive());
    return response;
  }

  private static String peerAddressOf(ChannelHandlerContext ctx) {
    // As Ruby's socket prints it (::1, not 0:0:0:0:0:0:0:1), which is what Fluentd's REMOTE_ADDR holds.
    return ctx.channel().remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
        ? NetUtil.toAddressString(address.getAddress()) : null;
  }

  private static Map<String, String> headersOf(HttpRequest request) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    request.headers().forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    return headers;
  }
}
