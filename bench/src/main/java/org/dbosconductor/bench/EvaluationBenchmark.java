package org.dbosconductor.bench;

import org.dbosconductor.DbosConductorProgram;
import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.StackFile;
import org.dbosconductor.synth.Synthesizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One evaluation of the program under the mock cloud, as the synth runs it: every resource registered,
 * every output resolved, the plan built. The JVM is warm (JMH warms it up), so this is the program's own
 * cost without start-up; scripts/bench.sh measures start-up separately with hyperfine.
 * Run from the project directory (the stack files are read from the working directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class EvaluationBenchmark {
    @Param({"dev", "prod"})
    public String stack;

    private StackFile file;
    private String region;

    @Setup
    public void load() {
        file = StackFile.load(Path.of(System.getProperty("user.dir")), stack);
        region = file.config().getOrDefault("aws:region", "us-west-2");
    }

    @Benchmark
    public Plan evaluate() {
        return new Synthesizer(file.project(), stack, file.config(), file.secretKeys(), file.placeholderKeys(),
                new MockCloud(region, MockCloud.defaultElbHostname(region))).run(DbosConductorProgram::run);
    }
}
