package io.sluice.agent.daemon;

import io.sluice.agent.output.StoreFactory;
import io.sluice.agent.output.UploadHook;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import java.nio.file.Path;

/**
 * The child JVM of {@link AgentCrashTest}: a real agent whose uploads go through an {@link AuditingStore}. Arguments:
 * {@code <config.yaml> <audit file> [--halt-after-uploads N]} (0, the default, never halts). Prints
 * {@code READY <http port>} once started, then runs until it is killed or halts itself.
 */
final class CrashTestAgentMain {

  static final String HALT_AFTER_UPLOADS = "--halt-after-uploads";
  static final String READY = "READY ";

  private CrashTestAgentMain() {}

  public static void main(String[] args) throws Exception {
    Path configFile = Path.of(args[0]);
    Path auditFile = Path.of(args[1]);
    int haltAfterUploads = args.length == 4 && args[2].equals(HALT_AFTER_UPLOADS)
        ? Integer.parseInt(args[3])
        : AuditingStore.NEVER;
    // The environment carries the S3 secret: the config file only says ${S3_SECRET}, like a real deployment's.
    SluiceConfig config = new ConfigLoader(System.getenv()).read(configFile);
    StoreFactory audited = output ->
        new AuditingStore(StoreFactory.FROM_CONFIG.create(output), auditFile, haltAfterUploads);
    Agent agent = new Agent(config, new AgentParts(audited, UploadHook.NONE));
    agent.start();
    System.out.println(READY + agent.httpPort().orElseThrow());
    System.out.flush();
    // Nobody closes it: the parent ends this JVM with SIGKILL, or the store halts it.
    agent.awaitShutdown();
  }
}
