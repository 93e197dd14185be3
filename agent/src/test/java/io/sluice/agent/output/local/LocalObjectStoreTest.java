package io.sluice.agent.output.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.agent.output.store.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

  @TempDir
  Path dir;

  private Path spool(String content) throws IOException {
    Path file = dir.resolve("spool-" + content.hashCode() + ".jsonl");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private LocalObjectStore store() {
    return new LocalObjectStore(dir.resolve("out"));
  }

  @Test
  void theKeyIsThePathBelowTheDirectory() throws IOException {
    StoredObject stored = store().put("logs/app/2026/11/25/15/host-archive-0000000000.json", spool("{\"a\":1}\n"));

    assertThat(dir.resolve("out/logs/app/2026/11/25/15/host-archive-0000000000.json")).hasContent("{\"a\":1}");
    assertThat(stored.sizeBytes()).isEqualTo(8);
  }

  @Test
  void theEtagIsTheHexMd5OfTheContent() throws IOException {
    // md5("") is the best-known digest there is.
    assertThat(store().put("empty.json", spool("")).etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
  }

  @Test
  void aPutReplacesTheFileWholeAndLeavesNoTempFile() throws IOException {
    LocalObjectStore store = store();
    store.put("k/file.json", spool("old\n"));

    store.put("k/file.json", spool("new\n"));

    assertThat(dir.resolve("out/k/file.json")).hasContent("new");
    try (Stream<Path> files = Files.list(dir.resolve("out/k"))) {
      assertThat(files).containsExactly(dir.resolve("out/k/file.json"));
    }
  }

  @Test
  void aKeyLeavingTheDirectoryIsRefused() throws IOException {
    Path file = spool("x\n");

    assertThatThrownBy(() -> store().put("../escaped.json", file)).isInstanceOf(IOException.class)
        .hasMessageContaining("outside the output directory");
  }

  @Test
  void objectsAreListedByKeyPrefixWithoutTempFiles() throws IOException {
    LocalObjectStore store = store();
    store.put("logs/_quarantine/a-0.json", spool("a"));
    store.put("logs/_quarantine/a-1.json", spool("b"));
    store.put("logs/app/x.json", spool("c"));
    Files.writeString(dir.resolve("out/logs/_quarantine/a-2.json.sluice-tmp"), "partial");

    assertThat(store.list("logs/_quarantine/a-")).containsExactly("logs/_quarantine/a-0.json",
        "logs/_quarantine/a-1.json");
    assertThat(store.list("logs/none/")).isEmpty();
  }

  @Test
  void anObjectIsReadBackAndDeleted() throws IOException {
    LocalObjectStore store = store();
    store.put("logs/app/x.json", spool("{\"a\":1}\n"));
    Path copy = dir.resolve("copy");

    store.get("logs/app/x.json", copy);
    store.delete("logs/app/x.json");

    assertThat(copy).hasContent("{\"a\":1}");
    assertThat(store.list("logs/")).isEmpty();
    assertThatThrownBy(() -> store.get("logs/app/x.json", copy)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deletingAMissingObjectSucceeds() throws IOException {
    store().delete("logs/none.json");

    assertThat(store().list("")).isEmpty();
  }
}
