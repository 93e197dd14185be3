package io.sluice.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates command objects, handing the {@link CommandEnvironment} to those whose constructor takes it. */
final class CommandFactory implements IFactory {

  private final CommandEnvironment environment;

  CommandFactory(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      Class<?>[] parameters = constructor.getParameterTypes();
      if (parameters.length == 1 && parameters[0] == CommandEnvironment.class) {
        return type.cast(constructor.newInstance(environment));
      }
    }
    return CommandLine.defaultFactory().create(type);
  }
}
