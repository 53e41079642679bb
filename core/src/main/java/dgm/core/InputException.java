package dgm.core;

/**
 * Bad input from the user: an unknown id, a malformed config, bad data, a missing file. The message
 * names the problem and, where there is a finite set, the allowed values. The command line maps it
 * to exit code 2.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
