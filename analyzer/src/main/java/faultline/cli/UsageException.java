package faultline.cli;

/** Bad usage or unreadable input named on the command line: exit code 2, the message on one line. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
