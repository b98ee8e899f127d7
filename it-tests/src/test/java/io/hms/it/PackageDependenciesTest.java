package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure of every module's main sources, read from the sources themselves (imports
 * and fully qualified names; comments are ignored): dependencies flow one way, protocol → verifier
 * → engine → actors, and no two {@code io.hms} packages depend on each other, directly or through
 * others. The Maven enforcer rule keeps Pekko out of the lower modules; this keeps their packages
 * in order.
 */
class PackageDependenciesTest {
    /** The modules in layering order: each may use only itself and the modules before it. */
    static final List<String> LAYERS = List.of("protocol", "verifier", "engine", "actors");

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+(io\\.hms[\\w.]*)\\s*;", Pattern.MULTILINE);
    /** A reference {@code io.hms.a.b.Type}: the package is the lower-case prefix before the type. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.hms((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z*])");

    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** One edge: {@code from} uses {@code to}, first seen in {@code file}. */
    record Use(String from, String to, Path file) {}

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("protocol")) ? here : here.getParent();
    }

    static Map<String, Map<String, Use>> scan(Map<String, String> moduleOfPackage) {
        Map<String, Map<String, Use>> uses = new TreeMap<>();
        for (String module : LAYERS) {
            try (Stream<Path> files = Files.walk(root().resolve(module).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
                    Matcher pkg = PACKAGE.matcher(text);
                    if (!pkg.find()) {
                        continue;
                    }
                    String from = pkg.group(1);
                    moduleOfPackage.put(from, module);
                    Map<String, Use> edges = uses.computeIfAbsent(from, k -> new TreeMap<>());
                    Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
                    while (ref.find()) {
                        String to = "io.hms" + ref.group(1);
                        if (!to.equals(from)) {
                            edges.putIfAbsent(to, new Use(from, to, root().relativize(file)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return uses;
    }

    @Test
    void shouldUseOnlyTheSameOrALowerModuleWhenReferencingAnotherPackage() {
        Map<String, String> moduleOf = new HashMap<>();
        Map<String, Map<String, Use>> uses = scan(moduleOf);

        List<String> violations = new ArrayList<>();
        uses.values()
                .forEach(edges -> edges.values().forEach(u -> {
                    String target = moduleOf.get(u.to());
                    if (target == null) {
                        violations.add(u.file() + " uses " + u.to() + ", which no module's main sources declare");
                    } else if (LAYERS.indexOf(target) > LAYERS.indexOf(moduleOf.get(u.from()))) {
                        violations.add(
                                u.file() + " (" + moduleOf.get(u.from()) + ") uses " + u.to() + " (" + target + ")");
                    }
                }));

        assertThat(moduleOf).as("packages found").hasSizeGreaterThan(20);
        assertThat(violations)
                .as("uses against protocol → verifier → engine → actors")
                .isEmpty();
    }

    @Test
    void shouldHaveNoCycleWhenFollowingPackageDependencies() {
        Map<String, Map<String, Use>> uses = scan(new HashMap<>());

        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(uses)) {
            if (component.size() > 1) {
                StringBuilder why = new StringBuilder("cycle " + component + ":");
                for (String p : component) {
                    uses.getOrDefault(p, Map.of()).values().stream()
                            .filter(u -> component.contains(u.to()))
                            .forEach(u -> why.append("\n  ")
                                    .append(u.from())
                                    .append(" → ")
                                    .append(u.to())
                                    .append(" (")
                                    .append(u.file())
                                    .append(')'));
                }
                cycles.add(why.toString());
            }
        }

        assertThat(cycles).isEmpty();
    }

    @Test
    void shouldFindACycleWhenTwoPackagesUseEachOther() {
        Map<String, Map<String, Use>> uses = Map.of(
                "a", Map.of("b", new Use("a", "b", Path.of("A.java"))),
                "b", Map.of("c", new Use("b", "c", Path.of("B.java"))),
                "c", Map.of("a", new Use("c", "a", Path.of("C.java")), "d", new Use("c", "d", Path.of("C.java"))));

        assertThat(stronglyConnected(uses)).filteredOn(c -> c.size() > 1).containsExactly(Set.of("a", "b", "c"));
    }

    /** Tarjan's strongly connected components, iteratively. */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, Use>> uses) {
        Set<String> nodes = new TreeSet<>(uses.keySet());
        uses.values().forEach(edges -> nodes.addAll(edges.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String start : nodes) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>(); // {node, iterator over its successors}
            visit(start, index, low, stack, onStack, work, uses);
            while (!work.isEmpty()) {
                Object[] top = work.peek();
                String v = (String) top[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> next = (java.util.Iterator<String>) top[1];
                if (next.hasNext()) {
                    String w = next.next();
                    if (!index.containsKey(w)) {
                        visit(w, index, low, stack, onStack, work, uses);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    out.add(component);
                }
            }
        }
        return out;
    }

    private static void visit(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            Deque<Object[]> work,
            Map<String, Map<String, Use>> uses) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        work.push(new Object[] {v, uses.getOrDefault(v, Map.of()).keySet().iterator()});
    }
}
