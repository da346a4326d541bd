package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a real {@code faultline scan -o report.sarif} (a child JVM; {@link Process#destroyForcibly()} is
 * SIGKILL on Linux) at several moments, from JVM start-up to the middle of writing the report, and checks that
 * report.sarif is always either the previous complete report or the complete new one, byte for byte, never a
 * truncated file. A killed writer's hidden temporary file may stay behind (nothing in the killed process can remove
 * it); the next run to the same target removes it, so after one more run the directory holds only the report.
 */
class KillDuringScanTest {

  private static final int DRIVERS = 80;

  @TempDir Path dir;

  @Test
  void sigkillAtAnyMomentLeavesThePreviousOrTheCompleteNewReport() throws Exception {
    KernelStyleCorpus.write(dir.resolve("tree"), DRIVERS, 7);
    KernelStyleCorpus.write(dir.resolve("small"), 2, 7);
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path report = outDir.resolve("report.sarif");

    Cli.Run previousRun = Cli.run(dir, "scan", "--format", "sarif", "-o", "previous.sarif", "--fail-on", "none", "small");
    assertEquals(0, previousRun.exitCode(), previousRun.stderr());
    byte[] previous = Files.readAllBytes(dir.resolve("previous.sarif"));

    long t0 = System.nanoTime();
    Cli.Run cleanRun = Cli.run(dir, "scan", "--format", "sarif", "-o", "clean.sarif", "--fail-on", "none", "--jobs", "2", "tree");
    long cleanMillis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, cleanRun.exitCode(), cleanRun.stderr());
    byte[] complete = Files.readAllBytes(dir.resolve("clean.sarif"));
    new ObjectMapper().readTree(complete);
    assertTrue(new String(complete, java.nio.charset.StandardCharsets.UTF_8).contains("\"ruleId\""),
        "the generated tree must give findings, so the report is large and its writing takes a while");

    List<String> outcomes = new ArrayList<>();
    for (double fraction : new double[] {0.1, 0.5, 0.9}) {
      Files.write(report, previous);
      Process p = start();
      Thread.sleep((long) (cleanMillis * fraction));
      p.destroyForcibly().waitFor();
      outcomes.add(fraction + ": " + check(report, previous, complete));
    }

    boolean killedMidWrite = false;
    for (int attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
      Files.write(report, previous);
      Process p = start();
      while (p.isAlive() && temporaries(outDir).isEmpty()) Thread.onSpinWait();
      if (p.isAlive()) {
        p.destroyForcibly().waitFor();
        killedMidWrite = true;
      }
      p.waitFor();
      outcomes.add("mid-write attempt " + attempt + (killedMidWrite ? " (killed while the temporary file existed)" : "")
          + ": " + check(report, previous, complete));
    }
    if (!killedMidWrite) fail("never caught the writer between creating and renaming its temporary file: " + outcomes);

    // The next run cleans up after the killed ones and leaves exactly the report.
    Process last = start();
    assertEquals(0, last.waitFor());
    assertArrayEquals(complete, Files.readAllBytes(report));
    assertEquals(List.of(), temporaries(outDir), "temporary files left after a clean run: " + outcomes);
    try (Stream<Path> s = Files.list(outDir)) {
      assertEquals(List.of(report), s.toList());
    }
    System.out.println("kill outcomes: " + outcomes);
  }

  private Process start() throws IOException {
    return Cli.builder(dir, List.of(), List.of("scan", "--format", "sarif", "-o", "out/report.sarif", "--fail-on", "none",
        "--jobs", "2", "tree")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static String check(Path report, byte[] previous, byte[] complete) throws IOException {
    byte[] now = Files.readAllBytes(report);
    if (Arrays.equals(now, previous)) return "previous report";
    if (Arrays.equals(now, complete)) return "complete new report";
    throw new AssertionError("report.sarif is neither the previous nor the complete report: " + now.length
        + " bytes (previous " + previous.length + ", complete " + complete.length + ")");
  }

  private static List<Path> temporaries(Path outDir) throws IOException {
    try (Stream<Path> s = Files.list(outDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
