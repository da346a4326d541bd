package faultline.frontend;

import faultline.cache.IrCodec;
import faultline.ir.TranslationUnit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Dev harness for front-end performance work; not a test, never run by the build. Two modes:
 * <pre>
 * java -cp ... faultline.frontend.IrSnapshot digests ROOT OUT [dirs...]  # SHA-256 of IrCodec bytes per file
 * java -cp ... faultline.frontend.IrSnapshot heap ROOT [dirs...]         # IR retained: heap + class histogram
 * </pre>
 * {@code digests} proves a speed or layout change kept the IR identical (diff two OUT files); {@code heap} keeps
 * every unit alive, as the scanner does until the rules have run, and reports what that costs.
 * With no dirs: every .c under ROOT plus include/**&#47;*.h.
 */
public final class IrSnapshot {

  private static final int THREADS = 2;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path root = Path.of(args[1]);
    switch (mode) {
      case "digests" -> digests(root, Path.of(args[2]), KernelMeasure.files(root, rest(args, 3)));
      case "heap" -> heap(root, KernelMeasure.files(root, rest(args, 2)));
      default -> throw new IllegalArgumentException(mode);
    }
    System.exit(0);
  }

  private static List<String> rest(String[] args, int from) {
    return List.of(args).subList(from, args.length);
  }

  /** Parses every file on {@link #THREADS} threads; the units in file order. */
  private static List<TranslationUnit> parseAll(Path root, List<Path> files) throws Exception {
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(null, r, "snapshot", 256L << 20);
      t.setDaemon(true);
      return t;
    });
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[1];
    List<Future<TranslationUnit>> futures = new ArrayList<>();
    for (Path f : files) {
      futures.add(pool.submit(() -> {
        long c0 = mx.getCurrentThreadCpuTime();
        TranslationUnit u = frontend.parse(f, root.relativize(f).toString());
        long c = mx.getCurrentThreadCpuTime() - c0;
        synchronized (cpu) {
          cpu[0] += c;
        }
        return u;
      }));
    }
    List<TranslationUnit> units = new ArrayList<>(files.size());
    for (Future<TranslationUnit> fu : futures) units.add(fu.get());
    pool.shutdown();
    System.out.printf(Locale.ROOT, "parse CPU %.1f s over %d files%n", cpu[0] / 1e9, files.size());
    return units;
  }

  private static void digests(Path root, Path out, List<Path> files) throws Exception {
    List<TranslationUnit> units = parseAll(root, files);
    StringBuilder text = new StringBuilder();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (TranslationUnit u : units) {
      text.append(HexFormat.of().formatHex(sha.digest(IrCodec.encode(u)))).append(' ').append(u.file()).append('\n');
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
    System.out.println("wrote " + units.size() + " digests to " + out);
  }

  private static void heap(Path root, List<Path> files) throws Exception {
    long before = usedAfterGc();
    List<TranslationUnit> units = parseAll(root, files);
    long lines = units.stream().mapToLong(TranslationUnit::lines).sum();
    long held = usedAfterGc() - before;
    System.out.printf(Locale.ROOT, "%d files, %d lines: IR retained %.1f MiB, %.1f bytes/line%n", units.size(), lines,
        held / 1048576.0, (double) held / lines);
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
      r.lines().limit(40).forEach(System.out::println);
    }
    jcmd.waitFor();
    System.out.println("units kept: " + units.size()); // keeps the list reachable through the histogram
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
