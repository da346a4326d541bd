package faultline.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.report.Fingerprints;
import faultline.report.SarifReport;
import faultline.report.TextReport;
import faultline.report.ToolInfo;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same bytes: SARIF and text from one parser thread and from several, and from two runs, are
 * identical (timestamps pinned, as SOURCE_DATE_EPOCH does in the CLI). Run on the fixtures and on a generated
 * kernel-style tree with cross-file calls, inverted lock orders and ops tables, where thread interleaving would
 * show if any order depended on it.
 */
class DeterminismTest {

  private static final Instant PINNED = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void fixturesGiveTheSameBytesWithOneAndManyThreads() {
    Path testdata = Path.of(System.getProperty("testdata.dir", "../testdata"));
    assertSameBytes(testdata);
  }

  @Test
  void aGeneratedTreeGivesTheSameBytesWithOneAndManyThreads() {
    assertSameBytes(KernelStyleCorpus.write(dir, 150, 42));
  }

  private static void assertSameBytes(Path root) {
    String sequential = render(root, 1);
    String parallel = render(root, 4);
    String again = render(root, 4);
    assertTrue(sequential.contains("\"ruleId\""), "no findings: the comparison would prove little");
    assertEquals(sequential, parallel, "--jobs 1 and --jobs 4 differ");
    assertEquals(parallel, again, "two runs differ");
  }

  private static String render(Path root, int jobs) {
    ScanResult r = Scanner.scan(ScanOptions.of(root, List.of(root)).withJobs(jobs));
    ScanResult pinned = new ScanResult(r.root(), r.findings(), r.notifications(), r.rules(), r.stats(), PINNED, PINNED);
    String sarif = SarifReport.render(pinned, Fingerprints.compute(pinned.root(), pinned.findings()),
        new SarifReport.Settings(new ToolInfo("faultline", "0.0.0-test", "https://example.invalid"), 1, false));
    String text = TextReport.render(pinned.findings(), pinned.notifications(), TextReport.Style.PLAIN);
    return sarif + "\n----\n" + text;
  }
}
