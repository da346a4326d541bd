package faultline.frontend;

import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.ir.TranslationUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

/**
 * The C front-end: one file in, one {@link TranslationUnit} out. Never throws: unreadable, binary, too large,
 * too slow or crashing inputs give an empty (or, for a lowering timeout, partial) unit with a {@link ParseIssue}.
 * Thread-safe: each call parses on the calling thread with its own CDT objects; only immutable configuration and
 * (in precise mode) the header text cache are shared.
 */
public final class CFrontend {

  private final FrontendOptions options;
  private final CdtSetup setup;

  public CFrontend(FrontendOptions options) {
    this(options, true);
  }

  /** For measurements: {@code usePrelude = false} parses with plain CDT (no kernel prelude). */
  CFrontend(FrontendOptions options, boolean usePrelude) {
    this(options, usePrelude, true);
  }

  /** {@code selectPrelude = false}: every prelude macro predefined for every file (tests of the selection). */
  CFrontend(FrontendOptions options, boolean usePrelude, boolean selectPrelude) {
    this.options = options;
    this.setup = new CdtSetup(options, usePrelude, selectPrelude);
  }

  /** The CDT configuration in use (for the measurement harness, same package). */
  CdtSetup setup() {
    return setup;
  }

  /** Hash of the built-in kernel prelude: include it in any cache key of front-end output. */
  public static String preludeVersion() {
    return KernelPrelude.get().version();
  }

  /**
   * Parses and lowers {@code file}; {@code relativePath} (relative to the scan root) names it in every
   * {@link Span}. Reads the file itself; a caller that already holds its bytes uses
   * {@link #parse(Path, String, byte[])}.
   */
  public TranslationUnit parse(Path file, String relativePath) {
    Span fileStart = Span.point(relativePath, 1, 1);
    byte[] bytes;
    try {
      // Checked before reading: a file over the limit is never loaded into memory.
      long size = Files.size(file);
      if (size > options.maxFileBytes()) return tooLarge(relativePath, size, fileStart);
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return empty(relativePath, 0, issue(ParseIssue.Kind.UNREADABLE, "cannot read file: " + e.getMessage(), fileStart));
    } catch (OutOfMemoryError e) {
      return empty(relativePath, 0, issue(ParseIssue.Kind.INTERNAL,
          "front-end failure: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          fileStart));
    }
    return parse(file, relativePath, bytes);
  }

  /**
   * Parses and lowers {@code bytes}, the content of {@code file} as the caller read it (the scanner reads each
   * file once, hashes those bytes for its cache key and hands the same array here). {@code file} still matters:
   * precise mode looks up its compile flags, and CDT resolves {@code #include "..."} relative to it. The array is
   * only read, never kept.
   */
  public TranslationUnit parse(Path file, String relativePath, byte[] bytes) {
    List<ParseIssue> issues = new ArrayList<>();
    Span fileStart = Span.point(relativePath, 1, 1);
    int lines = 0;
    try {
      if (bytes.length > options.maxFileBytes()) return tooLarge(relativePath, bytes.length, fileStart);
      if (TextDecoding.looksBinary(bytes)) {
        return empty(relativePath, 0, issue(ParseIssue.Kind.UNREADABLE, "not a text file", fileStart));
      }
      SourceText src = new SourceText(relativePath, TextDecoding.decode(bytes));
      lines = src.lineCount();
      long deadline = System.nanoTime() + options.perFileTimeLimit().toNanos();
      CdtSetup.Parsed parsed = setup.parse(file, src.chars(), deadline);
      if (parsed.cancelled()) {
        return empty(relativePath, lines, issue(ParseIssue.Kind.TIMEOUT,
            "parsing took longer than " + options.perFileTimeLimit().toSeconds() + " s", fileStart));
      }
      if (parsed.ast() == null) {
        return empty(relativePath, lines, issue(ParseIssue.Kind.TOO_LARGE,
            "more than " + CdtSetup.MAX_TOKENS_PER_FILE + " tokens after macro expansion", fileStart));
      }
      IASTTranslationUnit ast = parsed.ast();
      if (setup.precise()) missingIncludes(ast, src, issues);
      return new FileLowering(src, deadline).lower(ast, issues);
    } catch (FunctionState.DeadlineExceeded e) {
      return empty(relativePath, lines, issue(ParseIssue.Kind.TIMEOUT,
          "lowering took longer than " + options.perFileTimeLimit().toSeconds() + " s", fileStart));
    } catch (StackOverflowError e) {
      return empty(relativePath, lines, issue(ParseIssue.Kind.INTERNAL, "nesting too deep (stack overflow)", fileStart));
    } catch (Throwable e) {
      return empty(relativePath, lines, issue(ParseIssue.Kind.INTERNAL,
          "front-end failure: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          fileStart));
    }
  }

  private TranslationUnit tooLarge(String relativePath, long size, Span fileStart) {
    return empty(relativePath, 0, issue(ParseIssue.Kind.TOO_LARGE,
        "file has " + size + " bytes, more than the limit of " + options.maxFileBytes(), fileStart));
  }

  /**
   * Only the CDT parse, with exactly the configuration {@link #parse} uses, plus the same problem-node count
   * pass; the AST is dropped. The baseline for front-end benchmarks. Returns the number of problem nodes, or -1
   * when the file could not be read or parsed (it never throws).
   */
  public int rawParse(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (TextDecoding.looksBinary(bytes)) return -1;
      SourceText src = new SourceText(file.toString(), TextDecoding.decode(bytes));
      long deadline = System.nanoTime() + options.perFileTimeLimit().toNanos();
      CdtSetup.Parsed parsed = setup.parse(file, src.chars(), deadline);
      if (parsed.cancelled() || parsed.ast() == null) return -1;
      return FileLowering.problems(parsed.ast(), src, null);
    } catch (Throwable e) {
      return -1;
    }
  }

  private static void missingIncludes(IASTTranslationUnit ast, SourceText src, List<ParseIssue> issues) {
    for (IASTPreprocessorIncludeStatement include : ast.getIncludeDirectives()) {
      if (include.isResolved() || !include.isPartOfTranslationUnitFile() || !include.isActive()) continue;
      issues.add(new ParseIssue(ParseIssue.Kind.MISSING_INCLUDE, "include not found: " + include.getName(),
          src.span(include)));
    }
  }

  private static ParseIssue issue(ParseIssue.Kind kind, String message, Span at) {
    return new ParseIssue(kind, message, at);
  }

  private static TranslationUnit empty(String file, int lines, ParseIssue issue) {
    return new TranslationUnit(file, lines, List.of(), List.of(), List.of(issue), 0);
  }
}
