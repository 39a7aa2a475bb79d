package org.dbosconductor;

import com.pulumi.Pulumi;
import org.dbosconductor.synth.SynthCommand;

import java.util.Arrays;

/**
 * One jar, two entry points: started by the Pulumi engine (no arguments) it runs the program;
 * started as {@code java -jar dbos-conductor.jar synth ...} it runs the offline synth.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("synth")) {
            System.exit(SynthCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Pulumi.run(DbosConductorProgram::run);
    }
}
