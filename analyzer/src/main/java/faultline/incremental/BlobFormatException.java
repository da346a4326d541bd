package faultline.incremental;

/**
 * A blob that does not decode: truncated, damaged, or not written by {@link BlobWriter} in the order it is being
 * read. The only exception {@link BlobReader} throws, so that a snapshot reader can treat any bad entry as a miss.
 * Rules that read a snapshot's facts lazily (a rescan's summaries) must not see it as their own failure: it is a
 * {@link faultline.rule.FactsUnavailable}, which stops the rules, and the rescan becomes a full analysis.
 */
public final class BlobFormatException extends faultline.rule.FactsUnavailable {

  private static final long serialVersionUID = 1L;

  public BlobFormatException(String message) {
    super(message);
  }
}
