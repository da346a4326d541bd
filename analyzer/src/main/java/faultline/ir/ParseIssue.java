package faultline.ir;

/**
 * Something the front-end could not read, or a whole file it gave up on. Never fatal: the scan goes on and
 * outputs show these as notifications. {@code kind} groups them for statistics.
 */
public record ParseIssue(Kind kind, String message, Span at) {
  public enum Kind {
    /** A CDT problem node inside a function or declaration. */
    SYNTAX,
    /** The file could not be read (I/O, permissions, not text). */
    UNREADABLE,
    /** The per-file time limit was exceeded. */
    TIMEOUT,
    /** The file is larger than the configured maximum. */
    TOO_LARGE,
    /** Recursion too deep, parser bug or any other internal failure while reading this file. */
    INTERNAL,
    /** An #include that was not found in precise mode. */
    MISSING_INCLUDE;

    /**
     * Whether the issue depends on the moment rather than the file (a slow parse, a read error, a crash): caches
     * do not keep such results, so the next scan reads the file again.
     */
    public boolean isTransient() {
      return this == TIMEOUT || this == INTERNAL || this == UNREADABLE;
    }
  }
}
