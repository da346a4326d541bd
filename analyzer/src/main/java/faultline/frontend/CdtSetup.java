package faultline.frontend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.IParserSettings2;
import org.eclipse.cdt.core.parser.ParseError;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;
import org.eclipse.cdt.internal.core.util.ICancelable;
import org.eclipse.cdt.internal.core.util.ICanceler;

/**
 * Everything about how CDT is asked to parse: the GNU C dialect, parse options, predefined macros (the kernel
 * prelude), and where included files come from.
 *
 * <p>Fuzzy mode (no -I, -D, compile database): no header is read (every #include yields nothing), the prelude
 * supplies kernel macros, and every {@code CONFIG_*} identifier that occurs in the file is predefined to 1 so
 * that {@code #ifdef CONFIG_X} code, the bulk of driver code, is parsed ("allyes" view; {@code #else}
 * branches of such tests are skipped).
 *
 * <p>Precise mode: headers are read from the include directories; each header's text is read once per scan
 * and shared between threads (the preprocessor still runs per file, as C requires). Missing headers are
 * tolerated and reported. The prelude is still predefined, so it applies where headers do not define a name;
 * for the names the lowering depends on (guards, scoped guards, CLASS, sparse annotations and the lock macros
 * that must stay calls: {@link #PROTECTED_IN_HEADERS} plus the prelude's markers) the definitions in headers are
 * blanked out so the prelude's meaning wins.
 *
 * <p>Thread-safe: one instance serves all threads; per-parse objects (scanner info, content provider, log)
 * are created per call.
 */
final class CdtSetup {

  /** Lock macros of the kernel headers that must stay plain calls with their real names in precise mode. */
  static final Set<String> PROTECTED_IN_HEADERS = Set.of("guard", "scoped_guard", "scoped_cond_guard", "CLASS",
      "__acquires", "__releases", "__must_hold", "__cond_acquires", "spin_lock_irqsave", "raw_spin_lock_irqsave",
      "read_lock_irqsave", "write_lock_irqsave", "local_irq_save", "spin_trylock_irqsave", "raw_spin_trylock_irqsave",
      "spin_lock_irqsave_nested", "raw_spin_lock_irqsave_nested", "spin_lock_nested", "raw_spin_lock",
      "raw_spin_unlock", "raw_spin_lock_irq", "raw_spin_unlock_irq", "raw_spin_unlock_irqrestore", "mutex_lock",
      "mutex_lock_interruptible", "mutex_lock_killable", "mutex_lock_nested", "mutex_lock_io", "down_read_nested",
      "down_write_nested", "spin_lock_bh_nested", "read_lock", "read_unlock", "write_lock", "write_unlock",
      "read_lock_irq", "read_unlock_irq", "write_lock_irq", "write_unlock_irq", "read_lock_bh", "read_unlock_bh",
      "write_lock_bh", "write_unlock_bh", "read_unlock_irqrestore", "write_unlock_irqrestore", "local_irq_restore",
      "local_irq_disable", "local_irq_enable", "copy_to_user", "copy_from_user", "get_user", "put_user");

  private static final int OPTIONS = ILanguage.OPTION_NO_IMAGE_LOCATIONS
      | ILanguage.OPTION_SKIP_TRIVIAL_EXPRESSIONS_IN_AGGREGATE_INITIALIZERS;

  private static final PreludeSelection PRELUDE_FOR_TEXT = new PreludeSelection(KernelPrelude.get().macros(),
      java.util.Arrays.stream(org.eclipse.cdt.core.dom.parser.c.GCCScannerExtensionConfiguration.getInstance()
          .getAdditionalMacros()).map(m -> new String(m.getExpansion())).toList());

  private final FrontendOptions options;
  private final boolean usePrelude;
  /** Whether a fuzzy parse predefines only the prelude's macros its text can reach ({@link PreludeSelection}). */
  private final boolean selectPrelude;
  private final Map<String, Optional<char[]>> headerCache = new ConcurrentHashMap<>();
  private final Set<String> protectedNames;

  CdtSetup(FrontendOptions options) {
    this(options, true);
  }

  /** {@code usePrelude = false}: plain CDT, no prelude and no CONFIG_ symbols (the measurement baseline). */
  CdtSetup(FrontendOptions options, boolean usePrelude) {
    this(options, usePrelude, true);
  }

  /** {@code selectPrelude = false}: every prelude macro for every file, as before {@link PreludeSelection} (tests). */
  CdtSetup(FrontendOptions options, boolean usePrelude, boolean selectPrelude) {
    this.options = options;
    this.usePrelude = usePrelude;
    this.selectPrelude = selectPrelude;
    Set<String> names = new java.util.HashSet<>(PROTECTED_IN_HEADERS);
    for (String n : KernelPrelude.get().names()) {
      if (n.startsWith("guard") || n.startsWith("scoped_") || n.equals("CLASS")) names.add(n);
    }
    this.protectedNames = Set.copyOf(names);
    warmUp();
  }

