package faultline.scan;

/** Input the scan cannot use at all (nothing to scan, a named path that does not exist). The message is one line for the user. */
public final class ScanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScanException(String message) {
    super(message);
  }
}
