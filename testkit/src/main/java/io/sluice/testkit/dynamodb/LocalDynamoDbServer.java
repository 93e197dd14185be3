package io.sluice.testkit.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/** DynamoDB Local running in this JVM as an HTTP server on a loopback port, with the client that talks to it. */
final class LocalDynamoDbServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDynamoDbServer.class);

  /**
   * DynamoDB Local cannot report the port it bound, so a free port is picked first and handed to it; another
   * process can grab that port in between, hence a few attempts.
   */
  private static final int START_ATTEMPTS = 3;

  private final DynamoDBProxyServer server;
  private final LocalDynamoDb handle;

  private LocalDynamoDbServer(DynamoDBProxyServer server, LocalDynamoDb handle) {
    this.server = server;
    this.handle = handle;
  }

  static LocalDynamoDbServer start() throws Exception {
    for (int attempt = 1; ; attempt++) {
      int port = freeLoopbackPort();
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
          new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
      try {
        bindToLoopback(server);
        server.start();
      } catch (Exception e) {
        stopQuietly(server);
        if (attempt == START_ATTEMPTS || !isBindFailure(e)) {
          throw e;
        }
        LOG.warn("Port {} was taken before DynamoDB Local could bind it; trying another (attempt {} of {})",
            port, attempt, START_ATTEMPTS);
        continue;
      }
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      LOG.debug("DynamoDB Local listening on {}", endpoint);
      return new LocalDynamoDbServer(server, new LocalDynamoDb(endpoint, LocalDynamoDb.newClient(endpoint)));
    }
  }

  LocalDynamoDb handle() {
    return handle;
  }

  /** Deletes every table; DynamoDB Local drops them at once, so no waiter is needed. */
  void deleteAllTables() {
    DynamoDbClient client = handle.client();
    for (String table : client.listTablesPaginator(ListTablesRequest.builder().build()).tableNames()) {
      client.deleteTable(request -> request.tableName(table));
    }
  }

  @Override
  public void close() throws IOException {
    handle.client().close();
    try {
      server.stop();
    } catch (Exception e) {
      // DynamoDB Local declares a bare Exception; keep the caller's view of interruption intact.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Could not stop DynamoDB Local", e);
    }
  }

  /**
   * DynamoDB Local has no option for the listen address and binds every interface; tests must stay on loopback,
   * so its Jetty connector is pointed at 127.0.0.1 before it starts.
   */
  private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof AbstractNetworkConnector network) {
        network.setHost(InetAddress.getLoopbackAddress().getHostAddress());
      }
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void stopQuietly(DynamoDBProxyServer server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("Stopping a DynamoDB Local server that failed to start also failed", e);
    }
  }
}
