package faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of writers that were killed (SIGKILL cannot be caught) are removed by the next write. */
class AtomicFileLeftoversTest {

  @TempDir Path dir;

  @Test
  void theNextWriteRemovesADeadWritersTemporaryFileAndKeepsALiveOnes() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path dead = Files.writeString(dir.resolve(".report.sarif." + gone.pid() + ".1f2e.tmp"), "{\"trunc");
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path alive = Files.writeString(dir.resolve(".report.sarif." + live + ".3c4d.tmp"), "{\"in progress");
    Path otherTarget = Files.writeString(dir.resolve(".other.sarif." + gone.pid() + ".5e6f.tmp"), "x");
    Path notOurs = Files.writeString(dir.resolve(".report.sarif.notes.tmp"), "x");

    AtomicFile.write(dir.resolve("report.sarif"), out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));

    assertFalse(Files.exists(dead), "a dead writer's leftover stays");
    assertTrue(Files.exists(alive), "a live writer's temporary file was removed");
    assertTrue(Files.exists(otherTarget), "another target's temporary file was touched");
    assertTrue(Files.exists(notOurs), "a file that is not a faultline temporary was removed");
    assertEquals("{}", Files.readString(dir.resolve("report.sarif")));
  }

  @Test
  void temporaryFilesNameTheirWriter() throws IOException {
    Path target = dir.resolve("r.sarif");
    AtomicFile.write(target, out -> {
      try (var s = Files.list(dir)) {
        String tmp = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).findFirst().orElseThrow();
        assertTrue(tmp.startsWith(".r.sarif." + ProcessHandle.current().pid() + "."), tmp);
      }
    });
  }
}