  /**
   * Loads and initialises CDT's scanner and parser classes once, with no deadline, before any timed parse: a cold
   * first parse on a loaded machine can take seconds, and a parse's time limit should measure the file, not
   * CDT's class loading (nor may a hard stop ever land in one of its static initializers).
   */
  private static void warmUp() {
    synchronized (CdtSetup.class) {
      if (warmedUp) return;
      warmedUp = true;
    }
    try {
      char[] sample = "struct s { int a; }; static int f(struct s *p) { if (p->a) return (p->a + 1) * 2; return 0; }\n"
          .toCharArray();
      GCCLanguage.getDefault().getASTTranslationUnit(FileContent.create("/faultline-warm-up.c", sample),
          new ExtendedScannerInfo(KernelPrelude.get().macros(), new String[0]), new NoHeaders(), null, OPTIONS,
          new CancelableLog());
    } catch (Exception | LinkageError e) {
      // The real parses report whatever is wrong.
    }
  }

  private static boolean warmedUp;

  boolean precise() {
    return options.precise();
  }

  /**
   * The result of one parse. {@code cancelled}: the deadline passed (no or a partial AST); {@code ast == null}
   * without {@code cancelled}: the file expanded to more than {@link #MAX_TOKENS_PER_FILE} tokens.
   */
  record Parsed(IASTTranslationUnit ast, boolean cancelled) {}

  /**
   * Parses {@code content} as the file at {@code file}. Cancels the parse when {@code deadlineNanos} (a
   * {@link System#nanoTime()} value) passes; a cancelled parse returns {@code cancelled = true}.
   */
  Parsed parse(Path file, char[] content, long deadlineNanos) throws Exception {
    String path = file.toAbsolutePath().normalize().toString();
    Map<String, String> macros;
    if (!usePrelude) {
      macros = new HashMap<>();
    } else if (options.precise()) {
      macros = new HashMap<>(KernelPrelude.get().macros());
    } else {
      // Fuzzy mode reads no header: the file's text is all the prelude's macros can meet, so only those it can
      // reach, and the CONFIG_ symbols it tests.
      macros = PRELUDE_FOR_TEXT.select(content, configSymbols(content), selectPrelude);
    }
    List<String> includeDirs = new ArrayList<>();
    if (options.precise()) {
      for (Path p : options.includeDirs()) includeDirs.add(p.toString());
      macros.putAll(options.defines());
      options.flagsFor(file).ifPresent(flags -> {
        for (Path p : flags.includeDirs()) includeDirs.add(p.toString());
        macros.putAll(flags.defines());
      });
    }
    ExtendedScannerInfo info = new ExtendedScannerInfo(macros, includeDirs.toArray(new String[0]));
    info.setParserSettings(TOKEN_LIMIT);
    InternalFileContentProvider provider = options.precise() ? new HeaderProvider() : new NoHeaders();
    CancelableLog log = new CancelableLog();
    HardStop hardStop = new HardStop(Thread.currentThread());
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    Watch watch = Watchdog.watch(log, hardStop, deadlineNanos, deadlineNanos + Math.max(HARD_STOP_GRACE_NANOS, delay / 2));
    try {
      IASTTranslationUnit ast = null;
      boolean cancelled = false;
      try {
        ast = GCCLanguage.getDefault()
            .getASTTranslationUnit(FileContent.create(path, content), info, provider, null, OPTIONS, log);
      } catch (RuntimeException | ParseError e) {
        // A cancelled parse ends in CDT's ParseError (an Error) or whatever the cancel broke: that is our
        // timeout, not a crash. Anything else is a real failure.
        boolean timeout = e instanceof ParseError pe && pe.getErrorKind() == ParseError.ParseErrorKind.TIMEOUT_OR_CANCELLED;
        if (!timeout && !log.isCanceled()) throw e;
        cancelled = true;
      }
      hardStop.finished();
      // A null AST without cancellation: CDT stopped at MAX_TOKENS_PER_FILE.
      return new Parsed(ast, cancelled || log.isCanceled());
    } catch (ThreadDeath e) {
      // Our own hard stop (see HardStop), delivered inside the parse or while it was finishing. HotSpot also
      // interrupts the stopped thread; left set, that flag would fail the next blocking call of this worker.
      Thread.interrupted();
      return new Parsed(null, true);
    } finally {
      hardStop.finished();
      Watchdog.unwatch(watch);
    }
  }

