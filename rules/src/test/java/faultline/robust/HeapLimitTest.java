package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree with two generated 2 MB files scanned in a child JVM with a 128 MiB heap: each such parse needs more
 * than the whole heap. Without the heap guard the parses died with OutOfMemoryError and the JVM spent minutes in
 * garbage collection; with it, the big files are skipped with a "heap limit" warning, the scan completes, and the
 * small drivers are analysed as usual.
 */
class HeapLimitTest {

  @TempDir Path dir;

  @Test
  void filesThatDoNotFitTheHeapAreSkippedWithAWarningAndTheScanGoesOn() throws IOException {
    Path tree = KernelStyleCorpus.write(dir.resolve("tree"), 40, 3);
    Path generated = Files.createDirectories(tree.resolve("generated"));
    for (int k = 0; k < 2; k++) writeTable(generated.resolve("table" + k + ".c"), k);

    Cli.Run run = Cli.run(dir, List.of("-Xmx128m"),
        List.of("scan", "--format", "sarif", "-o", "report.sarif", "--fail-on", "none", "--jobs", "2", "tree"));

    assertEquals(0, run.exitCode(), run.stderr());
    assertFalse(run.stderr().contains("OutOfMemoryError"), run.stderr());
    JsonNode sarif = new ObjectMapper().readTree(dir.resolve("report.sarif").toFile());
    JsonNode runNode = sarif.get("runs").get(0);
    List<String> skipped = new ArrayList<>();
    for (JsonNode n : runNode.get("invocations").get(0).path("toolExecutionNotifications")) {
      String text = n.get("message").get("text").asText();
      if (text.contains("skipped: heap limit")) skipped.add(text.substring(0, text.indexOf(':')));
    }
    assertEquals(List.of("tree/generated/table0.c", "tree/generated/table1.c"), skipped.stream().sorted().toList());
    assertTrue(runNode.get("results").size() > 0, "the drivers that fit were not analysed");
  }

  /** About 2 MB of small locked functions: harmless C, just too much of it for a 128 MiB heap. */
  private static void writeTable(Path file, int k) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int i = 0; i < 12_000; i++) {
        w.write("int gen" + k + "_" + i + "(struct dev *d, int v)\n{\n\tspin_lock(&d->lock);\n\tif (v > " + i
            + ") d->count += v * " + i + " + (v << 2) - (v >> 1);\n\tspin_unlock(&d->lock);\n\treturn d->count;\n}\n");
      }
    }
  }
}
