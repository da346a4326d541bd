package faultline.robust;

import faultline.report.AtomicFile;
import faultline.report.Fingerprints;
import faultline.report.SarifReport;
import faultline.report.ToolInfo;
import faultline.scan.Notification;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import faultline.scan.UnitCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives {@link Scanner#scan} over a whole tree and writes SARIF, for the robustness runs in ROBUSTNESS.md when the
 * CLI is not at hand (and as the child process of the heap-limit test). Prints the scan's counters, the number of
 * notifications per kind and the most frequent reasons of file-level failures.
 *
 * <p>Usage: {@code TreeScan <root> <out.sarif> [jobs]}.
 */
public final class TreeScan {

  private TreeScan() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int jobs = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    AtomicInteger done = new AtomicInteger();
    ScanListener progress = new ScanListener() {
      @Override public void filesFound(int count) {
        System.err.println("files: " + count);
      }

      @Override public void fileDone(String relativePath) {
        int n = done.incrementAndGet();
        if (n % 2000 == 0) System.err.println("lowered " + n + " files, heap used "
            + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() >> 20) + " MiB");
      }

      @Override public void phase(String name) {
        System.err.println("phase: " + name);
      }
    };
    ScanResult result = Scanner.scan(ScanOptions.of(root, List.of(root)).withJobs(jobs), progress, UnitCache.NONE);
    AtomicFile.write(out, stream -> SarifReport.write(result,
        Fingerprints.compute(result.root(), result.findings()),
        new SarifReport.Settings(ToolInfo.current(), 0, false), stream));
    System.out.println("phases " + result.stats().phaseMillis());
    System.out.println("counters " + result.stats().counters());
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, Integer> reasons = new TreeMap<>();
    for (Notification n : result.notifications()) {
      byKind.merge(n.level() + " " + n.kind(), 1, Integer::sum);
      if (!n.kind().equals("parse")) reasons.merge(n.kind() + ": " + reason(n.message()), 1, Integer::sum);
    }
    System.out.println("notifications " + byKind);
    reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
        .forEach(e -> System.out.println("  " + e.getValue() + "  " + e.getKey()));
    System.out.println("findings " + result.findings().size() + " active " + result.active().size());
  }

  /** The message without its file name and numbers, so that equal reasons group. */
  private static String reason(String message) {
    int colon = message.indexOf(": ");
    String why = colon < 0 ? message : message.substring(colon + 2);
    return why.replaceAll("[0-9]+", "N");
  }
}