  /**
   * CDT's lexer checks for cancellation once per token, but its macro expander does not: a file whose macros
   * expand exponentially ({@code #define X1 X0 X0}, ... {@code X40}) stays in one expansion until the heap is
   * gone. Two guards: CDT's own token limit (the counter is static in CDT, shared by all parser threads, and reset
   * by each new parse, so with several threads it is only a soft bound), and {@link HardStop}.
   */
  static final int MAX_TOKENS_PER_FILE = 25_000_000;

  private static final IParserSettings2 TOKEN_LIMIT = new IParserSettings2() {
    @Override public boolean shouldLimitTokensPerTranslationUnit() {
      return true;
    }

    @Override public int getMaximumTokensPerTranslationUnit() {
      return MAX_TOKENS_PER_FILE;
    }

    @Override public int getMaximumTrivialExpressionsInAggregateInitializers() {
      return -1; // as without settings: the OPTION_SKIP_TRIVIAL_EXPRESSIONS_IN_AGGREGATE_INITIALIZERS default
    }
  };

  /** How long after the deadline a parse that ignored its cancellation is stopped by force. */
  private static final long HARD_STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * Last resort for a parse that does not react to cancellation (stuck in CDT's macro expander): stops the
   * parsing thread with {@link Thread#stop()}, whose {@link ThreadDeath} unwinds CDT's per-parse objects and is
   * caught in {@link #parse}. The lock makes sure it only ever lands inside CDT's call, never after it returned.
   * Never while the thread runs a static initializer: a class whose initializer dies is unusable for the rest of
   * the JVM's life (the fuzz campaign found every later file failing with "Could not initialize class
   * CPreprocessor" after a stop during CDT's first, cold parse); then it waits and tries again.
   * On JDK 20 and later {@code Thread.stop} is gone (it throws); there such a parse is bounded by the token limit
   * and, with several parser threads, by memory only.
   */
  static final class HardStop {
    private final Thread parser;
    private boolean done;
    private boolean stopped;

    HardStop(Thread parser) {
      this.parser = parser;
    }

    synchronized void finished() {
      done = true;
    }

    @SuppressWarnings({"deprecation", "removal"})
    synchronized void stop() {
      if (done || stopped) return;
      for (StackTraceElement frame : parser.getStackTrace()) {
        // The watchdog asks again at its next look.
        if (frame.getMethodName().equals("<clinit>")) return;
      }
      stopped = true;
      try {
        parser.stop();
      } catch (UnsupportedOperationException | SecurityException e) {
        // JDK 20+: cannot stop threads; see the class comment.
      }
    }
  }


  /** Identifiers CONFIG_* occurring anywhere in the text, in order of first occurrence. */
  static Set<String> configSymbols(char[] content) {
    // a plain scan: a regex with \b costs as much as a fifth of the CDT parse on large files
    Set<String> symbols = new LinkedHashSet<>();
    int n = content.length;
    for (int i = 0; i + 7 < n; i++) {
      if (content[i] != 'C' || content[i + 1] != 'O' || content[i + 2] != 'N' || content[i + 3] != 'F'
          || content[i + 4] != 'I' || content[i + 5] != 'G' || content[i + 6] != '_') continue;
      if (i > 0 && isIdentifierChar(content[i - 1])) continue;
      int end = i + 7;
      while (end < n && isIdentifierChar(content[end])) end++;
      if (end > i + 7) symbols.add(new String(content, i, end - i));
      i = end;
    }
    return symbols;
  }

  private static boolean isIdentifierChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Fuzzy mode: every #include yields nothing, without touching the file system. */
  private static final class NoHeaders extends InternalFileContentProvider {
    @Override public boolean getInclusionExists(String path) {
      return false;
    }

    @Override public InternalFileContent getContentForInclusion(String path, IMacroDictionary macros) {
      return null;
    }

    @Override public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
      return null;
    }
  }

  /** Precise mode: headers from disk through the shared cache. */
  private final class HeaderProvider extends InternalFileContentProvider {
    @Override public boolean getInclusionExists(String path) {
      return header(path).isPresent();
    }

    @Override public InternalFileContent getContentForInclusion(String path, IMacroDictionary macros) {
      Optional<char[]> text = header(path);
      return text.map(chars -> (InternalFileContent) FileContent.create(path, chars)).orElse(null);
    }

    @Override public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
      return getContentForInclusion(astPath, null);
    }
  }

  private Optional<char[]> header(String path) {
    return headerCache.computeIfAbsent(path, p -> {
      try {
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) return Optional.empty();
        return Optional.of(blankProtectedDefines(TextDecoding.decode(Files.readAllBytes(file))));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Replaces the lines of {@code #define NAME} for protected names (and their continuation lines) by
   * blanks, keeping line structure, so that the prelude's definition of NAME stays in force.
   */
  char[] blankProtectedDefines(char[] text) {
    int i = 0;
    int n = text.length;
    while (i < n) {
      int lineStart = i;
      int j = i;
      while (j < n && (text[j] == ' ' || text[j] == '\t')) j++;
      boolean blank = false;
      if (j < n && text[j] == '#') {
        j++;
        while (j < n && (text[j] == ' ' || text[j] == '\t')) j++;
        if (startsWith(text, j, "define")) {
          j += 6;
          while (j < n && (text[j] == ' ' || text[j] == '\t')) j++;
          int nameStart = j;
          while (j < n && (Character.isLetterOrDigit(text[j]) || text[j] == '_')) j++;
          blank = protectedNames.contains(new String(text, nameStart, j - nameStart));
        }
      }
      // find the end of the logical line
      int k = lineStart;
      while (k < n) {
        if (text[k] == '\n') {
          boolean continued = k > 0 && (text[k - 1] == '\\' || (text[k - 1] == '\r' && k > 1 && text[k - 2] == '\\'));
          if (!continued) break;
        }
        k++;
      }
      if (blank) {
        for (int x = lineStart; x < k; x++) if (text[x] != '\n' && text[x] != '\r') text[x] = ' ';
      }
      i = k + 1;
    }
    return text;
  }

  private static boolean startsWith(char[] text, int at, String word) {
    if (at + word.length() > text.length) return false;
    for (int i = 0; i < word.length(); i++) if (text[at + i] != word.charAt(i)) return false;
    return true;
  }

  /** What the watchdog does for one parse: cancel it at {@code cancelAt}, stop it by force at {@code stopAt}. */
  record Watch(CancelableLog log, HardStop hardStop, long cancelAt, long stopAt) {
    void look(long now) {
      if (now - cancelAt >= 0 && log != null) log.cancel();
      if (now - stopAt >= 0) hardStop.stop();
    }
  }

  /**
   * Cancels parses that run past their deadline: one daemon thread, shared by all instances, that looks at the
   * parses in progress every {@link #PERIOD_NANOS} while there are any (and for a second after the last) and
   * sleeps while there are none (the language server's idle hours). It replaced two timer tasks per file on a
   * scheduled executor, whose queue kept every cancelled task until its time came and woke the timer thread for
   * each: 82,000 wake-ups on a kernel tree. A deadline is now met up to a period late.
   */
  static final class Watchdog {
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Set<Watch> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * Looks with nothing to watch before the thread parks: between two files of a scan no parse may run for a
     * moment, and waking a parked thread costs the parser a system call (0.3 CPU-s when it parked at once).
     */
    private static final int IDLE_LOOKS = 20;
    /** Set while the thread is parked for want of parses, so that only then a new parse wakes it. */
    private static volatile boolean parked;
    private static final Thread THREAD = start();

    private Watchdog() {}

    private static Thread start() {
      Thread t = new Thread(Watchdog::run, "faultline-parse-watchdog");
      t.setDaemon(true);
      t.start();
      return t;
    }

    static Watch watch(CancelableLog log, HardStop hardStop, long cancelAt, long stopAt) {
      Watch w = new Watch(log, hardStop, cancelAt, stopAt);
      RUNNING.add(w);
      // Either this sees the flag the thread set before its last look at RUNNING (the set's count is volatile),
      // or that look sees this watch.
      if (parked) java.util.concurrent.locks.LockSupport.unpark(THREAD);
      return w;
    }

    static void unwatch(Watch w) {
      RUNNING.remove(w);
    }

    private static void run() {
      int idleLooks = 0;
      while (true) {
        if (idleLooks >= IDLE_LOOKS) {
          parked = true;
          // An unpark that came before this park makes it return at once: no wake-up is lost.
          if (RUNNING.isEmpty()) java.util.concurrent.locks.LockSupport.park();
          parked = false;
          idleLooks = 0;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(PERIOD_NANOS);
        if (RUNNING.isEmpty()) {
          idleLooks++;
          continue;
        }
        idleLooks = 0;
        long now = System.nanoTime();
        for (Watch w : RUNNING) {
          try {
            w.look(now);
          } catch (RuntimeException e) {
            // a failed cancel must not end the watchdog; the parse still has the token limit
          }
        }
      }
    }
  }

  /** A log service CDT recognises as a canceler: cancelling it cancels the running scanner and parser. */
  private static final class CancelableLog implements IParserLogService, ICanceler {
    private volatile ICancelable cancelable;
    private volatile boolean canceled;

    @Override public void traceLog(String message) {}

    @Override public boolean isTracing() {
      return false;
    }

    @Override public void setCancelable(ICancelable c) {
      this.cancelable = c;
      if (canceled && c != null) c.cancel();
    }

    @Override public void setCanceled(boolean value) {
      this.canceled = value;
    }

    @Override public boolean isCanceled() {
      return canceled;
    }

    void cancel() {
      canceled = true;
      ICancelable c = cancelable;
      if (c != null) c.cancel();
    }
  }
}
