package io.sluice.testkit.dynamodb;

import io.sluice.testkit.JvmSingleton;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a real DynamoDB Local server, started once per test JVM, and deletes every
 * table before each test.
 *
 * <p>Use {@code @ExtendWith(LocalDynamoDbExtension.class)} and declare a {@link LocalDynamoDb} parameter on a test,
 * lifecycle method or constructor. Tests sharing the server must not run concurrently.
 */
public final class LocalDynamoDbExtension implements BeforeEachCallback, ParameterResolver {

  private static final JvmSingleton<LocalDynamoDbServer> SERVER =
      new JvmSingleton<>("dynamodb", LocalDynamoDbServer::start);

  /** The JVM's DynamoDB Local server, for code that runs outside JUnit (the benchmarks); starts it if needed. */
  public static LocalDynamoDb sharedInstance() {
    return SERVER.get().handle();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    SERVER.get().deleteAllTables();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalDynamoDb.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return SERVER.get().handle();
  }
}
