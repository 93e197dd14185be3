package io.sluice.agent.input.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.sluice.config.input.TlsConfig;
import io.sluice.config.input.TlsConfig.ClientAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerTlsTest {

  private static final char[] NO_PASSWORD = new char[0];

  @TempDir
  Path dir;

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private SelfSignedPem server;
  private SelfSignedPem client;

  @BeforeEach
  void certificates() throws IOException, GeneralSecurityException {
    server = SelfSignedPem.create(dir, "server");
    client = SelfSignedPem.create(dir, "client");
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void serverContextFromPemFilesAcceptsAClientTrustingTheCertificate() throws Exception {
    int port = echoServer(ListenerTls.serverContext(tls(null, ClientAuth.NONE)));

    assertThat(roundTrip(port, clientContext(null))).isEqualTo('x');
  }

  @Test
  void clientAuthRequireRefusesAClientWithoutCertificate() throws Exception {
    int port = echoServer(ListenerTls.serverContext(tls(client.certFile(), ClientAuth.REQUIRE)));

    assertThat(roundTrip(port, clientContext(null))).isEqualTo(-1);
  }

  @Test
  void clientAuthRequireAcceptsAClientWhoseCertificateChainsToTheCa() throws Exception {
    int port = echoServer(ListenerTls.serverContext(tls(client.certFile(), ClientAuth.REQUIRE)));

    assertThat(roundTrip(port, clientContext(client))).isEqualTo('x');
  }

  @Test
  void clientAuthOptionalLetsAClientWithoutCertificateIn() throws Exception {
    int port = echoServer(ListenerTls.serverContext(tls(client.certFile(), ClientAuth.OPTIONAL)));

    assertThat(roundTrip(port, clientContext(null))).isEqualTo('x');
  }

  @Test
  void missingCertFileIsNamedInTheError() {
    Path missing = dir.resolve("absent.crt");
    TlsConfig config = new TlsConfig(true, missing, server.keyFile(), null, ClientAuth.NONE);

    assertThatThrownBy(() -> ListenerTls.serverContext(config))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("cert_file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void pkcs1KeyIsRejectedWithAConversionHint() throws IOException {
    Path rsaKey = Files.writeString(dir.resolve("rsa.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
    TlsConfig config = new TlsConfig(true, server.certFile(), rsaKey, null, ClientAuth.NONE);

    assertThatThrownBy(() -> ListenerTls.serverContext(config))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("key_file " + rsaKey)
        .hasMessageContaining("PKCS#8")
        .hasMessageContaining("RSA PRIVATE KEY")
        .hasMessageContaining("openssl pkcs8");
  }

  @Test
  void certFileWithoutCertificateIsRejected() throws IOException {
    Path notACert = Files.writeString(dir.resolve("junk.crt"), "hello\n");
    TlsConfig config = new TlsConfig(true, notACert, server.keyFile(), null, ClientAuth.NONE);

    assertThatThrownBy(() -> ListenerTls.serverContext(config))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("cert_file " + notACert);
  }

  @Test
  void clientAuthWithoutCaFileIsRejected() {
    TlsConfig config = new TlsConfig(true, server.certFile(), server.keyFile(), null, ClientAuth.REQUIRE);

    assertThatThrownBy(() -> ListenerTls.serverContext(config))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("ca_file");
  }

  private TlsConfig tls(Path caFile, ClientAuth clientAuth) {
    return new TlsConfig(true, server.certFile(), server.keyFile(), caFile, clientAuth);
  }

  private int echoServer(SslContext context) throws InterruptedException {
    Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Sends one byte over TLS; the byte echoed back, or -1 when the server refused the client. */
  private static int roundTrip(int port, SSLContext context) throws IOException {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      socket.getOutputStream().write('x');
      socket.getOutputStream().flush();
      return socket.getInputStream().read();
    } catch (SSLException | SocketException e) {
      // With TLS 1.3 a refused client certificate surfaces at the first read, not in startHandshake.
      return -1;
    }
  }

  /** A JDK client trusting the server's certificate, presenting {@code identity}'s certificate when given. */
  private SSLContext clientContext(SelfSignedPem identity) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", server.certificate());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      keys.setKeyEntry("client", identity.keys().getPrivate(), NO_PASSWORD, new Certificate[] {identity.certificate()});
    }
    keyManagers.init(keys, NO_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
