package faultline.bench;

import faultline.frontend.CFrontend;
import faultline.frontend.FrontendOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of the whole-tree benchmark: {@link CFrontend#rawParse} (CDT parse with the scan's configuration,
 * AST dropped) over a file list on {@code jobs} threads with the scanner's thread stack size. Not part of the CLI;
 * run as {@code java -cp faultline.jar faultline.bench.RawParse ROOT LIST [JOBS]}.
 */
public final class RawParse {

  private static final long PARSER_STACK_BYTES = 256L << 20;

  private RawParse() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RawParse ROOT FILE-LIST [JOBS]");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    List<Path> files = FileList.read(Path.of(args[1]), root);
    int jobs = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    CFrontend frontend = new CFrontend(FrontendOptions.fuzzy());
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(null, r, "raw-parse-" + threadNo.incrementAndGet(), PARSER_STACK_BYTES);
      t.setDaemon(true);
      return t;
    });
    AtomicLong problems = new AtomicLong();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    for (Path file : files) {
      pool.execute(() -> {
        int n = frontend.rawParse(file);
        if (n < 0) failed.incrementAndGet();
        else problems.addAndGet(n);
      });
    }
    pool.shutdown();
    pool.awaitTermination(7, TimeUnit.DAYS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "raw-parse: %d files, %d problem nodes, %d not parsed, %.1f s on %d threads%n",
        files.size(), problems.get(), failed.get(), seconds, jobs);
  }
}
