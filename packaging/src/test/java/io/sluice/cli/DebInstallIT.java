package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.dynamodb.LocalDynamoDb;
import io.sluice.testkit.dynamodb.LocalDynamoDbExtension;
import io.sluice.testkit.http.KeepAliveHttpConnection;
import io.sluice.testkit.s3.LocalS3;
import io.sluice.testkit.s3.LocalS3Extension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Installs the .deb into a scratch root as dpkg and its maintainer scripts would ({@code dpkg-deb -x}, then the
 * scripts' effects that make sense outside a chroot), checks what it installed, and runs the installed launcher on
 * the shipped {@code /etc/sluice/sluice.yaml}, pointed at the testkit's S3 and DynamoDB, through a reload and a stop.
 */
@ExtendWith({LocalDynamoDbExtension.class, LocalS3Extension.class})
class DebInstallIT {

  private static final String VERSION = System.getProperty("sluice.version", SluiceVersion.current());
  private static final Path DEB = Path.of(System.getProperty("sluice.deb", "target/sluice_" + VERSION + "_all.deb"))
      .toAbsolutePath();
  private static final Path DIST = Path.of(System.getProperty("sluice.dist", "target/sluice")).toAbsolutePath();
  private static final Pattern STARTED = Pattern.compile(
      "Sluice agent started .* admin=[^ ]*:(\\d+) http=[^ ]*:(\\d+) forward=[^ ]*:(\\d+) ");
  private static final Pattern S3PROXY_TEMP_FILE =
      Pattern.compile("-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}$");
  private static final String BUCKET = "deb-install-logs";
  private static final String NEW_ROLL_SIZE = "16KiB";
  private static final long NEW_ROLL_BYTES = 16 * 1024;

  @TempDir
  static Path scratch;

  /** The scratch root the package is installed into. */
  private static Path root;
  /** {@code dpkg-deb -c}: one line per archive member, with its mode and owner. */
  private static List<String> listing;
  /** The control archive: control, conffiles and the maintainer scripts. */
  private static Path control;
  /** The sluice user's and group's ids in the scratch root, once sysusers has made them; empty without the tool. */
  private static Optional<int[]> sluiceIds = Optional.empty();

  /** What a finished child process printed. */
  private record Finished(int exitCode, String out, String err) {}

  @BeforeAll
  static void install() throws Exception {
    assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed, so the .deb cannot be unpacked here");
    root = scratch.resolve("root");
    control = scratch.resolve("control");
    succeed("dpkg-deb", "-x", DEB.toString(), root.toString());
    succeed("dpkg-deb", "-e", DEB.toString(), control.toString());
    listing = succeed("dpkg-deb", "-c", DEB.toString()).out().lines().toList();

    // In a chroot, /usr/share/sluice/conf -> /etc/sluice would resolve inside the root: make it do so here.
    Path conf = root.resolve("usr/share/sluice/conf");
    Files.delete(conf);
    Files.createSymbolicLink(conf, root.resolve("etc/sluice"));

    // postinst: the sluice user and group from the package's sysusers.d entry, then the group of the secret files.
    if (onPath("systemd-sysusers")) {
      succeed("systemd-sysusers", "--root=" + root, "sluice.conf");
      sluiceIds = Optional.of(ids(root.resolve("etc/passwd"), "sluice"));
      if (isRoot()) {
        for (String file : List.of("sluice.yaml", "sluice.env")) {
          Files.setAttribute(root.resolve("etc/sluice").resolve(file), "unix:gid", sluiceIds.get()[1]);
        }
      }
    }
    // postinst: the class archive for the installed jars, written where they are.
    ProcessBuilder classArchive = new ProcessBuilder(root.resolve("usr/bin/sluice").toString(), "--class-archive");
    classArchive.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Finished archived = run(classArchive);
    assertThat(archived.exitCode()).as("sluice --class-archive: " + archived.err()).isZero();
    // What systemd makes of StateDirectory=sluice when the unit starts: /var/lib/sluice, owned by the user, 0750.
    Path state = Files.createDirectories(root.resolve("var/lib/sluice"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-x---"));
    if (isRoot() && sluiceIds.isPresent()) {
      Files.setAttribute(state, "unix:uid", sluiceIds.get()[0]);
      Files.setAttribute(state, "unix:gid", sluiceIds.get()[1]);
      // The service user must reach the root, as it reaches / on a real host.
      Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void theControlFileNamesTheVersionAndDependsOnJava17() throws Exception {
    String fields = Files.readString(control.resolve("control"));

    assertThat(fields).contains("Package: sluice\n", "Architecture: all\n",
        "Version: " + VERSION.replace("-SNAPSHOT", "~SNAPSHOT") + "\n",
        "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless");
  }

  @Test
  void theLauncherAndLibrariesAreInUsrShareSluiceAndUsrBinSluiceLinksToTheLauncher() throws Exception {
    Path home = root.resolve("usr/share/sluice");

    assertThat(member("./usr/share/sluice/bin/sluice")).startsWith("-rwxr-xr-x root/root");
    assertThat(Files.isExecutable(home.resolve("bin/sluice"))).isTrue();
    assertThat(Files.readSymbolicLink(root.resolve("usr/bin/sluice")))
        .isEqualTo(Path.of("../share/sluice/bin/sluice"));
    assertThat(member("./usr/share/sluice/conf")).contains("-> /etc/sluice");
    assertThat(names(home.resolve("lib"))).isEqualTo(names(DIST.resolve("lib")))
        .anyMatch(jar -> jar.startsWith("sluice-agent-"));
    if (Files.isDirectory(DIST.resolve("monitoring"))) {
      assertThat(names(home.resolve("monitoring"))).isEqualTo(names(DIST.resolve("monitoring"))).isNotEmpty();
    }
    assertThat(names(root.resolve("usr/share/doc/sluice"))).containsExactly("LICENSE", "NOTICE");
  }

  @Test
  void thePackageCarriesTheClassListAndTheInstalledLauncherStartsFromTheArchiveWrittenForIt() throws Exception {
    Path log = scratch.resolve("class-load.log");
    ProcessBuilder version = new ProcessBuilder(root.resolve("usr/bin/sluice").toString(), "--version");
    version.environment().put("JAVA_HOME", System.getProperty("java.home"));
    version.environment().put("SLUICE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);

    Finished run = run(version);

    assertThat(member("./usr/share/sluice/lib/sluice.classlist")).startsWith("-rw-r--r-- root/root");
    assertThat(listing).noneMatch(line -> line.endsWith("sluice.jsa"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains(" io.sluice.cli.SluiceCommand "))
        .isNotEmpty().allMatch(line -> line.contains("source: shared objects file"));
  }

  @Test
  void everyConfigFileIsAConffileInEtcSluice() throws Exception {
    List<String> conffiles = Files.readAllLines(control.resolve("conffiles"));

    assertThat(conffiles).containsExactlyInAnyOrderElementsOf(
        names(DIST.resolve("conf")).stream().map(name -> "/etc/sluice/" + name).toList());
    assertThat(conffiles).contains("/etc/sluice/sluice.yaml", "/etc/sluice/sluice.env", "/etc/sluice/jvm.options");
    for (String conffile : conffiles) {
      assertThat(root.resolve(conffile.substring(1))).hasSameTextualContentAs(
          DIST.resolve("conf").resolve(Path.of(conffile).getFileName()));
    }
  }

  @Test
  void theEnvironmentFileIsATemplateOfCommentedExamples() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve("etc/sluice/sluice.env"));

    assertThat(lines).allMatch(line -> line.isBlank() || line.startsWith("#"))
        .contains("# SLUICE_REDSHIFT_PASSWORD=...", "# AWS_REGION=eu-west-1");
  }

  @Test
  void theFilesThatMayHoldSecretsAreReadableByTheSluiceGroupOnly() throws Exception {
    assertThat(member("./etc/sluice/sluice.yaml")).startsWith("-rw-r----- root/root");
    assertThat(member("./etc/sluice/sluice.env")).startsWith("-rw-r----- root/root");
    assertThat(member("./etc/sluice/jvm.options")).startsWith("-rw-r--r-- root/root");
    String postinst = Files.readString(control.resolve("postinst"));
    assertThat(postinst).contains("systemd-sysusers sluice.conf", "adduser --system",
        "for file in /etc/sluice/sluice.yaml /etc/sluice/sluice.env", "chgrp sluice \"$file\"");
    assumeTrue(sluiceIds.isPresent(), "systemd-sysusers is not installed");
    assertThat(Files.readString(root.resolve("etc/group"))).contains("sluice:x:" + sluiceIds.get()[1] + ":");
  }

  @Test
  void theMaintainerScriptsNeitherEnableNorStartTheUnitOnInstallAndStopItOnRemoval() throws Exception {
    String postinst = Files.readString(control.resolve("postinst"));
    String prerm = Files.readString(control.resolve("prerm"));
    String postrm = Files.readString(control.resolve("postrm"));

    assertThat(postinst).contains("systemctl --system daemon-reload", "try-restart sluice.service")
        .doesNotContain("systemctl --system enable", "systemctl --system start", "enable --now");
    assertThat(prerm).contains("if [ \"$1\" = remove ]", "systemctl --system stop sluice.service",
        "systemctl --system disable sluice.service");
    assertThat(postrm).contains("systemctl --system daemon-reload").doesNotContain("rm -rf");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
      Finished syntax = run(new ProcessBuilder("sh", "-n", control.resolve(script).toString()));
      assertThat(syntax.exitCode()).as(script + ": " + syntax.err()).isZero();
    }
  }

  @Test
  void theUnitAndTheSysusersEntryAreWhereSystemdLooksAndTheUnitVerifies() throws Exception {
    Path unit = root.resolve("lib/systemd/system/sluice.service");
    assertThat(member("./lib/systemd/system/sluice.service")).startsWith("-rw-r--r-- root/root");
    assertThat(root.resolve("usr/lib/sysusers.d/sluice.conf")).content()
        .contains("u sluice - \"Sluice log shipper\" /var/lib/sluice");
    assertThat(unit).content().contains("ExecStart=/usr/bin/sluice run -c /etc/sluice/sluice.yaml\n",
        "Type=notify\n", "StateDirectory=sluice\n", "User=sluice\n");
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");

    // verify checks that ExecStart's program exists on this host: point it at the scratch root's, as a chroot would.
    Path relocated = Files.createDirectories(scratch.resolve("verify")).resolve("sluice.service");
    Files.writeString(relocated, Files.readString(unit)
        .replace("ExecStart=/usr/bin/sluice ", "ExecStart=" + root.resolve("usr/bin/sluice") + " "));
    Finished verify = run(new ProcessBuilder("systemd-analyze", "verify", relocated.toString()));

    assertThat(verify.err()).isEmpty();
    assertThat(verify.exitCode()).isZero();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theInstalledLauncherRunsTheShippedConfigThroughReloadAndStopAndShipsEveryRecordOnce(LocalS3 s3,
      LocalDynamoDb dynamo) throws Exception {
    s3.createBucket(BUCKET);
    s3.createBucket("acme-redshift-manifests");
    Path config = root.resolve("etc/sluice/sluice.yaml");
    Path log = scratch.resolve("run.log");
    Process sluice = startInstalled(s3, dynamo, config, log);
    List<String> sent = new ArrayList<>();
    try {
      Matcher started = await("the start line").atMost(Duration.ofSeconds(45))
          .until(() -> STARTED.matcher(read(log)), Matcher::find);
      int admin = Integer.parseInt(started.group(1));
      int http = Integer.parseInt(started.group(2));
      int forward = Integer.parseInt(started.group(3));
      Map<String, Double> before = metrics(admin);

      try (ForwardSender sender = ForwardSender.connect("127.0.0.1", forward)) {
        for (int chunk = 0; chunk < 5; chunk++) {
          sender.send("app.access", records("forward-" + chunk, 100, sent));
        }
      }
      post(http, records("http-before-reload", 500, sent), 500);

      Map<String, Double> after = metrics(admin);
      assertThat(after.get("sluice_forward_events_accepted_total"))
          .isEqualTo(before.get("sluice_forward_events_accepted_total") + 500);
      assertThat(after.get("sluice_http_events_accepted_total"))
          .isEqualTo(before.get("sluice_http_events_accepted_total") + 500);

      // Reload: the same file with a smaller roll size. Nothing has been shipped yet (128MiB or 5 minutes).
      assertThat(dataFiles(s3)).isEmpty();
      String shipped = Files.readString(config);
      String smallRolls = shipped.replace("roll:\n      size: 128MiB\n", "roll:\n      size: " + NEW_ROLL_SIZE + "\n");
      assertThat(smallRolls).isNotEqualTo(shipped);
      Files.writeString(config, smallRolls);
      signal(sluice, "HUP");
      await("\"config reloaded\" logged after SIGHUP").atMost(Duration.ofSeconds(20))
          .until(() -> read(log).toLowerCase().contains("config reloaded"));
      assertThat(sluice.isAlive()).isTrue();

      // A file rolls once it holds roll.size, at the end of a buffer entry (here a request of 20 records, ~3 KiB):
      // ~480 KiB roll into files of the new size, each shipped without waiting for roll.age (5 minutes).
      post(http, records("http-after-reload", 3_000, sent), 20);
      await("files of the new roll size in S3").atMost(Duration.ofSeconds(30)).until(
          () -> dataFiles(s3).stream().filter(file -> file.size() <= NEW_ROLL_BYTES + 4_096).count() >= 10);

      // Stop with records still in the buffer: they are shipped before the process exits.
      post(http, records("http-before-stop", 10_000, sent), 500);
      double shippedToS3 = metrics(admin).get("sluice_output_shipped_records_total{destination=\"app\"}");
      sluice.destroy();
      assertThat(shippedToS3).as("records shipped to S3 when the stop began").isLessThan(sent.size());

      assertThat(sluice.waitFor(90, TimeUnit.SECONDS)).as("sluice stopped within its drain timeout").isTrue();
      assertThat(sluice.exitValue()).as(read(log)).isZero();
    } finally {
      sluice.destroyForcibly();
      // Kept for a failure's diagnosis: the scratch directory goes with the test.
      Files.copy(log, Path.of("target/deb-install-run.log"), StandardCopyOption.REPLACE_EXISTING);
    }

    if (runsAsServiceUser()) {
      // As under the unit: the state it wrote belongs to the sluice user, and UMask=0027 keeps it from others.
      Path buffer = root.resolve("var/lib/sluice/buffer");
      assertThat(Files.getAttribute(buffer, "unix:uid")).isEqualTo(sluiceIds.orElseThrow()[0]);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(buffer))).endsWith("---");
    }
    Map<String, Long> copies = recordIds(s3).stream()
        .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(copies.values()).allMatch(count -> count == 1);
  }

  /**
   * The scratch root's /usr/bin/sluice running the shipped config, with the environment a sluice.env for these
   * stand-ins would give it; as the sluice user with the unit's umask when the test can switch users.
   */
  private static Process startInstalled(LocalS3 s3, LocalDynamoDb dynamo, Path config, Path log) throws IOException {
    Path state = root.resolve("var/lib/sluice");
    List<String> command = new ArrayList<>();
    if (runsAsServiceUser()) {
      command.addAll(List.of("setpriv", "--reuid=" + sluiceIds.get()[0], "--regid=" + sluiceIds.get()[1],
          "--clear-groups", "--"));
    }
    command.addAll(List.of("sh", "-c", "umask 0027 && exec \"$0\" \"$@\"", root.resolve("usr/bin/sluice").toString(),
        "run", "-c", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(state.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("SLUICE_"));
    environment.putAll(Map.of(
        "JAVA_HOME", System.getProperty("java.home"),
        "HOME", state.toString(),
        "STATE_DIRECTORY", state.toString(),
        "SLUICE_REDSHIFT_PASSWORD", ExampleConfig.REDSHIFT_PASSWORD,
        "SLUICE_S3_BUCKET", BUCKET,
        "SLUICE_FORWARD_PORT", "0",
        "SLUICE_HTTP_PORT", "0",
        "SLUICE_ADMIN_PORT", "0"));
    environment.putAll(Map.of(
        "AWS_REGION", s3.region().id(),
        "AWS_ACCESS_KEY_ID", s3.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(),
        "AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
        "AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString(),
        "AWS_EC2_METADATA_DISABLED", "true"));
    return builder.start();
  }

  /** {@code count} records, each with a unique id that is also added to {@code sent}. */
  private static List<Map<String, String>> records(String batch, int count, List<String> sent) {
    List<Map<String, String>> records = IntStream.range(0, count)
        .mapToObj(i -> Map.of("id", batch + "-" + i, "path", "/index.html", "agent", "Mozilla/5.0 (X11; Linux x86_64)",
            "status", "200"))
        .toList();
    records.forEach(record -> sent.add(record.get("id")));
    return records;
  }

  /** Posts {@code records} to the HTTP input, {@code perRequest} at a time, each answered 200 once durable. */
  private static void post(int port, List<Map<String, String>> records, int perRequest) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (KeepAliveHttpConnection http = KeepAliveHttpConnection.open(URI.create("http://127.0.0.1:" + port))) {
      for (int first = 0; first < records.size(); first += perRequest) {
        List<Map<String, String>> part = records.subList(first, Math.min(records.size(), first + perRequest));
        int status = http.post("/app.access", "application/json", json.writeValueAsBytes(part)).status();
        assertThat(status).isEqualTo(200);
      }
    }
  }

  /** The admin endpoint's samples, by name and labels as exposed ({@code name{label="value"}}). */
  private static Map<String, Double> metrics(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> samples = new HashMap<>();
    for (String line : body.lines().toList()) {
      int value = line.lastIndexOf(' ');
      if (!line.startsWith("#") && value > 0) {
        samples.put(line.substring(0, value), Double.parseDouble(line.substring(value + 1)));
      }
    }
    return samples;
  }

  private static List<S3Object> dataFiles(LocalS3 s3) {
    return s3.client().listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream()
        .filter(object -> !S3PROXY_TEMP_FILE.matcher(object.key()).find())
        .toList();
  }

  /** The id of every record line in every file of the bucket, duplicates included. */
  private static List<String> recordIds(LocalS3 s3) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    for (S3Object file : dataFiles(s3)) {
      String body = s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(file.key())).asUtf8String();
      for (String line : body.lines().toList()) {
        JsonNode record = json.readTree(line);
        assertThat(record.get("tag").asText()).isEqualTo("app.access");
        ids.add(record.get("id").asText());
      }
    }
    return ids;
  }

  private static void signal(Process process, String signal) throws Exception {
    Finished kill = run(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())));
    assertThat(kill.exitCode()).as(kill.err()).isZero();
  }

  /** The {@code dpkg-deb -c} line of {@code path}, such as {@code ./etc/sluice/sluice.yaml}. */
  private static String member(String path) {
    return listing.stream().filter(line -> line.endsWith(" " + path) || line.contains(" " + path + " -> "))
        .findFirst().orElseThrow(() -> new AssertionError(path + " is not in the package"));
  }

  private static Set<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** The uid and gid of {@code user} in a passwd file. */
  private static int[] ids(Path passwd, String user) throws IOException {
    String[] entry = Files.readAllLines(passwd).stream().filter(line -> line.startsWith(user + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + user + " in " + passwd)).split(":");
    return new int[] {Integer.parseInt(entry[2]), Integer.parseInt(entry[3])};
  }

  /** Whether the test can run the launcher as the sluice user (it is root, sysusers made the user, setpriv). */
  private static boolean runsAsServiceUser() throws IOException {
    return isRoot() && sluiceIds.isPresent() && onPath("setpriv");
  }

  private static boolean isRoot() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS) == 0;
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static Finished succeed(String... command) throws Exception {
    Finished finished = run(new ProcessBuilder(command));
    assertThat(finished.exitCode()).as(String.join(" ", command) + ": " + finished.err()).isZero();
    return finished;
  }

  private static Finished run(ProcessBuilder builder) throws Exception {
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", builder.command())).isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Finished(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
