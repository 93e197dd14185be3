package io.sluice.testkit.sns;

import io.sluice.testkit.JvmSingleton;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a local SNS stand-in, started once per test JVM, and deletes every topic and
 * recorded message before each test.
 *
 * <p>Use {@code @ExtendWith(LocalSnsExtension.class)} and declare a {@link LocalSns} parameter on a test, lifecycle
 * method or constructor. Tests sharing the server must not run concurrently.
 */
public final class LocalSnsExtension implements BeforeEachCallback, ParameterResolver {

  private static final JvmSingleton<LocalSnsServer> SERVER = new JvmSingleton<>("sns", LocalSnsServer::start);

  @Override
  public void beforeEach(ExtensionContext context) {
    SERVER.get().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalSns.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return SERVER.get().handle();
  }
}
