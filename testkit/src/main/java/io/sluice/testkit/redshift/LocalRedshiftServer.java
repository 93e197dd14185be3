package io.sluice.testkit.redshift;

import io.sluice.testkit.s3.LocalS3;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;

/** The running stand-in: embedded PostgreSQL, its database, and the proxy in front of it. */
final class LocalRedshiftServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final RedshiftDatabase database;
  private final PgWireProxy proxy;
  private final LocalRedshift handle;

  private LocalRedshiftServer(EmbeddedPostgres postgres, RedshiftDatabase database, PgWireProxy proxy) {
    this.postgres = postgres;
    this.database = database;
    this.proxy = proxy;
    this.handle = new LocalRedshift(proxy.port(), database);
  }

  /**
   * @param s3 where COPY reads its files
   */
  static LocalRedshiftServer start(LocalS3 s3) throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start();
    try {
      RedshiftDatabase database = new RedshiftDatabase(postgres);
      database.provision();
      database.recreate();
      PgWireProxy proxy = new PgWireProxy(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), postgres.getPort()),
          new SqlScriptRewriter(new CopyTranslator(s3.client())));
      return new LocalRedshiftServer(postgres, database, proxy);
    } catch (Exception e) {
      postgres.close();
      throw e;
    }
  }

  LocalRedshift handle() {
    return handle;
  }

  void reset() throws SQLException {
    database.recreate();
  }

  @Override
  public void close() throws IOException {
    try {
      proxy.close();
    } finally {
      postgres.close();
    }
  }
}
