package org.dbosconductor.synth;

/** The program failed under the mock cloud; the message is the program's own, for the user. */
public final class SynthException extends RuntimeException {
    public SynthException(String message) {
        super(message);
    }
}
