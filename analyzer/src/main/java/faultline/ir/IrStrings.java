package faultline.ir;

/**
 * Which IR strings are shared across files. The scanner keeps every file's IR until the rules have run, and
 * short texts (identifiers, type texts, literals, member paths: "dev", "struct device *", "&dev->lock") repeat in
 * thousands of files, so the front-end and the cache decoder both pass them through the JVM's string table.
 * Longer texts are mostly unique expressions: interning them would cost more than it saves.
 */
public final class IrStrings {

  /** The longest string that is shared across files. */
  public static final int SHARED_MAX_LENGTH = 48;

  private IrStrings() {}

  /** The one instance of {@code s} for the whole scan when it is short, else {@code s} itself. */
  public static String shared(String s) {
    return s.length() <= SHARED_MAX_LENGTH ? s.intern() : s;
  }
}
