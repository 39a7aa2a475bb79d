package org.dbosconductor.synth;

import com.pulumi.test.Mocks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Mocks} decorator that answers each resource after its typical creation time ({@link CreationTimes}),
 * on a simulated clock. The Pulumi SDK asks the mocks for a resource only once its inputs are resolved and its
 * dependsOn and parent are registered, and resolves its outputs when the answer comes: so the simulated time at
 * which the last answer comes is the length of the program's critical path.
 *
 * <p>The clock is virtual: it moves to the next answer due once every resource that could begin by now
 * has been asked for ({@code waitsFor}, the waits seen in a plain run, tells which those are), so the time the
 * SDK itself spends registering resources counts as nothing, as it does next to cloud minutes, and two runs
 * give the same figures. A resource the SDK does not ask for although everything it was seen waiting for is
 * done stalls the clock at most {@code stallMillis}; it then moves on, and that resource shows up as starting
 * late.
 *
 * <p>Pods need a node whatever the program declares: a Helm release waits for the node groups, a Deployment
 * or Job also for CoreDNS (the gates named at construction), as their own readiness waits would. Invokes,
 * components and reads answer at once.
 */
public final class TimedCloud implements Mocks, AutoCloseable {
    /** One resource's creation in simulated minutes; {@code ready} is when its gates let it begin. */
    public record Timing(String type, String name, double minutes, double start, double ready, double end, List<String> gates) {
    }

    private record Pending(String type, String name, double minutes, double start, List<String> gates, ResourceResult answer,
                           CompletableFuture<ResourceResult> result) {
    }

    private record Due(double time, long order, Pending pending, double ready) {
    }

    private final Mocks cloud;
    private final Map<String, Set<String>> waitsFor;
    private final List<String> nodeGroups;
    private final List<String> dnsAddOns;
    private final long stallNanos;

    private final Object lock = new Object();
    private double now;
    private long order;
    private long lastCall = System.nanoTime();
    private boolean closed;
    private final Set<String> asked = new HashSet<>();
    private final Map<String, Double> finished = new HashMap<>();
    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingDouble(Due::time).thenComparingLong(Due::order));
    private final List<Pending> gated = new ArrayList<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();
    private final Set<String> stalled = new TreeSet<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "deploy-sim-answer");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread clock;

    /**
     * @param waitsFor   by resource name, the resources the SDK was seen waiting for before asking for it (its inputs'
     *                   sources, provider, dependsOn and parent), from a plain run of the same program and config
     * @param nodeGroups names of the node groups pods wait for (empty: pods wait for nothing)
     * @param dnsAddOns  names of the CoreDNS add-ons Deployments and Jobs wait for as well
     */
    public TimedCloud(Mocks cloud, Map<String, Set<String>> waitsFor, Collection<String> nodeGroups, Collection<String> dnsAddOns,
                      long stallMillis) {
        this.cloud = cloud;
        this.waitsFor = Map.copyOf(waitsFor);
        this.nodeGroups = List.copyOf(nodeGroups);
        this.dnsAddOns = List.copyOf(dnsAddOns);
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
        this.clock = new Thread(this::runClock, "deploy-sim-clock");
        clock.setDaemon(true);
        clock.start();
    }

    /** Every resource answered so far, by name, in the order they finished. */
    public Map<String, Timing> timings() {
        synchronized (lock) {
            return Map.copyOf(timings);
        }
    }

    /** Resources the clock had to stop waiting for: everything they were seen waiting for was done, yet the SDK did not ask. */
    public Set<String> stalled() {
        synchronized (lock) {
            return Set.copyOf(stalled);
        }
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        boolean read = args.id != null && !args.id.isEmpty();
        double minutes = CreationTimes.minutes(args.type, args.name, args.inputs, read);
        List<String> gates = switch (CreationTimes.needs(args.type)) {
            case NOTHING -> List.of();
            case NODES -> nodeGroups;
            case NODES_AND_DNS -> concat(nodeGroups, dnsAddOns);
        };
        return cloud.newResourceAsync(args).thenCompose(answer -> schedule(args.type, args.name, minutes, gates, answer));
    }

    private CompletableFuture<ResourceResult> schedule(String type, String name, double minutes, List<String> gates, ResourceResult answer) {
        synchronized (lock) {
            asked.add(name);
            lastCall = System.nanoTime();
            try {
                if (minutes == 0) {
                    finished.put(name, now);
                    timings.put(name, new Timing(type, name, 0, now, now, now, List.of()));
                    return CompletableFuture.completedFuture(answer);
                }
                var pending = new Pending(type, name, minutes, now, gates, answer, new CompletableFuture<>());
                if (!release(pending)) {
                    gated.add(pending);
                }
                return pending.result();
            } finally {
                lock.notifyAll();
            }
        }
    }

    /** Queues {@code pending} if its gates are done; false if it still waits for one. Holds the lock. */
    private boolean release(Pending pending) {
        double ready = pending.start();
        for (String gate : pending.gates()) {
            Double end = finished.get(gate);
            if (end == null) {
                return false;
            }
            ready = Math.max(ready, end);
        }
        queue.add(new Due(ready + pending.minutes(), order++, pending, ready));
        return true;
    }

    /** Resources not asked for yet although everything they were seen waiting for is done. Holds the lock. */
    private List<String> expected() {
        var names = new ArrayList<String>();
        waitsFor.forEach((name, preds) -> {
            if (!asked.contains(name) && finished.keySet().containsAll(preds)) {
                names.add(name);
            }
        });
        return names;
    }

    private void runClock() {
        try {
            while (true) {
                var due = new ArrayList<Due>();
                synchronized (lock) {
                    while (!closed) {
                        List<String> expected = expected();
                        if (expected.isEmpty() && !queue.isEmpty()) {
                            break;
                        }
                        long idle = System.nanoTime() - lastCall;
                        if (!expected.isEmpty() && !queue.isEmpty() && idle >= stallNanos) {
                            stalled.addAll(expected);
                            break;
                        }
                        lock.wait(expected.isEmpty() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(stallNanos - idle)));
                    }
                    if (closed) {
                        return;
                    }
                    double time = queue.peek().time();
                    while (!queue.isEmpty() && queue.peek().time() <= time + 1e-9) {
                        due.add(queue.poll());
                    }
                    now = time;
                    for (Due d : due) {
                        Pending p = d.pending();
                        finished.put(p.name(), time);
                        timings.put(p.name(), new Timing(p.type(), p.name(), p.minutes(), p.start(), d.ready(), time, p.gates()));
                    }
                    for (Iterator<Pending> it = gated.iterator(); it.hasNext(); ) {
                        if (release(it.next())) {
                            it.remove();
                        }
                    }
                    lastCall = System.nanoTime();
                }
                // Outside the lock and off this thread: the SDK's work on each answer must not hold the clock.
                for (Due d : due) {
                    workers.execute(() -> d.pending().result().complete(d.pending().answer()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        return cloud.callAsync(args);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        workers.shutdown();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
