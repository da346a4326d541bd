package faultline.incremental;

/**
 * A blob that does not decode: truncated, damaged, or not written by {@link BlobWriter} in the order it is being
 * read. The only exception {@link BlobReader} throws, so that a snapshot reader can treat any bad entry as a miss.
 */
public final class BlobFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BlobFormatException(String message) {
    super(message);
  }
}
