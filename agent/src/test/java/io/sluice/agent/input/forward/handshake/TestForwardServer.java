package io.sluice.agent.input.forward.handshake;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.sluice.agent.input.forward.ForwardFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

/**
 * A forward listener reduced to what a handshake interop test needs, standing in for the real server core: a
 * msgpack frame splitter, the {@link HandshakeHandler} under test, and a Message-mode handler that counts records
 * and acks each chunk.
 */
final class TestForwardServer implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final AtomicInteger records = new AtomicInteger();
  private final Channel channel;

  TestForwardServer(HandshakePolicy policy) throws InterruptedException {
    this(policy, null);
  }

  /** A listener speaking TLS with {@code tls} (plain TCP when null), placed before the frame splitter. */
  TestForwardServer(HandshakePolicy policy, SslContext tls) throws InterruptedException {
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new FrameSplitter(), new HandshakeHandler(policy, TIMEOUT),
                new MessageModeAcker(records));
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Records received after a successful handshake. */
  int records() {
    return records.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Cuts the stream into whole top-level msgpack values. */
  private static final class FrameSplitter extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(in.nioBuffer())) {
        unpacker.skipValue();
        byte[] frame = new byte[(int) unpacker.getTotalReadBytes()];
        in.readBytes(frame);
        out.add(new ForwardFrame(frame));
      } catch (MessageInsufficientBufferException e) {
        // Not a whole value yet: wait for more bytes.
      }
    }
  }

  /** Counts {@code [tag, time, record, option]} messages and answers {@code {"ack": chunk}}. */
  private static final class MessageModeAcker extends SimpleChannelInboundHandler<ForwardFrame> {
    private final AtomicInteger records;

    MessageModeAcker(AtomicInteger records) {
      this.records = records;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ForwardFrame frame) throws IOException {
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame.bytes())) {
        ArrayValue message = unpacker.unpackValue().asArrayValue();
        records.incrementAndGet();
        if (message.size() == 4) {
          Value chunk = message.get(3).asMapValue().map().get(ValueFactory.newString("chunk"));
          if (chunk != null) {
            try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
              packer.packValue(ValueFactory.newMap(ValueFactory.newString("ack"), chunk));
              ctx.writeAndFlush(Unpooled.wrappedBuffer(packer.toByteArray()));
            }
          }
        }
      }
    }
  }
}
