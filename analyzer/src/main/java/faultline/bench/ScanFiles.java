package faultline.bench;

import faultline.cache.DiskUnitCache;
import faultline.report.AtomicFile;
import faultline.report.Fingerprints;
import faultline.report.SarifReport;
import faultline.report.ToolInfo;
import faultline.scan.ScanListener;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import faultline.scan.UnitCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's scan: every stable rule over a file list, SARIF written to a file, stats on stderr. It runs
 * exactly what {@code faultline scan} runs (Scanner, SarifReport) but takes the file list as a file, since the
 * kernel's 40,000 paths do not fit a command line.
 * Usage: {@code java -cp faultline.jar faultline.bench.ScanFiles ROOT LIST OUT.sarif JOBS CACHE-DIR|--no-cache}.
 */
public final class ScanFiles {

  private ScanFiles() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: ScanFiles ROOT FILE-LIST OUT.sarif JOBS CACHE-DIR|--no-cache");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    List<Path> files = FileList.read(Path.of(args[1]), root);
    Path out = Path.of(args[2]).toAbsolutePath();
    int jobs = Integer.parseInt(args[3]);
    long start = System.nanoTime();
    ScanOptions options = ScanOptions.of(root, files).withJobs(jobs);
    UnitCache cache = args[4].equals("--no-cache") ? UnitCache.NONE : DiskUnitCache.open(Path.of(args[4]), options);
    ScanResult result = Scanner.scan(options, ScanListener.NONE, cache);
    long t0 = System.nanoTime();
    Fingerprints fingerprints = Fingerprints.compute(result.root(), result.findings());
    SarifReport.Settings settings = new SarifReport.Settings(ToolInfo.current(), 0, false);
    AtomicFile.write(out, o -> SarifReport.write(result, fingerprints, settings, o));
    long outputMillis = (System.nanoTime() - t0) / 1_000_000;
    ScanResult.Stats stats = result.stats();
    for (Map.Entry<String, Long> e : stats.phaseMillis().entrySet()) {
      System.err.printf(Locale.ROOT, "  %-24s %10d ms%n", "time." + e.getKey(), e.getValue());
    }
    System.err.printf(Locale.ROOT, "  %-24s %10d ms%n", "time.output", outputMillis);
    for (Map.Entry<String, Long> e : stats.counters().entrySet()) {
      System.err.printf(Locale.ROOT, "  %-24s %10d%n", e.getKey(), e.getValue());
    }
    System.err.printf(Locale.ROOT, "scan: %d files, %d functions, %d findings in %.1f s%n", stats.files(),
        stats.functions(), result.findings().size(), (System.nanoTime() - start) / 1e9);
  }
}
